"""Keep writes on the one write path (issue 12): ``python -m salescrm.devtools.lint_writes``.

Fails (exit 1) on, anywhere in src/salescrm outside the records layer:

- ``update(X)``/``delete(X)`` (SQLAlchemy statements) of a tenant table: a bulk write
  skips the version, the audit row and the event, and a Core statement on a table
  skips the tenant filter too. Tables that are bookkeeping rather than records are in
  ``BOOKKEEPING``; a table the lint cannot name (``update(obj.model)``) counts as a
  tenant table.
- ``version += 1`` / ``version + 1``: only the records layer (and the definitions base)
  bumps a version.
- picking an object's write hook yourself: calling ``behaviour_for(x).create/update/
  delete/restore(…)`` (or reading the old ``WRITE_OVERRIDES`` registry): "the object's
  own service, else the generic function" is the records layer's decision
  (``records.create/update/…``), not each caller's. Asking whether a hook exists
  (``behaviour_for(x).create is not None``) and registering are not calls.
- ``import salescrm…`` in a migration: a migration is frozen, the live code is not.
- an audit row written outside the records layer (``record_change(…)``,
  ``AuditEntry(…)``, ``AuditEntry.__table__``): an action on a record that is not a
  field write goes through ``records.note_action``.
- a record event emitted outside the records layer (``emit_event(…,
  "<object>.created|updated|deleted|restored", …)``): those are the pipeline's.

Violations that existed when the lint was written are listed in ``ALLOWED`` (file, rule,
the line's code) with a reason; the list only shrinks. A listed line that is gone is
reported so its entry can be removed (``--strict`` fails on it).
"""

from __future__ import annotations

import ast
import sys
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

SRC = Path(__file__).resolve().parents[1]  # src/salescrm
RECORDS_LAYER = ("platform/records/",)
# Another change is building the shared base of definition objects (list/get/create/
# update/delete with version, audit and event): it is part of the write path.
VERSION_OWNERS = (*RECORDS_LAYER, "platform/definitions/")
MIGRATIONS = "db/migrations/versions/"

# Tables whose rows are bookkeeping, not records with versions, audit and events: bulk
# writes to them are how they are kept.
BOOKKEEPING = {
    "jobs": "the job queue (claims, leases, retries)",
    "job_schedules": "the job scheduler's next-run times",
    "auth_tokens": "sign-in tokens (revocation, last use)",
    "login_attempts": "sign-in throttling",
    "password_resets": "one-time reset links (a newer link ends the older ones)",
    "imports": "an import run's progress and counters",
    "import_file_chunks": "an uploaded file's chunks, dropped when the import ends",
    "import_errors": "an import run's row errors",
    "import_mappings": "saved column mappings of imports",
    "external_ids": "import keys of records, rewritten by re-imports",
    "webhook_deliveries": "a webhook's delivery attempts",
    "automation_runs": "an automation rule's run log",
    "notifications": "a user's in-app notifications (read marks, purge)",
    "follower_notices": "notices queued for followers of a record",
    "forecast_stage_rates": "a cache of stage win rates, recomputed",
    "opportunity_stage_history": "derived stage paths of deals, recomputed in bulk",
    "number_sequences": "auto-number counters",
    "list_view_defaults": "a user's chosen default list view",
    "search_terms": "the search index, derived from the records and rebuilt from them",
}

UPDATE = "bulk-write"
VERSION = "version-bump"
OVERRIDES = "override-lookup"
MIGRATION_IMPORT = "migration-import"
AUDIT = "audit-row"
EVENT = "record-event"
RULES = {
    UPDATE: "update()/delete() of a tenant table outside the records layer",
    VERSION: "a version bumped outside the records layer",
    OVERRIDES: "an object's write hook picked outside the records layer",
    MIGRATION_IMPORT: "a migration imports live code (freeze what it needs)",
    AUDIT: "an audit row written outside the records layer",
    EVENT: "a record event emitted outside the records layer",
}
# The audit package defines record_change; the definitions base audits definitions.
AUDIT_OWNERS = (*VERSION_OWNERS, "platform/audit/")
RECORD_EVENTS = (".created", ".updated", ".deleted", ".restored")

