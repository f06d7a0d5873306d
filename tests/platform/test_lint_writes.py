"""The write-path lint (``make check``): the tree passes with its allowlist, and each
kind of write off the write path planted in a file is caught."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from salescrm.devtools.lint_writes import (
    AUDIT,
    EVENT,
    MIGRATION_IMPORT,
    OVERRIDES,
    UPDATE,
    VERSION,
    check,
    scan,
    scan_source,
)

SERVICE = "modules/widgets/service.py"


def _rules(path: str, source: str) -> list[str]:
    return [f.rule for f in scan_source(path, source)]


def test_the_tree_passes_with_its_allowlist() -> None:
    new, _stale = check(scan())
    assert new == [], "\n".join(map(str, new))
    done = subprocess.run([sys.executable, "-m", "salescrm.devtools.lint_writes"],
                          capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stdout + done.stderr


def test_bulk_writes_of_tenant_tables_are_caught() -> None:
    source = """
import sqlalchemy as sa
from sqlalchemy import delete, update
from salescrm.models import Account, Contact, ImportRun, Job

def move(ctx, obj, ids):
    ctx.session.execute(update(Account).where(Account.id.in_(ids)).values(name="x"))
    ctx.session.execute(sa.delete(Contact).where(Contact.id == ids[0]))
    table = Contact.__table__
    ctx.session.execute(update(table).values(name="y"))
    ctx.session.execute(delete(obj.model))
"""
    assert _rules(SERVICE, source) == [UPDATE] * 4
    # The same in the records layer is its business.
    assert _rules("platform/records/bulk.py", source) == []
    # Tables that are not tenant tables, bookkeeping, and look-alikes are not writes.
    harmless = """
from sqlalchemy import update
from salescrm.models import ImportRun, Job

def tidy(session, values, cache):
    session.execute(update(Job).values(status="done"))
    session.execute(update(ImportRun).values(status="done"))
    values.update({"a": 1})
    cache.delete("key")
"""
    assert _rules(SERVICE, harmless) == []


def test_version_bumps_outside_the_records_layer_are_caught() -> None:
    source = """
def bump(row, model):
    row.version += 1
    return {"version": model.version + 1}
"""
    assert _rules(SERVICE, source) == [VERSION, VERSION]
    assert _rules("platform/records/service.py", source) == []
    assert _rules("platform/definitions/base.py", source) == []


def test_override_lookups_are_caught_but_registrations_are_not() -> None:
    source = """
from salescrm.platform.records.api import WRITE_OVERRIDES
from salescrm.platform.records import api

WRITE_OVERRIDES["widgets"] = {"create": print}

def create(ctx, obj, body):
    service = WRITE_OVERRIDES.get(obj.api_name, {}).get("create")
    return api.WRITE_OVERRIDES["widgets"]
"""
    assert _rules(SERVICE, source) == [OVERRIDES, OVERRIDES]
    assert _rules("platform/records/api.py", source) == []


def test_calling_an_objects_write_hook_directly_is_caught() -> None:
    source = """
from salescrm.platform.records.behaviour import behaviour_for

def save(ctx, obj, record_id, body):
    if behaviour_for(obj).update is not None:  # asking is fine
        pass
    behaviour_for(obj).update(ctx, obj, record_id, body)
    hooks = behaviour_for(obj.api_name)
    hooks.delete(ctx, obj, record_id)
"""
    assert _rules(SERVICE, source) == [OVERRIDES, OVERRIDES]
    assert _rules("platform/records/service.py", source) == []


def test_migrations_importing_live_code_are_caught() -> None:
    source = """
import sqlalchemy as sa
import salescrm.db.types
from salescrm.db.types import JSONType

def upgrade():
    from salescrm.platform.dedupe.normalize import phone_key
"""
    path = "db/migrations/versions/2027_01_01_abc_widgets.py"
    assert _rules(path, source) == [MIGRATION_IMPORT] * 3
    # Migrations may rewrite rows (they are not the app's write path) …
    assert _rules(path, "from sqlalchemy import update\nupdate(t).values(version=t.c.version + 1)\n") == []
    # … and the rest of the app may import itself.
    assert _rules(SERVICE, "from salescrm.db.types import JSONType\n") == []


def test_the_allowlist_counts_occurrences_and_reports_lines_that_went(tmp_path: Path) -> None:
    planted = tmp_path / "modules" / "widgets"
    planted.mkdir(parents=True)
    (planted / "service.py").write_text("def a(row):\n    row.version += 1\n\n\n"
                                        "def b(row):\n    row.version += 1\n")
    findings = scan(tmp_path)
    assert [(f.path, f.line, f.rule) for f in findings] == [
        (SERVICE, 2, VERSION), (SERVICE, 6, VERSION)]
    once = [(SERVICE, VERSION, "row.version += 1", "planted")]
    new, stale = check(findings, once)
    assert [f.line for f in new] == [6]  # the second bump is new
    assert stale == []
    new, stale = check(findings, [*once, *once, (SERVICE, VERSION, "gone += 1", "fixed")])
    assert new == [] and stale == [(SERVICE, VERSION, "gone += 1")]


def test_audit_rows_and_record_events_off_the_pipeline_are_caught() -> None:
    source = """
from salescrm.models import AuditEntry
from salescrm.platform.audit import record_change
from salescrm.platform.jobs import emit_event

def act(ctx, obj, row):
    record_change(ctx, "update", "accounts", row.id, {})
    ctx.session.add(AuditEntry(tenant_id=ctx.tenant_id, action="x"))
    rows = AuditEntry.__table__
    emit_event(ctx.session, ctx.tenant_id, "accounts.updated", {"id": row.id})
    emit_event(ctx.session, ctx.tenant_id, f"{obj.api_name}.deleted", {"id": row.id})
    row.version = (row.version or 0) + 1
"""
    assert sorted(_rules(SERVICE, source)) == sorted([AUDIT] * 3 + [EVENT] * 2 + [VERSION])
    # The records layer writes them; business events and bookkeeping events are fine.
    assert _rules("platform/records/service.py", source) == []
    harmless = """
from salescrm.platform.jobs import emit_event

def act(ctx, row):
    emit_event(ctx.session, ctx.tenant_id, "opportunities.stage_changed", {"id": row.id})
    emit_event(ctx.session, ctx.tenant_id, "notifications.created", {"id": row.id})
    ctx.records.note_action(ctx, "merge", "accounts", row.id, {})
"""
    assert _rules(SERVICE, harmless) == []
