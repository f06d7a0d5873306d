"""Keeping the search index (``search_terms``) in step with the records.

Every flush of a session re-indexes the records it inserted or changed in a
searchable field, and drops the rows of records it deleted, whatever path wrote
them (the records pipeline, a domain service, a merge, the demo): the listener
sees the ORM's own changes. Writes that skip the ORM call ``index_values`` themselves
(the import's multi-row INSERT). A soft delete keeps the rows: the recycle bin is
searched too, and the records query drops deleted records.

What is indexed needs no tenant metadata: a built-in object's searchable fields are
fixed by its module; a custom object's record is indexed on every text value of its
``custom`` JSON, and the query asks only for the fields the caller may read.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import date, datetime
from typing import Any

from sqlalchemy import Table, delete, event, insert, inspect, select
from sqlalchemy.orm import Session

from salescrm.models import CustomRecord, SearchTerm
from salescrm.platform.metadata import FieldDef, ObjectDef, builtin_objects
from salescrm.platform.search.terms import grams_of, terms_of

# Amounts and flags are not text to search in; a date is searched as its ISO text
# (payments are found by the day they were paid).
NOT_SEARCHED = frozenset({"money", "number", "integer", "boolean", "multi_picklist", "json"})
BATCH = 1000
# The index is derived data, written in bulk (a bookkeeping table for the write lint).
TERMS: Table = SearchTerm.__table__  # type: ignore[assignment]


def searched_fields(obj: ObjectDef) -> list[FieldDef]:
    """The fields ``q`` looks in (before field permissions narrow them)."""
    return [f for f in obj.fields.values()
            if (f.searchable or f.api_name == obj.name_field)
            and (f.custom or f.type not in NOT_SEARCHED)]


def _text(value: Any) -> str | None:
    if value is None or isinstance(value, (bool, list, dict)):
        return None
    if isinstance(value, (datetime, date)):
        return value.isoformat()
    text = value if isinstance(value, str) else str(value)
    return text if text.strip() else None


# --- what a record is indexed on ---------------------------------------------------
_builtin: dict[type, tuple[str, tuple[str, ...]]] = {}
_builtin_count = -1


def _builtin_fields() -> dict[type, tuple[str, tuple[str, ...]]]:
    """Model class → (object, built-in searched fields), from the registry."""
    global _builtin_count
    objects = builtin_objects()
    if len(objects) != _builtin_count:
        _builtin.clear()
        for obj in objects.values():
            names = tuple(f.api_name for f in searched_fields(obj) if not f.custom)
            if names and obj.record_filter is None:
                _builtin[obj.model] = (obj.api_name, names)
        _builtin_count = len(objects)
    return _builtin


def _indexed(row: Any) -> tuple[str, dict[str, Any], tuple[str, ...]] | None:
    """(object, field → value, the attributes whose change re-indexes) of an ORM row."""
    if isinstance(row, CustomRecord):
        return row.object, dict(row.custom or {}), ("custom",)
    found = _builtin_fields().get(type(row))
    if found is None:
        return None
    name, fields = found
    return name, {f: getattr(row, f) for f in fields}, fields


def index_values(session: Session, obj: ObjectDef, records: Iterable[tuple[str, str, Any]]
                 ) -> None:
    """Index new records written without the ORM: ``(tenant_id, id, row)`` where ``row``
    holds the built-in columns as attributes and the custom values in ``row.custom``."""
    names = tuple(f.api_name for f in searched_fields(obj) if not f.custom)
    entries = []
    for tenant_id, record_id, row in records:
        values = (dict(row.custom or {}) if obj.custom
                  else {f: getattr(row, f, None) for f in names})
        entries.append((tenant_id, obj.api_name, record_id, values))
    _write(session, entries, replace=False)


def _rows(entries: list[tuple[str, str, str, dict[str, Any]]]) -> list[dict[str, Any]]:
    out = []
    for tenant_id, name, record_id, values in entries:
        for field, value in values.items():
            text = _text(value)
            if text is None:
                continue
            terms = terms_of(text)
            out.append({"tenant_id": tenant_id, "object": name, "record_id": record_id,
                        "field": field, "terms": terms, "grams": grams_of(terms)})
    return out


def _write(session: Session, entries: list[tuple[str, str, str, dict[str, Any]]],
           replace: bool) -> None:
    conn = session.connection()
    for start in range(0, len(entries), BATCH):
        batch = entries[start:start + BATCH]
        if replace:
            _drop(conn, [(name, record_id) for _t, name, record_id, _v in batch])
        rows = _rows(batch)
        if rows:
            conn.execute(insert(TERMS), rows)


def _drop(conn: Any, records: list[tuple[str, str]]) -> None:
    by_object: dict[str, list[str]] = {}
    for name, record_id in records:
        by_object.setdefault(name, []).append(record_id)
    for name, ids in by_object.items():
        conn.execute(delete(TERMS).where(TERMS.c.record_id.in_(ids), TERMS.c.object == name))


# --- the listener ------------------------------------------------------------------
def _changed(row: Any, attrs: tuple[str, ...]) -> bool:
    state = inspect(row)
    return any(state.attrs[a].history.has_changes() for a in attrs)


def _after_flush(session: Session, _flush_context: Any) -> None:
    entries: list[tuple[str, str, str, dict[str, Any]]] = []
    gone: list[tuple[str, str]] = []
    for row in session.new:
        found = _indexed(row)
        if found is not None:
            entries.append((row.tenant_id, found[0], row.id, found[1]))
    for row in session.dirty:
        found = _indexed(row)
        if found is not None and _changed(row, found[2]):
            entries.append((row.tenant_id, found[0], row.id, found[1]))
    for row in session.deleted:
        found = _indexed(row)
        if found is not None:
            gone.append((found[0], row.id))
    if gone:
        _drop(session.connection(), gone)
    if entries:
        _write(session, entries, replace=True)


event.listen(Session, "after_flush", _after_flush)


# --- rebuilding --------------------------------------------------------------------
def reindex(session: Session, objects: Iterable[ObjectDef],
            progress: Callable[[str, int], None] | None = None) -> int:
    """Rebuild the index of ``objects`` in the session's tenant (all tenants when the
    session has none), a thousand records at a time; the number of records read.
    Rows are read as plain columns, so the session's identity map stays small."""
    done = 0
    tenant_id = session.info.get("tenant_id")
    for obj in objects:
        names = tuple(f.api_name for f in searched_fields(obj) if not f.custom)
        if not obj.custom and not names:
            continue
        model = obj.model
        columns = [model.custom] if obj.custom else [getattr(model, n) for n in names]
        stmt = select(model.tenant_id, model.id, *columns).execution_options(yield_per=BATCH)
        if obj.record_filter:
            stmt = stmt.where(getattr(model, obj.record_filter[0]) == obj.record_filter[1])
        wipe = delete(TERMS).where(TERMS.c.object == obj.api_name)
        if tenant_id is not None:
            wipe = wipe.where(TERMS.c.tenant_id == tenant_id)
        session.connection().execute(wipe)
        for rows in session.execute(stmt).partitions():
            entries = [(r[0], obj.api_name, r[1],
                        dict(r[2] or {}) if obj.custom else dict(zip(names, r[2:], strict=True)))
                       for r in rows]
            _write(session, entries, replace=False)
            done += len(rows)
            if progress is not None:
                progress(obj.api_name, done)
    return done
