"""One batch of rows: parse, match upsert keys and source ids, resolve lookups,
validate, check duplicates, write. Bad rows are reported, never half-written.

Rows of objects without a create service are inserted together (one flush):
each is validated by the records layer's ``validate``, passes the duplicate check
and the pre-write checks, and gets its audit row and ``<object>.created`` event,
as ``create_record`` would do one at a time. If the database still refuses the
flush, the batch is retried row by row, each in a savepoint, so only the
offending row fails. Updates and rows of objects with their own create service
go through the service, one savepoint per row.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Any

from sqlalchemy import select
from sqlalchemy.exc import DBAPIError

from salescrm.models import ImportRun
from salescrm.platform.dedupe import spec_for
from salescrm.platform.dedupe.service import blocking_fields, existing_keys
from salescrm.platform.errors import FieldError, ProblemError, validation_error
from salescrm.platform.imports import links, natural
from salescrm.platform.imports.adapters import adapter_for, history_file
from salescrm.platform.imports.choices import apply_choices
from salescrm.platform.imports.earlier import EarlierRows
from salescrm.platform.imports.extras import extras_for, strip_extras
from salescrm.platform.imports.files import Row
from salescrm.platform.imports.mapping import EXTERNAL_ID, Plan
from salescrm.platform.imports.rows import ParsedRow, RowError, _cell, parse_row
from salescrm.platform.imports.templates import BY_NAME
from salescrm.platform.imports.writer import RecordWriter
from salescrm.platform.metadata import FieldDef, ObjectDef
from salescrm.platform.records import service as records
from salescrm.platform.records.behaviour import behaviour_for
from salescrm.platform.records.bulk import created_in_bulk
from salescrm.platform.records.query import column as field_column
from salescrm.platform.records.values import ValueInvalid, coerce
from salescrm.platform.tenancy import Context


@dataclass
class RowOutcome:
    line: int
    cells: list[str]
    action: str  # created | updated | unchanged | failed
    errors: list[RowError] = field(default_factory=list)


def labels(f: FieldDef | ObjectDef) -> dict[str, str]:
    """Both languages: the report is read later, maybe in the other one."""
    return {"en": f.label_en, "zh-CN": f.label_zh}


def problem_errors(exc: ProblemError) -> list[RowError]:
    """A records-layer 4xx as row errors (already worded in the uploader's language)."""
    out = [RowError(str(e.get("field") or ""), str(e.get("code") or exc.code),
                    {"_message": e.get("message")}) for e in exc.errors]
    return out or [RowError("", exc.code, {"_message": exc.detail})]


def db_errors(exc: DBAPIError) -> list[RowError]:
    reason = str(getattr(exc, "orig", exc)).strip().splitlines()[0][:200]
    return [RowError("", "import.row_rejected", {"reason": reason})]


class Batch:
    """Processes batches of one import; remembers what earlier batches saw."""

    def __init__(self, ctx: Context, obj: ObjectDef, plan: Plan, imp: ImportRun) -> None:
        self.ctx, self.obj, self.plan = ctx, obj, plan
        self.mode, self.key, self.system = imp.mode, imp.key, imp.system
        self.dry_run = imp.dry_run
        self.template = BY_NAME.get(imp.template or "")
        # Row by row through records.create when the object's behaviour has its own create.
        self.create_service = records.create if behaviour_for(obj).create else None
        self.update_service = records.update
        self.adapter = adapter_for(obj.api_name, self.create_service is not None)
        self.params = {"allow_duplicate": "true"} if imp.allow_duplicates else {}
        if (imp.mapping or {}).get("migration"):
            self.params["migration"] = "true"  # the service writes the history as given
            if self.create_service is not None:
                self.adapter = None  # … row by row: adapters write records as of now
        self.writer = RecordWriter(ctx, obj, self.adapter) if self.adapter else None
        self.history_file = history_file(
            obj.api_name, str((imp.mapping or {}).get("kind") or "records"))
        self.lookups = {name: obj.fields[name] for name in plan.targets
                        if name in obj.fields and obj.fields[name].type == "lookup"
                        and obj.fields[name].target and name != "id"}
        self.earlier = EarlierRows(obj, self.lookups)
        self.known_links = links.KnownLinks(obj.api_name)
        self.extras = extras_for(obj.api_name)
        # Users created with a generated first password: {"row","name","email","password"}.
        self.first_passwords: list[dict[str, Any]] = []
        self.natural = natural.NaturalKeys(ctx, obj)
        # Lookups are checked a batch at a time here, so validate must not re-query them.
        self.relaxed = replace(obj, fields={
            name: replace(f, required=False) if name in self.lookups else f
            for name, f in obj.fields.items()})
        self.spec = spec = spec_for(obj.api_name)
        self.dedupe = spec if spec and not imp.allow_duplicates else None
        self.blocking = blocking_fields(ctx, self.dedupe) if self.dedupe else ()
        self.unique_fields = [f.api_name for f in obj.fields.values() if f.custom and f.unique]
        self.seen_keys: dict[tuple[str, str], int] = {}
        self.seen_external: dict[str, int] = {}
        self.seen_upsert: dict[Any, int] = {}
        self.stale_external: set[str] = set()
        self.hidden_external: set[str] = set()
        self.versions: dict[str, int] = {}

    # --- the batch ---------------------------------------------------------------
    def process(self, raw_rows: list[Row]) -> list[RowOutcome]:
        if self.history_file is not None:
            return self._history_rows(raw_rows)
        parsed = [parse_row(self.obj, self.plan, self.template, self.system, r.line, r.cells)
                  for r in raw_rows]
        if not self.dry_run:
            return self._segments(parsed)
        savepoint = self.ctx.session.begin_nested()
        try:
            return self._segments(parsed)
        finally:
            savepoint.rollback()

    def _history_rows(self, raw_rows: list[Row]) -> list[RowOutcome]:
        """A file of history rows: handed to the object's writer, each row's cells by
        target; its rows add to records, so each written row counts as updated."""
        assert self.history_file is not None
        rows = [(r.line, {t: _cell(r.cells, cols) for t, cols in self.plan.targets.items()})
                for r in raw_rows]
        savepoint = self.ctx.session.begin_nested()
        try:
            failed = self.history_file.write(self.ctx, rows, self.system)
        finally:
            if self.dry_run:
                savepoint.rollback()
            else:
                savepoint.commit()
        return [RowOutcome(r.line, r.cells, "failed" if r.line in failed else "updated",
                           list(failed.get(r.line, []))) for r in raw_rows]

    def _segments(self, parsed: list[ParsedRow]) -> list[RowOutcome]:
        """Resolve and write the batch a segment at a time (see ``earlier.py``)."""
        outcomes: list[RowOutcome] = []
        for segment in self.earlier.segments(parsed, self._candidates):
            if self.mode == "upsert":
                self._match_keys(segment)
            if EXTERNAL_ID in self.plan.targets and self.system:
                self._check_external_ids(segment)
            if self.natural.field and self.natural.field in self.obj.fields:
                self.natural.check(segment, labels(self.obj.fields[self.natural.field]))
            self._resolve_lookups(segment)
            apply_choices(self.ctx, self.obj.api_name, segment)
            if self.extras.prepare:
                self.extras.prepare(self.ctx, segment)
            done = self._write(segment)
            outcomes.extend(done)
            if self.dry_run:
                failed = {o.line for o in done if o.action == "failed"}
                self.earlier.remember([r for r in segment if r.line not in failed])
        return sorted(outcomes, key=lambda o: o.line)

    def _write(self, parsed: list[ParsedRow]) -> list[RowOutcome]:
        outcomes = [RowOutcome(r.line, r.cells, "failed", r.errors + self._other_errors(r))
                    for r in parsed if r.errors]
        updates = [r for r in parsed if not r.errors and r.existing_id]
        inserts = [r for r in parsed if not r.errors and not r.existing_id]
        outcomes.extend(self._update(r) for r in updates)
        if self.adapter is None:
            outcomes.extend(self._create_through_service(r) for r in inserts)
        else:
            outcomes.extend(self._insert_together(inserts))
        return sorted(outcomes, key=lambda o: o.line)

    # --- matching ----------------------------------------------------------------
    def _match_keys(self, parsed: list[ParsedRow]) -> None:
        """Upsert: find the record each row updates (none → the row is inserted)."""
        key = self.key or ""
        wanted: list[tuple[ParsedRow, Any]] = []
        for row in parsed:
            value = self._key_value(row)
            if value is None:
                continue
            if value in self.seen_upsert:
                row.errors.append(RowError(key, "import.key_in_file",
                                           {"row": self.seen_upsert[value]}))
                continue
            self.seen_upsert[value] = row.line
            wanted.append((row, value))
        if key == EXTERNAL_ID:
            found = self._live_external(v for _r, v in wanted)
        else:
            found = self._records_by_key(key, [v for _r, v in wanted])
        for row, value in wanted:
            ids = found.get(value, [])
            if len(ids) > 1:
                row.errors.append(RowError(key, "import.key_ambiguous", {"value": str(value)}))
            elif ids:
                row.existing_id = ids[0]
            elif key == "id":
                row.errors.append(RowError(key, "import.id_not_found", {"value": str(value)}))
        matched = [r.existing_id for r, _v in wanted if r.existing_id]
        if matched:
            self.versions.update(self.ctx.session.execute(
                select(self.obj.model.id, self.obj.model.version).where(
                    self.obj.model.id.in_(matched))).all())

    def _key_value(self, row: ParsedRow) -> Any:
        key = self.key or ""
        if key == EXTERNAL_ID:
            return row.external_id
        raw = row.body.pop(key, None) if key == "id" else row.body.get(key)
        if raw in (None, ""):
            return None
        try:
            value = coerce(self.obj.fields[key], raw)
        except ValueInvalid as exc:
            row.errors.append(RowError(key, exc.key, exc.params))
            return None
        return natural.folded(value) if key == self.natural.field else value

    def _records_by_key(self, key: str, values: list[Any]) -> dict[Any, list[str | None]]:
        if not values:
            return {}
        col = natural.column(self.obj, key) if key == self.natural.field else (
            field_column(self.obj, self.obj.fields[key]))
        found: dict[Any, list[str | None]] = {}
        for start in range(0, len(values), links.IN_CHUNK):
            part = values[start:start + links.IN_CHUNK]
            rows = self.ctx.session.execute(select(self.obj.model.id, col).where(
                col.in_(part), *records.base_criteria(self.ctx, self.obj)))
            for rid, value in rows:
                found.setdefault(value, []).append(rid)
        return found

    def _live_external(self, external_ids: Any) -> dict[Any, list[str | None]]:
        """Source id → [record id] when visible. Links to deleted records are stale:
        the row is imported afresh. A record alive but outside the caller's scope is
        answered like a missing one (no telling that it exists): the row is imported
        afresh too, and the source id keeps naming the record it named."""
        linked = links.external_records(self.ctx, self.obj.api_name, self.system or "",
                                        external_ids)
        model = self.obj.model
        alive = set(self.ctx.session.scalars(select(model.id).where(
            model.id.in_(list(linked.values())), model.deleted_at.is_(None)))) if linked else set()
        visible = links.visible_ids(self.ctx, self.obj, alive)
        out: dict[Any, list[str | None]] = {}
        for ext, rid in linked.items():
            if rid in visible:
                out[ext] = [rid]
            elif rid in alive:
                self.hidden_external.add(ext)
            else:
                self.stale_external.add(ext)
        return out

    def _check_external_ids(self, parsed: list[ParsedRow]) -> None:
        """A source id is imported once: again in the file, or before, is an error
        (unless it is the upsert key, matched above)."""
        by_key = self.key == EXTERNAL_ID and self.mode == "upsert"
        rows = [r for r in parsed if r.external_id and not r.errors]
        if not by_key:
            known = self._live_external(r.external_id for r in rows)
        for row in rows:
            ext = row.external_id or ""
            if not by_key:
                if ext in self.seen_external:
                    row.errors.append(RowError(EXTERNAL_ID, "import.external_id_in_file",
                                               {"row": self.seen_external[ext]}))
                    continue
                if ext in known and known[ext] != [row.existing_id]:
                    row.errors.append(RowError(EXTERNAL_ID, "import.already_imported",
                                               {"external_id": ext}))
                    continue
            self.seen_external[ext] = row.line

    def _resolve_lookups(self, parsed: list[ParsedRow]) -> None:
        """Each lookup cell names a record by id, source id or name; when several
        columns feed one lookup (an id and a name), the first that resolves wins."""
        for name, f in self.lookups.items():
            raw = {v for r in parsed for v in self._candidates(r, name)}
            if not raw:
                continue
            target = self.ctx.object(f.target or "")
            found = self.known_links.resolve(self.ctx, target, self.system, raw)
            for row in parsed:
                candidates = self._candidates(row, name)
                if not candidates:
                    continue
                match = next((found[c] for c in candidates if found.get(c)), None)
                if match:
                    row.body[name] = match
                    continue
                if self.dry_run and name in self.earlier.fields and any(
                        self.earlier.known(c) for c in candidates):
                    row.body.pop(name)  # a row of an earlier, rolled-back batch
                    continue
                value = candidates[0]
                code = "import.lookup_ambiguous" if value in found else "import.lookup_not_found"
                row.errors.append(RowError(name, code, {"value": value[:100],
                                                        "target": labels(target)}))

    @staticmethod
    def _candidates(row: ParsedRow, name: str) -> list[str]:
        first = row.body.get(name)
        if not isinstance(first, str):
            return []
        return [first, *row.alternatives.get(name, [])]

    def _other_errors(self, row: ParsedRow) -> list[RowError]:
        """A row that already fails (a lookup, a date) is checked all the same, so the
        user fixes every cell of it at once, not one error per attempt."""
        reported = {e.field for e in row.errors}
        body = {k: v for k, v in strip_extras(self.obj.api_name, row.body).items()
                if k not in self.lookups and k not in reported and k != "id"}
        try:
            records.validate(self.ctx, self.relaxed, body, creating=not row.existing_id)
        except ProblemError as exc:
            # Objects with a create service fill some required fields themselves.
            return [e for e in problem_errors(exc) if e.field not in reported
                    and (self.adapter is not None or e.field in body)]
        return []

    # --- writing -----------------------------------------------------------------
    def _validate(self, row: ParsedRow) -> dict[str, Any]:
        body = dict(row.body)
        resolved = {n: body.pop(n) for n in list(body) if n in self.lookups}
        values = records.validate(self.ctx, self.relaxed, body, creating=True)
        missing = [n for n, f in self.lookups.items() if f.required and not resolved.get(n)]
        if missing:
            raise validation_error([FieldError(n, "field.required") for n in missing])
        values.update(resolved)
        return values

    def _insert_together(self, rows: list[ParsedRow]) -> list[RowOutcome]:
        assert self.writer is not None
        outcomes: list[RowOutcome] = []
        valid: list[tuple[ParsedRow, dict[str, Any]]] = []
        for row in rows:
            try:
                valid.append((row, self._validate(row)))
            except ProblemError as exc:
                outcomes.append(RowOutcome(row.line, row.cells, "failed", problem_errors(exc)))
        built: list[tuple[ParsedRow, Any, dict[str, Any]]] = []
        for row, values, keys in self._without_duplicates(valid, outcomes):
            try:
                record, changes = self.writer.build(values, keys)
            except ProblemError as exc:
                outcomes.append(RowOutcome(row.line, row.cells, "failed", problem_errors(exc)))
                continue
            built.append((row, record, changes))
        try:
            with self.ctx.session.begin_nested():
                self.writer.insert([record for _r, record, _c in built])
            done = built
        except DBAPIError:  # a constraint the checks did not foresee: find the row
            done = self._insert_one_by_one(built, outcomes)
        self._after_insert(done)
        outcomes.extend(RowOutcome(r.line, r.cells, "created") for r, _o, _c in done)
        return outcomes

    def _insert_one_by_one(self, built: list[tuple[ParsedRow, Any, dict[str, Any]]],
                           outcomes: list[RowOutcome]) -> list[tuple[ParsedRow, Any, dict[str, Any]]]:
        assert self.writer is not None
        done = []
        for row, _record, _changes in built:
            try:
                with self.ctx.session.begin_nested():
                    record, changes = self.writer.build(self._validate(row))
                    self.writer.insert([record])
                done.append((row, record, changes))
            except ProblemError as exc:
                outcomes.append(RowOutcome(row.line, row.cells, "failed", problem_errors(exc)))
            except DBAPIError as exc:
                outcomes.append(RowOutcome(row.line, row.cells, "failed", db_errors(exc)))
        return done

    def _after_insert(self, done: list[tuple[ParsedRow, Any, dict[str, Any]]]) -> None:
        ctx, name = self.ctx, self.obj.api_name
        created_in_bulk(ctx, name, [(o.id, c) for _r, o, c in done])
        self._remember([(r.external_id, o.id) for r, o, _c in done if r.external_id])
        if self.adapter and self.adapter.after_flush and done:
            self.adapter.after_flush(ctx, self.obj, [o for _r, o, _c in done])

    def _remember(self, pairs: list[tuple[str | None, str]]) -> None:
        pairs_ = [(ext, rid) for ext, rid in pairs if ext and ext not in self.hidden_external]
        if not pairs_ or not self.system:
            return
        stale = [ext for ext, _rid in pairs_ if ext in self.stale_external]
        if stale:
            links.forget_records(self.ctx, self.obj.api_name, self.system, stale)
        links.remember(self.ctx, self.obj.api_name, self.system, pairs_)

    def _without_duplicates(self, valid: list[tuple[ParsedRow, dict[str, Any]]],
                            outcomes: list[RowOutcome]
                            ) -> list[tuple[ParsedRow, dict[str, Any], dict[str, Any]]]:
        """The duplicate check (查重) on the tenant's blocking fields, against live
        records (visible or not, as on create) and against earlier rows of the file;
        unique custom fields against earlier rows (the pre-write check sees the rest)."""
        all_keys = [self.spec.keys(values) if self.spec else {} for _row, values in valid]
        if not self.blocking and not self.unique_fields:
            return [(row, values, keys) for (row, values), keys in zip(valid, all_keys,
                                                                        strict=True)]
        keyed = [(row, values, keys, self._blocking_keys(values, keys))
                 for (row, values), keys in zip(valid, all_keys, strict=True)]
        existing = {f: existing_keys(self.ctx, self.obj.api_name, f,
                                     [keys[f] for _r, _v, _a, keys in keyed if f in keys])
                    for f in self.blocking}
        kept = []
        for row, values, spec_keys, keys in keyed:
            errors = []
            for f, key in keys.items():
                label = labels(self.obj.fields[f])
                if key in existing.get(f, {}):
                    errors.append(RowError(f, "import.duplicate_existing", {"field": label}))
                elif (f, key) in self.seen_keys:
                    errors.append(RowError(f, "import.duplicate_in_file",
                                           {"field": label, "row": self.seen_keys[(f, key)]}))
            if errors:
                outcomes.append(RowOutcome(row.line, row.cells, "failed", errors))
                continue
            for f, key in keys.items():
                self.seen_keys[(f, key)] = row.line
            kept.append((row, values, spec_keys))
        return kept

    def _blocking_keys(self, values: dict[str, Any], spec_keys: dict[str, Any]
                       ) -> dict[str, Any]:
        keys = {f: k for f, k in spec_keys.items() if f in self.blocking and k}
        for f in self.unique_fields:
            if values.get(f) is not None:
                keys[f] = str(values[f]).strip().casefold()
        return keys

    def _create_through_service(self, row: ParsedRow) -> RowOutcome:
        """Objects with their own create service (opportunities, orders …): one row at a
        time through it, in a savepoint, so the domain rules apply unchanged."""
        assert self.create_service is not None
        try:
            with self.ctx.session.begin_nested():
                created = self.create_service(self.ctx, self.obj, dict(row.body), self.params)
                self.ctx.session.flush()
        except ProblemError as exc:
            return RowOutcome(row.line, row.cells, "failed", problem_errors(exc))
        except DBAPIError as exc:
            return RowOutcome(row.line, row.cells, "failed", db_errors(exc))
        self._remember([(row.external_id, created.id)])
        secret = self.extras.first_password
        if secret and row.body.get(secret) and not self.dry_run:
            self.first_passwords.append({
                "row": row.line, "name": row.body.get(self.obj.name_field),
                "email": getattr(created, "email", None), "password": row.body[secret]})
        return RowOutcome(row.line, row.cells, "created")

    def _update(self, row: ParsedRow) -> RowOutcome:
        record_id = row.existing_id or ""
        body = {k: v for k, v in row.body.items() if k != "id"}
        body["version"] = self.versions.get(record_id, 0)
        beyond = self.extras.changes_beyond_fields
        changes_beyond = bool(beyond and beyond(self.ctx, record_id, body))
        try:
            with self.ctx.session.begin_nested():
                saved = self.update_service(self.ctx, self.obj, record_id, body)
                self.ctx.session.flush()
        except ProblemError as exc:
            return RowOutcome(row.line, row.cells, "failed", problem_errors(exc))
        except DBAPIError as exc:
            return RowOutcome(row.line, row.cells, "failed", db_errors(exc))
        if row.external_id and self.key != EXTERNAL_ID:
            self._remember_if_new(row.external_id, record_id)
        # A write that changes nothing leaves the version alone: the row was a no-op.
        same = getattr(saved, "version", None) == body["version"] and not changes_beyond
        return RowOutcome(row.line, row.cells, "unchanged" if same else "updated")

    def _remember_if_new(self, external_id: str, record_id: str) -> None:
        known = links.external_records(self.ctx, self.obj.api_name, self.system or "",
                                       [external_id])
        if external_id not in known:
            self._remember([(external_id, record_id)])
