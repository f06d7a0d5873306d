"""Merge two accounts: everything that points at the duplicate moves to the survivor,
empty fields of the survivor are filled from the duplicate, the duplicate goes to the
recycle bin, and the audit log says so on both records and on every moved row.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import select, update

from salescrm.db.base import Base
from salescrm.db.types import utcnow
from salescrm.platform.audit import record_change
from salescrm.platform.errors import FieldError, ProblemError, validation_error
from salescrm.platform.jobs import emit_event
from salescrm.platform.metadata import FieldDef, ObjectDef, objects_for
from salescrm.platform.metadata.fields import SYSTEM_FIELDS
from salescrm.platform.records import service as records
from salescrm.platform.records.values import to_custom_storage
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
    record_change(ctx, "merge", "accounts", survivor.id,
                  {"merged_from": [None, duplicate.id], "moved": [None, moved]})
    duplicate.deleted_at = utcnow()
    duplicate.version += 1
    ctx.session.flush()
    record_change(ctx, "merged_into", "accounts", duplicate.id,
                  {"merged_into": [None, survivor.id]})
    emit_event(ctx.session, ctx.tenant_id, "accounts.deleted",
               {"id": duplicate.id, "object": "accounts", "merged_into": survivor.id})
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
    """Repoint every row referring to account ``from_id``, whoever owns it.

    Objects are found through metadata (any lookup field whose target is accounts,
    built-in or custom), so modules written later are covered without a change here;
    tables no object describes are found through their foreign keys to accounts.id.
    """
    moved: dict[str, int] = {}
    covered: set[tuple[str, str]] = set()
    objects = objects_for(ctx.session, ctx.tenant_id, ctx.metadata_version)
    for name, obj in sorted(objects.items()):
        for f in obj.fields.values():
            if f.type != "lookup" or f.target != "accounts":
                continue
            count = (_move_custom(ctx, obj, f, from_id, to_id) if f.custom
                     else _move_column(ctx, obj, f, from_id, to_id))
            if not f.custom:
                covered.add((obj.model.__table__.name, f.api_name))
            if count:
                moved[name] = moved.get(name, 0) + count
    for table in Base.metadata.sorted_tables:
        if table.name == "accounts":
            continue
        if {"related_type", "related_id"} <= set(table.columns.keys()):
            # Polymorphic links (activities, tasks …: related_type = "accounts").
            count = _rowcount(ctx.session.execute(
                update(table).where(table.c.related_type == "accounts",
                                    table.c.related_id == from_id).values(related_id=to_id)))
            if count:
                moved[table.name] = moved.get(table.name, 0) + count
        for column in table.columns:
            refers = any(fk.column.table.name == "accounts" for fk in column.foreign_keys)
            if refers and (table.name, column.name) not in covered:
                count = _rowcount(ctx.session.execute(
                    update(table).where(column == from_id).values({column.name: to_id})))
                if count:
                    moved[table.name] = moved.get(table.name, 0) + count
    return moved


def _rowcount(result: Any) -> int:
    return int(result.rowcount or 0)


def _move_column(ctx: Context, obj: ObjectDef, f: FieldDef, from_id: str, to_id: str) -> int:
    model = obj.model
    column = getattr(model, f.api_name)
    stmt = select(model.id).where(column == from_id)
    if obj.record_filter:
        stmt = stmt.where(getattr(model, obj.record_filter[0]) == obj.record_filter[1])
    ids = list(ctx.session.scalars(stmt))
    if not ids:
        return 0
    now = utcnow()
    for start in range(0, len(ids), 500):
        chunk = ids[start:start + 500]
        ctx.session.execute(
            update(model).where(model.id.in_(chunk))
            .values({f.api_name: to_id, "version": model.version + 1, "updated_at": now})
            .execution_options(synchronize_session="fetch"))
    for record_id in ids:
        record_change(ctx, "update", obj.api_name, record_id, {f.api_name: [from_id, to_id]})
    return len(ids)


def _move_custom(ctx: Context, obj: ObjectDef, f: FieldDef, from_id: str, to_id: str) -> int:
    """Custom lookups live in the JSON ``custom`` column: rewrite them row by row."""
    model = obj.model
    stmt = select(model).where(model.custom[f.api_name].as_string() == from_id)
    if obj.record_filter:
        stmt = stmt.where(getattr(model, obj.record_filter[0]) == obj.record_filter[1])
    count = 0
    for row in ctx.session.scalars(stmt):
        row.custom = {**(row.custom or {}), f.api_name: to_custom_storage(f, to_id)}
        row.version += 1
        record_change(ctx, "update", obj.api_name, row.id, {f.api_name: [from_id, to_id]})
        count += 1
    ctx.session.flush()
    return count
