"""Merge two accounts: everything that points at the duplicate moves to the survivor,
empty fields of the survivor are filled from the duplicate, the duplicate goes to the
recycle bin, and the audit log says so on both records and on every moved row.

Every row is written through the records layer (``save_changes``/``delete_record``):
each moved row gets its version bumped, an audit row and an ``<object>.updated``
event, the pre-write checks (approval locks, validation rules) see it, and it is read
through the ORM, so the session's tenant filter keeps other tenants' rows out even
when they point at the duplicate's id.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import ColumnElement, or_, select

from salescrm.db.base import Base
from salescrm.platform.errors import FieldError, ProblemError, validation_error
from salescrm.platform.jobs import emit_event
from salescrm.platform.metadata import FieldDef, ObjectDef, objects_for
from salescrm.platform.metadata.fields import SYSTEM_FIELDS
from salescrm.platform.records import service as records
from salescrm.platform.tenancy import Context

EMPTY: tuple[Any, ...] = (None, "", [])


def merge_accounts(ctx: Context, survivor_id: str, body: Any) -> Any:
    if not isinstance(body, dict):
        raise ProblemError(422, "error.body_not_object",
                           errors=[FieldError("body", "error.body_not_object")])
    obj = ctx.object("accounts")
    ctx.permissions.require(obj, "read")
    survivor = records.load_for_write(ctx, obj, survivor_id)
    ctx.permissions.require(obj, "update")
    duplicate_id = body.get("duplicate_id")
    if not isinstance(duplicate_id, str) or not duplicate_id or len(duplicate_id) > 64:
        raise validation_error([FieldError("duplicate_id", "field.required")])
    if duplicate_id == survivor_id:
        raise validation_error([FieldError("duplicate_id", "customers.merge_self")])
    try:
        duplicate = records.load_for_write(ctx, obj, duplicate_id)
    except ProblemError as exc:
        raise validation_error([FieldError("duplicate_id", "field.lookup",
                                           target=obj.label(ctx.locale))]) from exc
    ctx.permissions.require(obj, "delete")

    records.save_changes(ctx, obj, survivor, _fill_from(obj, survivor, duplicate),
                         action="merge")
    # The duplicate's follow-ups now belong to the survivor: so does its latest date.
    latest = [d for d in (survivor.last_activity_at, duplicate.last_activity_at) if d]
    survivor.last_activity_at = max(latest) if latest else None
    moved = move_account_references(ctx, duplicate.id, survivor.id)
    records.note_action(ctx, "merge", "accounts", survivor.id,
                  {"merged_from": [None, duplicate.id], "moved": [None, moved]})
    # The duplicate goes to the bin the way any delete does: owner side only (a record
    # team member cannot delete, so cannot merge a record away either), approval lock
    # honoured, version bumped, audit row and ``accounts.deleted`` event.
    records.delete_record(ctx, obj, duplicate.id)
    records.note_action(ctx, "merged_into", "accounts", duplicate.id,
                  {"merged_into": [None, survivor.id]})
    emit_event(ctx.session, ctx.tenant_id, "accounts.merged",
               {"id": survivor.id, "object": "accounts", "duplicate_id": duplicate.id,
                "moved": moved})
    return survivor


def _value(f: FieldDef, row: Any) -> Any:
    return (row.custom or {}).get(f.api_name) if f.custom else getattr(row, f.api_name)


def _fill_from(obj: ObjectDef, survivor: Any, duplicate: Any) -> dict[str, Any]:
    """Fields the survivor lacks and the duplicate has (the survivor's values win)."""
    fill = {}
    for f in obj.fields.values():
        if f.readonly or f.api_name in SYSTEM_FIELDS:
            continue
        theirs = _value(f, duplicate)
        if _value(f, survivor) in EMPTY and theirs not in EMPTY:
            fill[f.api_name] = theirs
    return fill


def move_account_references(ctx: Context, from_id: str, to_id: str) -> dict[str, int]:
    """Repoint every row of this tenant referring to account ``from_id``, whoever owns
    it; the number of rows moved per object.

    Rows are found through metadata: any lookup field whose target is accounts
    (built-in or custom) and the polymorphic ``related_type``/``related_id`` pair
    (activities, tasks …). A table that refers to accounts but no object describes
    would be missed, so ``unmoved_references`` lists them and a test keeps it empty.
    """
    moved: dict[str, int] = {}
    objects = objects_for(ctx.session, ctx.tenant_id, ctx.metadata_version)
    for name, obj in sorted(objects.items()):
        count = _move_object(ctx, obj, from_id, to_id)
        if count:
            moved[name] = count
    return moved


def _account_lookups(obj: ObjectDef) -> list[FieldDef]:
    return [f for f in obj.fields.values() if f.type == "lookup" and f.target == "accounts"]


def _polymorphic(obj: ObjectDef) -> bool:
    return not obj.custom and {"related_type", "related_id"} <= obj.fields.keys()


def _move_object(ctx: Context, obj: ObjectDef, from_id: str, to_id: str) -> int:
    """One ``save_changes`` per row, with every reference of the row moved at once (a
    row pointing at the duplicate twice gets one version, one audit row, one event)."""
    model = obj.model
    lookups = _account_lookups(obj)
    matches: list[ColumnElement[bool]] = [
        (model.custom[f.api_name].as_string() if f.custom else getattr(model, f.api_name))
        == from_id for f in lookups]
    if _polymorphic(obj):
        matches.append((model.related_type == "accounts") & (model.related_id == from_id))
    if not matches:
        return 0
    # An ORM select: the session's tenant filter applies (a Core ``update(table)`` it
    # does not see would repoint another tenant's rows that name this id).
    stmt = select(model).where(or_(*matches)).order_by(model.id)
    if obj.record_filter:
        stmt = stmt.where(getattr(model, obj.record_filter[0]) == obj.record_filter[1])
    rows = list(ctx.session.scalars(stmt))
    for row in rows:
        values = {f.api_name: to_id for f in lookups
                  if records.stored_value(obj, f, row) == from_id}
        if _polymorphic(obj) and row.related_type == "accounts" and row.related_id == from_id:
            values["related_id"] = to_id
        records.save_changes(ctx, obj, row, values)
    return len(rows)


def unmoved_references(objects: dict[str, ObjectDef]) -> list[str]:
    """``table.column`` pairs that refer to accounts which ``move_account_references``
    does not move: foreign keys to accounts.id no object's lookup field describes, and
    polymorphic ``related_id`` columns of tables no object describes."""
    covered: set[tuple[str, str]] = set()
    for obj in objects.values():
        table = obj.model.__table__.name
        covered.update((table, f.api_name) for f in _account_lookups(obj) if not f.custom)
        if _polymorphic(obj):
            covered.add((table, "related_id"))
    missing = []
    for table in Base.metadata.sorted_tables:
        if table.name == "accounts":
            continue
        for column in table.columns:
            refers = any(fk.column.table.name == "accounts" for fk in column.foreign_keys)
            if column.name == "related_id" and "related_type" in table.columns:
                refers = True
            if refers and (table.name, column.name) not in covered:
                missing.append(f"{table.name}.{column.name}")
    return missing