# Violations on main when the lint was written, one entry per occurrence: (file under
# src/salescrm, rule, the line's code stripped, why it is still there). Remove an entry
# when its line goes; never add one for new code.
ALLOWED: list[tuple[str, str, str, str]] = [
    ('demo/base.py', 'bulk-write',
     'self.session.execute(update(table).where(table.c.id == bindparam("rid")).values(',
     'the demo backdates its own fresh rows and their audit entries'),
    ('demo/base.py', 'bulk-write',
     'self.session.execute(update(audit).where(',
     'the demo backdates its own fresh rows and their audit entries'),
    ('demo/base.py', 'audit-row',
     'audit: Any = AuditEntry.__table__',
     'the demo backdates its own fresh rows and their audit entries'),
    ('modules/activities/service.py', 'bulk-write',
     'ctx.session.execute(update(model).where(model.id == record_id,',
     'last_activity_at is kept by the system, not edited (no version/event)'),
    ('modules/orders/service.py', 'bulk-write',
     'ctx.session.execute(delete(OrderLine).where(OrderLine.order_id == order.id)',
     "an order's lines are rewritten with the order (no versions of their own)"),
    ('platform/approvals/engine.py', 'bulk-write',
     'update(ApprovalTask).where(ApprovalTask.id == task.id, ApprovalTask.status == "pending")',
     "the approval engine's guarded compare-and-set of approval state"),
    ('platform/approvals/engine.py', 'bulk-write',
     'update(Approval).where(Approval.id == approval.id, Approval.status == "pending",',
     "the approval engine's guarded compare-and-set of approval state"),
    ('platform/approvals/engine.py', 'version-bump',
     '.values(status=status, step=new_step, version=approval.version + 1,',
     "the approval engine's guarded compare-and-set of approval state"),
    ('platform/approvals/engine.py', 'bulk-write',
     'update(ApprovalTask).where(ApprovalTask.approval_id == approval.id,',
     "the approval engine's guarded compare-and-set of approval state"),
    ('platform/customization/fields.py', 'bulk-write',
     'ctx.session.execute(delete(CustomField).where(CustomField.id == row.id))',
     'purging a field deleted 30+ days ago (its values stripped first)'),
    ('platform/customization/objects.py', 'bulk-write',
     'update(CustomRecord).where(CustomRecord.object == name)',
     "retitling a custom object's records when its title field changes"),
    ('platform/org/service.py', 'bulk-write',
     'ctx.session.execute(delete(UserRole).where(UserRole.user_id == user_id))',
     "a user's role links are rewritten with the user (link rows)"),
]


@dataclass(frozen=True)
class Finding:
    path: str  # relative to src/salescrm
    line: int
    rule: str
    code: str

    def key(self) -> tuple[str, str, str]:
        return (self.path, self.rule, self.code)

    def __str__(self) -> str:
        return f"src/salescrm/{self.path}:{self.line}: {self.rule} ({RULES[self.rule]}): {self.code}"


def _models() -> tuple[dict[str, str], set[str]]:
    """Model class name → table name, and the names of tenant tables."""
    import salescrm.models  # noqa: F401  (registers every table)
    from salescrm.db.base import Base, TenantMixin

    tables: dict[str, str] = {}
    tenant: set[str] = set()
    for mapper in Base.registry.mappers:
        cls = mapper.class_
        name = str(mapper.local_table.name)  # type: ignore[attr-defined]
        tables[cls.__name__] = name
        if issubclass(cls, TenantMixin):
            tenant.add(name)
    return tables, tenant


