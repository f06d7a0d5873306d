"""The generic records service: CRUD, soft delete, list and search for any object
described by metadata. Domain services call it and add behaviour on top.

``create``/``update``/``delete``/``restore``/``read`` at the end are what callers use:
they dispatch to the object's behaviour (``behaviour.py``). The ``*_record``
functions are the generic implementations domain services build on.

Every function takes a Context and only flushes: the request or job boundary
commits or rolls back, so a write, its audit row and its events land together.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session
from sqlalchemy.orm.exc import StaleDataError

from salescrm.db.types import utcnow
from salescrm.models import AuditEntry
from salescrm.platform.audit import record_change
from salescrm.platform.errors import FieldError, ProblemError, not_found, validation_error
from salescrm.platform.jobs import emit_event
from salescrm.platform.metadata import FieldDef, ObjectDef
from salescrm.platform.permissions import scope_criteria
from salescrm.platform.records import titles
from salescrm.platform.records.behaviour import behaviour_for
from salescrm.platform.records.query import (
    encode_cursor,
    order_and_seek,
    parse_list_params,
    search_clause,
)
from salescrm.platform.records.serialize import builtin_columns, readable_fields, row_to_record
from salescrm.platform.records.values import ValueInvalid, coerce, to_custom_storage, to_json
from salescrm.platform.tenancy import Context

# Checks every generic write passes just before it is flushed (validation rules,
# unique custom fields, approval locks …): fn(ctx, obj, row, changes, action).
# ``row`` already holds the new values, ``changes`` maps field → [old, new] (JSON
# forms), ``action`` is create/update/delete/restore (or a caller's own update
# action). A check refuses the write by raising ProblemError; the boundary rolls back.
PRE_WRITE_CHECKS: list[Callable[[Context, ObjectDef, Any, dict[str, Any], str], None]] = []


def run_pre_write_checks(ctx: Context, obj: ObjectDef, row: Any, changes: dict[str, Any],
                         action: str) -> None:
    for check in PRE_WRITE_CHECKS:
        check(ctx, obj, row, changes, action)


# --- reading -----------------------------------------------------------------
def base_criteria(ctx: Context, obj: ObjectDef, deleted: bool | None = False,
                  team: str | None = "read") -> list[Any]:
    """Data scope + soft delete + (for custom objects) the object's own rows.

    ``deleted``: False = live records, True = the recycle bin, None = both.
    ``team``: which record-team members count as in scope (see ``scope_criteria``).
    """
    model = obj.model
    crit = [scope_criteria(obj, ctx.permissions, ctx.user.id, team)]
    if deleted is not None:
        crit.append(model.deleted_at.is_not(None) if deleted else model.deleted_at.is_(None))
    if obj.record_filter:
        column, value = obj.record_filter
        crit.append(getattr(model, column) == value)
    return crit


def get_record(ctx: Context, obj: ObjectDef, record_id: str,
               deleted: bool | None = False) -> dict[str, Any]:
    ctx.permissions.require(obj, "read")
    if "\x00" in record_id:  # no id has a NUL (and PostgreSQL cannot compare one)
        raise not_found()
    fields = readable_fields(obj, ctx.permissions)
    row = ctx.session.execute(
        select(*builtin_columns(obj, fields))
        .where(obj.model.id == record_id, *base_criteria(ctx, obj, deleted))
    ).first()
    if row is None:
        raise not_found()
    return row_to_record(obj, fields, row, ctx.permissions)


def list_records(ctx: Context, obj: ObjectDef, params: dict[str, str]) -> dict[str, Any]:
    """A page of records: ``{"items", "next_cursor"}`` (+ ``"total"`` when asked)."""
    ctx.permissions.require(obj, "read")
    p = parse_list_params(obj, params, ctx.permissions)
    fields = readable_fields(obj, ctx.permissions)
    where = [*base_criteria(ctx, obj, p.deleted), *p.filters]
    if p.q:
        where.append(search_clause(obj, p.q, ctx.permissions))
    order, seek = order_and_seek(obj, p)
    stmt = select(*builtin_columns(obj, fields)).where(*where)
    if seek is not None:
        stmt = stmt.where(seek)
    if p.sort_field.custom:
        from salescrm.platform.records.query import column

        stmt = stmt.add_columns(column(obj, p.sort_field).label("_sort"))
    rows = ctx.session.execute(stmt.order_by(*order).limit(p.limit + 1)).all()
    items = [row_to_record(obj, fields, r, ctx.permissions) for r in rows[: p.limit]]
    next_cursor = None
    if len(rows) > p.limit:
        last = rows[p.limit - 1]._mapping
        sort_value = last["_sort"] if p.sort_field.custom else last[p.sort_field.api_name]
        next_cursor = encode_cursor(sort_value, last["id"])
    page: dict[str, Any] = {"items": items, "next_cursor": next_cursor}
    if p.count:
        page["total"] = ctx.session.scalar(select(func.count()).select_from(obj.model)
                                           .where(*where))
    return page


def load_for_write(ctx: Context, obj: ObjectDef, record_id: str, deleted: bool = False,
                   team: str | None = "edit") -> Any:
    """The ORM row, if the caller can see it (else 404), locked for update on PostgreSQL.

    A record team member may write only with edit access (``team="edit"``; ``None``
    for deleting and restoring, which stay with the owner's side): a member without
    it sees the record, so the answer is 403, not 404.
    """
    if "\x00" in record_id:  # no id has a NUL (and PostgreSQL cannot compare one)
        raise not_found()
    stmt = select(obj.model).where(obj.model.id == record_id,
                                   *base_criteria(ctx, obj, deleted, team))
    if ctx.session.get_bind().dialect.name == "postgresql":
        stmt = stmt.with_for_update()
    row = ctx.session.scalars(stmt).first()
    if row is None:
        if team != "read" and ctx.session.scalar(select(obj.model.id).where(
                obj.model.id == record_id, *base_criteria(ctx, obj, deleted))) is not None:
            raise ProblemError(403, "error.forbidden_action",
                               action="update" if team == "edit" else "delete",
                               object=obj.label(ctx.locale))
        raise not_found()
    return row


# --- validating --------------------------------------------------------------
def validate(
    ctx: Context, obj: ObjectDef, data: Any, creating: bool, current: Any = None
) -> dict[str, Any]:
    """Check a write payload against metadata and permissions; return coerced values.

    Unknown fields, read-only fields, wrong types, over-long text and lookups to
    records the caller cannot see are all reported together as one 422.
    """
    if not isinstance(data, dict):
        raise ProblemError(422, "error.body_not_object",
                           errors=[FieldError("body", "error.body_not_object")])
    errors: list[dict[str, Any]] = []
    values: dict[str, Any] = {}
    levels = ctx.permissions.field_levels.get(obj.api_name, {})
    for name, raw in data.items():
        f = obj.fields.get(name) if isinstance(name, str) else None
        if name == "version" and not creating:
            continue
        if f is None or levels.get(name) == "hidden":
            errors.append(FieldError(str(name)[:64], "field.unknown"))
            continue
        if f.readonly or levels.get(name) == "readonly":
            errors.append(FieldError(name, "field.readonly"))
            continue
        try:
            values[name] = coerce(f, raw)
        except ValueInvalid as exc:
            errors.append(exc.field_error(name))
            continue
        if values[name] is None and not f.nullable:  # e.g. is_active: null (a NOT NULL column)
            errors.append(FieldError(name, "field.required"))
    if creating:
        for f in obj.fields.values():
            if f.api_name not in values and f.default is not None and not f.readonly:
                values[f.api_name] = coerce(f, f.default)
    wrong = {e["field"] for e in errors}
    for f in obj.fields.values():
        if not f.required or f.readonly or f.api_name in wrong:  # one error per field
            continue
        missing = values.get(f.api_name) in (None, [], "")
        if (creating and missing) or (not creating and f.api_name in values and missing):
            errors.append(FieldError(f.api_name, "field.required"))
    errors.extend(check_lookups(ctx, obj, values))
    if errors:
        raise validation_error(errors)
    return values


def check_lookups(ctx: Context, obj: ObjectDef, values: dict[str, Any]) -> list[dict[str, Any]]:
    errors: list[dict[str, Any]] = []
    for name, value in values.items():
        f = obj.fields[name]
        if f.type != "lookup" or value is None or not f.target:
            continue
        target = ctx.object(f.target)
        exists = ctx.session.scalar(
            select(target.model.id).where(target.model.id == value, *base_criteria(ctx, target))
        )
        if exists is None:
            errors.append(FieldError(name, "field.lookup", target=target.label(ctx.locale)))
    return errors


def stored_value(obj: ObjectDef, f: FieldDef, row: Any) -> Any:
    """A field's value on an ORM row: its column, or its entry in the custom JSON."""
    return (row.custom or {}).get(f.api_name) if f.custom else getattr(row, f.api_name)


def apply_values(obj: ObjectDef, row: Any, values: dict[str, Any]) -> dict[str, list[Any]]:
    """Set values on an ORM row; return the field-level changes as [old, new] (JSON)."""
    changes: dict[str, list[Any]] = {}
    custom = dict(row.custom or {})
    for name, value in values.items():
        f = obj.fields[name]
        old = stored_value(obj, f, row)
        if f.custom:
            stored = to_custom_storage(f, value)
            if old != stored:
                custom[name] = stored
                changes[name] = [old, stored]
        else:
            if to_json(f, old) != to_json(f, value):
                setattr(row, name, value)
                changes[name] = [to_json(f, old), to_json(f, value)]
    if custom != (row.custom or {}):
        row.custom = custom
    return changes


# --- writing -----------------------------------------------------------------
def create_record(ctx: Context, obj: ObjectDef, data: Any, *, checked: bool = False) -> Any:
    """Validate and insert; write the audit row and the ``<object>.created`` event."""
    if not checked:
        ctx.permissions.require(obj, "create")
    values = validate(ctx, obj, data, creating=True)
    return insert_record(ctx, obj, values)


def insert_record(ctx: Context, obj: ObjectDef, values: dict[str, Any],
                  attrs: dict[str, Any] | None = None,
                  noted: dict[str, list[Any]] | None = None) -> Any:
    """Insert validated ``values``; ``attrs`` are columns that are not fields (a user's
    password hash), ``noted`` what the audit row records besides the fields (a user's
    roles, kept beside the row)."""
    row = obj.model(tenant_id=ctx.tenant_id, created_by=ctx.user.id, custom={}, version=1,
                    **(attrs or {}))
    if obj.record_filter:
        setattr(row, obj.record_filter[0], obj.record_filter[1])
    if obj.owned and values.get("owner_id") is None and "owner_id" not in values:
        values["owner_id"] = ctx.user.id
    if obj.custom:
        titles.number_new_record(ctx, obj, values)
        row.name = titles.title_of(obj, values)
    changes = apply_values(obj, row, values)
    run_pre_write_checks(ctx, obj, row, changes, "create")
    ctx.session.add(row)
    ctx.session.flush()
    record_change(ctx, "create", obj.api_name, row.id, {**changes, **(noted or {})})
    emit_event(ctx.session, ctx.tenant_id, f"{obj.api_name}.created",
               {"id": row.id, "object": obj.api_name})
    return row


def check_version(row: Any, data: Any) -> None:
    sent = data.get("version") if isinstance(data, dict) else None
    if sent is None:
        raise ProblemError(422, "error.version_required",
                           errors=[FieldError("version", "error.version_required")])
    if isinstance(sent, float) and sent.is_integer():  # JSON's 3.0 is the version 3
        sent = int(sent)
    if isinstance(sent, bool) or not isinstance(sent, int):
        raise ProblemError(422, "error.version_required",
                           errors=[FieldError("version", "field.type_integer")])
    if sent != row.version:
        raise ProblemError(409, "error.stale_version", sent=sent, current=row.version,
                           extra={"current_version": row.version})


def update_record(ctx: Context, obj: ObjectDef, record_id: str, data: Any) -> Any:
    """Partial update with optimistic locking: a stale ``version`` answers 409."""
    ctx.permissions.require(obj, "read")
    row = load_for_write(ctx, obj, record_id)
    ctx.permissions.require(obj, "update")
    if not isinstance(data, dict):
        validate(ctx, obj, data, creating=False)
    check_version(row, data)
    values = validate(ctx, obj, data, creating=False, current=row)
    return save_changes(ctx, obj, row, values)


def require_owner_side(ctx: Context, obj: ObjectDef, record_id: str) -> None:
    """403 unless the record is in the caller's data scope without counting its team:
    a team member edits a record, only the owner's side (the owner, those whose scope
    covers the owner, administrators) gives it away (decision 0130)."""
    with ctx.session.no_autoflush:  # the scope of the record as stored
        found = ctx.session.scalar(select(obj.model.id).where(
            obj.model.id == record_id, *base_criteria(ctx, obj, None, team=None)))
    if found is None:
        raise ProblemError(403, "error.owner_side_only", object=obj.label(ctx.locale))


def save_changes(ctx: Context, obj: ObjectDef, row: Any, values: dict[str, Any],
                 action: str = "update", noted: dict[str, list[Any]] | None = None,
                 bump: bool = False) -> Any:
    """Apply ``values``; when something changed: pre-write checks, version, audit row,
    ``<object>.updated`` event. ``noted``: what changed beside the fields (a user's
    roles, their password as ``***``), kept in the audit row; alone it moves the
    version only with ``bump`` (a password the user chose themselves)."""
    if obj.owned and "owner_id" in values and values["owner_id"] != row.owner_id:
        require_owner_side(ctx, obj, row.id)
    changes = apply_values(obj, row, values)
    if not changes:
        if noted:
            if bump:
                row.version = row.version + 1
                row.updated_at = utcnow()
            record_change(ctx, action, obj.api_name, row.id, noted)
        return row
    if obj.custom and obj.name_field in values:
        row.name = titles.title_of(obj, values)
    run_pre_write_checks(ctx, obj, row, changes, action)
    row.version = row.version + 1
    row.updated_at = utcnow()
    try:
        ctx.session.flush()
    except StaleDataError as exc:
        raise ProblemError(409, "error.stale_version", sent=row.version - 1,
                           current="?") from exc
    record_change(ctx, action, obj.api_name, row.id, {**changes, **(noted or {})})
    emit_event(ctx.session, ctx.tenant_id, f"{obj.api_name}.updated",
               {"id": row.id, "object": obj.api_name, "changes": changes,
                "user_id": ctx.user.id})
    return row


def note_action(ctx: Context, action: str, object_name: str, record_id: str,
                changes: dict[str, Any]) -> None:
    """The audit row of something done to a record that is not a write of its fields —
    submitted for approval, merged, its team changed, its history imported, a
    comment — so that every audit row is written here, in the records layer."""
    record_change(ctx, action, object_name, record_id, changes)


def save_as_system(session: Session, tenant_id: str, obj: ObjectDef, row: Any,
                   values: dict[str, Any], action: str,
                   why: dict[str, Any] | None = None) -> dict[str, list[Any]]:
    """A write the system makes on its own (a scheduled job, no user): the same version,
    audit row (user: none) and ``<object>.updated`` event as a user's save. ``why`` says
    what caused it — kept in the audit changes and in the event (e.g. the number of days
    without follow-up that returned a record to the pool)."""
    changes = apply_values(obj, row, values)
    if not changes:
        return changes
    row.version = row.version + 1
    row.updated_at = utcnow()
    session.add(AuditEntry(tenant_id=tenant_id, user_id=None, action=action,
                           object=obj.api_name, record_id=row.id,
                           changes={**changes, **{k: [None, v] for k, v in (why or {}).items()}}))
    emit_event(session, tenant_id, f"{obj.api_name}.updated",
               {"id": row.id, "object": obj.api_name, "changes": changes, **(why or {})})
    return changes


def delete_record(ctx: Context, obj: ObjectDef, record_id: str) -> None:
    """Soft delete: the record moves to the recycle bin, restorable."""
    ctx.permissions.require(obj, "read")
    row = load_for_write(ctx, obj, record_id, team=None)
    ctx.permissions.require(obj, "delete")
    run_pre_write_checks(ctx, obj, row, {}, "delete")
    row.deleted_at = utcnow()
    row.version = row.version + 1
    ctx.session.flush()
    record_change(ctx, "delete", obj.api_name, row.id, {})
    emit_event(ctx.session, ctx.tenant_id, f"{obj.api_name}.deleted",
               {"id": row.id, "object": obj.api_name})


def restore_record(ctx: Context, obj: ObjectDef, record_id: str) -> Any:
    ctx.permissions.require(obj, "read")
    row = load_for_write(ctx, obj, record_id, deleted=True, team=None)
    ctx.permissions.require(obj, "delete")
    run_pre_write_checks(ctx, obj, row, {}, "restore")
    row.deleted_at = None
    row.version = row.version + 1
    ctx.session.flush()
    record_change(ctx, "restore", obj.api_name, row.id, {})
    emit_event(ctx.session, ctx.tenant_id, f"{obj.api_name}.restored",
               {"id": row.id, "object": obj.api_name})
    return row


# --- the one write path ------------------------------------------------------
# Every caller (HTTP, imports, automation, approvals, demo, templates, CLI) writes
# through these: each runs the object's behaviour (``behaviour.py``) if it names a
# hook, else the generic function above.
def create(ctx: Context, obj: ObjectDef, body: Any, params: dict[str, str] | None = None) -> Any:
    """Create a record of ``obj`` as the API does; return the ORM row."""
    hook = behaviour_for(obj).create
    if hook is not None:
        return hook(ctx, obj, body, {} if params is None else params)
    return create_record(ctx, obj, body)


def update(ctx: Context, obj: ObjectDef, record_id: str, body: Any) -> Any:
    """Partial update (``body["version"]`` required) as the API does; the ORM row."""
    hook = behaviour_for(obj).update
    if hook is not None:
        return hook(ctx, obj, record_id, body)
    return update_record(ctx, obj, record_id, body)


def delete(ctx: Context, obj: ObjectDef, record_id: str) -> None:
    """To the recycle bin, as the API does."""
    hook = behaviour_for(obj).delete
    if hook is not None:
        hook(ctx, obj, record_id)
        return
    delete_record(ctx, obj, record_id)


def restore(ctx: Context, obj: ObjectDef, record_id: str) -> Any:
    """Out of the recycle bin (no object restores differently today)."""
    return restore_record(ctx, obj, record_id)


def read(ctx: Context, obj: ObjectDef, record_id: str) -> dict[str, Any]:
    """One record as the API shows it (the behaviour's reader, else ``get_record``)."""
    reader = behaviour_for(obj).reader
    return (reader or get_record)(ctx, obj, record_id)