class _Scanner(ast.NodeVisitor):
    def __init__(self, path: str, lines: list[str], tables: dict[str, str],
                 tenant: set[str]) -> None:
        self.path, self.lines, self.tables, self.tenant = path, lines, tables, tenant
        self.findings: list[Finding] = []
        self.statement_names: set[str] = set()  # local names of sqlalchemy update/delete
        self.sa_modules: set[str] = set()  # local names of the sqlalchemy module
        self.aliases: dict[str, str] = {}  # H = OpportunityStageHistory
        self.registrations: set[int] = set()  # ids of WRITE_OVERRIDES[...] = … targets
        self.behaviours: set[str] = set()  # names bound to behaviour_for(…)

    def add(self, node: ast.AST, rule: str) -> None:
        line = getattr(node, "lineno", 1)
        self.findings.append(Finding(self.path, line, rule, self.lines[line - 1].strip()))

    # --- imports ----------------------------------------------------------------
    def visit_Import(self, node: ast.Import) -> None:
        for alias in node.names:
            if alias.name == "sqlalchemy":
                self.sa_modules.add(alias.asname or alias.name)
            if self.path.startswith(MIGRATIONS) and alias.name.split(".")[0] == "salescrm":
                self.add(node, MIGRATION_IMPORT)

    def visit_ImportFrom(self, node: ast.ImportFrom) -> None:
        module = node.module or ""
        if module in ("sqlalchemy", "sqlalchemy.sql", "sqlalchemy.sql.expression"):
            for alias in node.names:
                if alias.name in ("update", "delete"):
                    self.statement_names.add(alias.asname or alias.name)
        if self.path.startswith(MIGRATIONS) and module.split(".")[0] == "salescrm":
            self.add(node, MIGRATION_IMPORT)

    # --- update(X) / delete(X) ------------------------------------------------------
    def _alias(self, target: ast.expr, value: ast.expr | None) -> None:
        """``H = OpportunityStageHistory``, ``table: Table = AuthToken.__table__``."""
        if isinstance(value, ast.Attribute) and value.attr == "__table__":
            value = value.value
        if (isinstance(target, ast.Name) and isinstance(value, ast.Name)
                and value.id in self.tables):
            self.aliases[target.id] = value.id

    def visit_AnnAssign(self, node: ast.AnnAssign) -> None:
        self._alias(node.target, node.value)
        self.generic_visit(node)

    def visit_Assign(self, node: ast.Assign) -> None:
        for target in node.targets:
            self._alias(target, node.value)
            if isinstance(target, ast.Name) and _is_behaviour_for(node.value):
                self.behaviours.add(target.id)
            if isinstance(target, ast.Subscript) and _is_overrides(target.value):
                self.registrations.add(id(target.value))
        self.generic_visit(node)

    def _table_of(self, arg: ast.expr) -> str | None:
        """The table a statement writes, or None when it cannot be told statically."""
        if isinstance(arg, ast.Attribute) and arg.attr == "__table__":
            arg = arg.value
        if isinstance(arg, ast.Name):
            return self.tables.get(self.aliases.get(arg.id, arg.id))
        if (isinstance(arg, ast.Call) and isinstance(arg.func, ast.Attribute)
                and arg.func.attr == "table" and arg.args
                and isinstance(arg.args[0], ast.Constant) and isinstance(arg.args[0].value, str)):
            return arg.args[0].value  # sa.table("name", …)
        return None

    def _is_statement(self, func: ast.expr) -> bool:
        if isinstance(func, ast.Name):
            return func.id in self.statement_names
        return (isinstance(func, ast.Attribute) and func.attr in ("update", "delete")
                and isinstance(func.value, ast.Name) and func.value.id in self.sa_modules)

    def visit_Call(self, node: ast.Call) -> None:
        if (not self.path.startswith(MIGRATIONS) and self._is_statement(node.func)
                and node.args):
            table = self._table_of(node.args[0])
            if table is None or (table in self.tenant and table not in BOOKKEEPING):
                self.add(node, UPDATE)
        func = node.func
        name = func.id if isinstance(func, ast.Name) else (
            func.attr if isinstance(func, ast.Attribute) else None)
        if name in ("record_change", "AuditEntry"):
            self.add(node, AUDIT)
        if name == "emit_event" and len(node.args) >= 3 and _names_record_event(node.args[2]):
            self.add(node, EVENT)
        if (isinstance(func, ast.Attribute) and func.attr in WRITE_HOOKS
                and (_is_behaviour_for(func.value) or (isinstance(func.value, ast.Name)
                                                       and func.value.id in self.behaviours))):
            self.add(node, OVERRIDES)
        self.generic_visit(node)

    # --- version + 1 ----------------------------------------------------------------
    def visit_AugAssign(self, node: ast.AugAssign) -> None:
        if isinstance(node.op, ast.Add) and _is_version(node.target):
            self.add(node, VERSION)
        self.generic_visit(node)

    def visit_BinOp(self, node: ast.BinOp) -> None:
        if isinstance(node.op, ast.Add) and (_is_version(node.left) or _is_version(node.right)):
            self.add(node, VERSION)
        self.generic_visit(node)

    # --- WRITE_OVERRIDES ------------------------------------------------------------
    def visit_Name(self, node: ast.Name) -> None:
        if node.id == "WRITE_OVERRIDES" and id(node) not in self.registrations:
            self.add(node, OVERRIDES)

    def visit_Attribute(self, node: ast.Attribute) -> None:
        if node.attr == "WRITE_OVERRIDES" and id(node) not in self.registrations:
            self.add(node, OVERRIDES)
        if (node.attr == "__table__" and isinstance(node.value, ast.Name)
                and node.value.id == "AuditEntry"):
            self.add(node, AUDIT)
        self.generic_visit(node)


WRITE_HOOKS = ("create", "update", "delete", "restore")


def _is_behaviour_for(node: ast.expr | None) -> bool:
    return (isinstance(node, ast.Call)
            and ((isinstance(node.func, ast.Name) and node.func.id == "behaviour_for")
                 or (isinstance(node.func, ast.Attribute)
                     and node.func.attr == "behaviour_for")))


def _is_overrides(node: ast.expr) -> bool:
    return ((isinstance(node, ast.Name) and node.id == "WRITE_OVERRIDES")
            or (isinstance(node, ast.Attribute) and node.attr == "WRITE_OVERRIDES"))


def _is_version(node: ast.expr) -> bool:
    if isinstance(node, ast.BoolOp):  # (row.version or 0) + 1
        return any(_is_version(v) for v in node.values)
    return ((isinstance(node, ast.Attribute) and node.attr == "version")
            or (isinstance(node, ast.Name) and node.id == "version"))


def _names_record_event(node: ast.expr) -> bool:
    """``"accounts.updated"`` or ``f"{obj.api_name}.created"``."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        # A bookkeeping row's event (a notification for a user) is not a record's.
        return (node.value.endswith(RECORD_EVENTS)
                and node.value.split(".")[0] not in BOOKKEEPING)
    if isinstance(node, ast.JoinedStr) and node.values:
        last = node.values[-1]
        return (isinstance(last, ast.Constant) and isinstance(last.value, str)
                and last.value.endswith(RECORD_EVENTS))
    return False


def _skipped(path: str) -> list[str]:
    """The rules that do not apply to a file (its own layer's business)."""
    rules = []
    if path.startswith(RECORDS_LAYER):
        rules += [UPDATE, OVERRIDES]
    if path.startswith(VERSION_OWNERS):
        rules.append(VERSION)
    if path.startswith(MIGRATIONS):
        rules.append(VERSION)  # a migration may set versions of rows it rewrites
    if path.startswith(AUDIT_OWNERS) or path.startswith("models/"):
        rules.append(AUDIT)
    if path.startswith(VERSION_OWNERS):
        rules.append(EVENT)
    return rules


def scan_source(path: str, source: str, tables: dict[str, str] | None = None,
                tenant: set[str] | None = None) -> list[Finding]:
    """Findings in one file's source; ``path`` is relative to src/salescrm."""
    if tables is None or tenant is None:
        tables, tenant = _models()
    tree = ast.parse(source, filename=path)
    scanner = _Scanner(path, source.splitlines(), tables, tenant)
    # Imports and aliases first, so a use above a late import is still seen.
    for node in ast.walk(tree):
        if isinstance(node, ast.Import | ast.ImportFrom):
            scanner.visit(node)
    scanner.findings.clear()
    scanner.visit(tree)
    skipped = _skipped(path)
    return [f for f in scanner.findings if f.rule not in skipped]


def scan(root: Path = SRC) -> list[Finding]:
    tables, tenant = _models()
    findings: list[Finding] = []
    for file in sorted(root.rglob("*.py")):
        rel = file.relative_to(root).as_posix()
        if rel.startswith("devtools/"):
            continue
        findings.extend(scan_source(rel, file.read_text(encoding="utf-8"), tables, tenant))
    return findings


def check(findings: list[Finding], allowed: list[tuple[str, str, str, str]] | None = None
          ) -> tuple[list[Finding], list[tuple[str, str, str]]]:
    """(new violations, allowlist entries whose line is gone): a line listed n times may
    occur n times; the (n+1)th occurrence is new."""
    budget = Counter((path, rule, code) for path, rule, code, _ in
                     (ALLOWED if allowed is None else allowed))
    new = []
    for f in findings:
        if budget[f.key()] > 0:
            budget[f.key()] -= 1
        else:
            new.append(f)
    stale = [key for key, left in budget.items() for _ in range(left)]
    return new, stale


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    findings = scan()
    if "--all" in args:  # every finding, allowed or not (to write the allowlist)
        for f in findings:
            print(f)
        return 0
    new, stale = check(findings)
    for f in new:
        print(f)
    for path, rule, code in stale:
        print(f"allowed but gone (remove it from ALLOWED): src/salescrm/{path}: {rule}: {code}")
    if new:
        print(f"\n{len(new)} write(s) off the write path: go through platform/records "
              "(see src/salescrm/devtools/lint_writes.py).", file=sys.stderr)
        return 1
    return 1 if stale and "--strict" in args else 0


if __name__ == "__main__":
    sys.exit(main())
