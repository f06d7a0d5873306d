"""Custom fields on any object: add, change, delete (restorable for 30 days), restore.

Values live in each record's ``custom`` JSON under the field's api name, so a label
can change freely and a deleted field's values stay where they were until the
field is purged.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from sqlalchemy import delete, func, select

from salescrm.db.types import utcnow
from salescrm.models import CustomField
from salescrm.platform.customization import indexes
from salescrm.platform.customization.definitions import (
    api_name_errors,
    build_definition,
    describe_field,
)
from salescrm.platform.customization.versioning import bump_metadata_version, require_admin
from salescrm.platform.definitions import Definitions, check_sent_version
from salescrm.platform.errors import FieldError, ProblemError, not_found, validation_error
from salescrm.platform.metadata import ObjectDef, objects_for
from salescrm.platform.metadata.registry import field_from_definition
from salescrm.platform.records.query import column
from salescrm.platform.tenancy import Context

RESTORE_DAYS = 30
MAX_CUSTOM_FIELDS = 200


def _objects(ctx: Context) -> dict[str, ObjectDef]:
    return objects_for(ctx.session, ctx.tenant_id, ctx.metadata_version)


def _field_row(ctx: Context, object_name: str, api_name: str) -> CustomField:
    row = ctx.session.scalars(select(CustomField).where(
        CustomField.object == object_name, CustomField.api_name == api_name[:64])).first()
    if row is None:
        raise not_found()
    return row


def name_errors(ctx: Context, obj: ObjectDef, name: Any, field: str) -> list[dict[str, Any]]:
    """Format, reserved words, and collisions with the object's fields and columns."""
    errors = api_name_errors(name, field)
    if errors:
        return errors
    columns = {c.name for c in obj.model.__table__.columns}
    if obj.custom:
        columns.discard("name")  # the record table's copy of the title, not a field
    if name in obj.fields or name in columns:
        return [FieldError(field, "custom.api_name_taken", name=name)]
    if ctx.session.scalar(select(CustomField.id).where(
            CustomField.object == obj.api_name, CustomField.api_name == name)):
        return [FieldError(field, "custom.api_name_deleted", name=name)]
    return []


def add_field(ctx: Context, obj: ObjectDef, body: Any, prefix: str = "") -> CustomField:
    """Check and store one new field (no version bump: callers bump once)."""
    name = body.get("api_name") if isinstance(body, dict) else None
    errors = name_errors(ctx, obj, name, f"{prefix}api_name")
    definition, more = build_definition(body, _objects(ctx), prefix)
    errors.extend(more)
    count = ctx.session.scalar(select(func.count()).select_from(CustomField).where(
        CustomField.object == obj.api_name, CustomField.deleted_at.is_(None))) or 0
    if count >= MAX_CUSTOM_FIELDS:
        errors.append(FieldError(f"{prefix}api_name", "custom.too_many_fields",
                                 max=MAX_CUSTOM_FIELDS))
    if errors:
        raise validation_error(errors)
    row = FIELDS.create(ctx, CustomField(object=obj.api_name, api_name=name,
                                         definition=definition))
    if definition.get("filterable") or definition.get("unique"):
        indexes.ensure_index(ctx, obj, field_from_definition(name, definition))  # type: ignore[arg-type]
    return row


def create_field(ctx: Context, object_name: str, body: Any) -> dict[str, Any]:
    require_admin(ctx)
    obj = ctx.object(object_name)
    row = add_field(ctx, obj, body)
    bump_metadata_version(ctx)
    return view(ctx, row)


def update_field(ctx: Context, object_name: str, api_name: str, body: Any) -> dict[str, Any]:
    require_admin(ctx)
    obj = ctx.object(object_name)
    row = _field_row(ctx, obj.api_name, api_name)
    if row.deleted_at is not None:
        raise not_found()
    if not isinstance(body, dict):
        raise validation_error([FieldError("body", "error.body_not_object")])
    check_sent_version(row, body, required=False)
    old = dict(row.definition)
    definition, errors = build_definition({k: v for k, v in body.items() if k != "version"},
                                          _objects(ctx), current=old)
    if errors:
        raise validation_error(errors)
    if (obj.custom and row.api_name == obj.name_field and not obj.auto_number
            and not definition.get("required")):
        raise validation_error([FieldError("required", "custom.title_kept")])
    field = field_from_definition(row.api_name, definition)
    if definition.get("unique") and not old.get("unique"):
        _refuse_existing_duplicates(ctx, obj, field)
    if (definition.get("filterable") or definition.get("unique")) and not (
            old.get("filterable") or old.get("unique")):
        indexes.ensure_index(ctx, obj, field)
    elif (old.get("filterable") or old.get("unique")) and not (
            definition.get("filterable") or definition.get("unique")):
        indexes.drop_index(ctx, obj, field)
    FIELDS.update(ctx, row, body, lambda: setattr(row, "definition", definition))
    bump_metadata_version(ctx)
    return view(ctx, row)


def _refuse_existing_duplicates(ctx: Context, obj: ObjectDef, field: Any) -> None:
    col = column(obj, field)
    stmt = (select(col).select_from(obj.model)
            .where(obj.model.deleted_at.is_(None), col.is_not(None))
            .group_by(col).having(func.count() > 1).limit(1))
    if obj.record_filter:
        stmt = stmt.where(getattr(obj.model, obj.record_filter[0]) == obj.record_filter[1])
    if ctx.session.execute(stmt).first() is not None:
        raise validation_error([FieldError("unique", "custom.unique_duplicates")])


def delete_field(ctx: Context, object_name: str, api_name: str) -> None:
    """Hide the field; its values stay in the records, restorable for 30 days."""
    require_admin(ctx)
    obj = ctx.object(object_name)
    row = _field_row(ctx, obj.api_name, api_name)
    if row.deleted_at is not None:
        raise not_found()
    if obj.custom and row.api_name == obj.name_field:
        raise validation_error([FieldError("api_name", "custom.title_kept")])
    FIELDS.delete(ctx, row)
    if row.definition.get("filterable") or row.definition.get("unique"):
        indexes.drop_index(ctx, obj, field_from_definition(row.api_name, row.definition))
    bump_metadata_version(ctx)


def restore_field(ctx: Context, object_name: str, api_name: str) -> dict[str, Any]:
    require_admin(ctx)
    obj = ctx.object(object_name)
    row = _field_row(ctx, obj.api_name, api_name)
    if row.deleted_at is None:
        raise ProblemError(409, "error.not_deleted")
    if row.deleted_at < utcnow() - timedelta(days=RESTORE_DAYS):
        raise ProblemError(409, "custom.restore_expired", days=RESTORE_DAYS)
    FIELDS.restore(ctx, row)
    if row.definition.get("filterable") or row.definition.get("unique"):
        indexes.ensure_index(ctx, obj, field_from_definition(row.api_name, row.definition))
    bump_metadata_version(ctx)
    return view(ctx, row)


def list_fields(ctx: Context, object_name: str, deleted: bool = False) -> dict[str, Any]:
    require_admin(ctx)
    obj = ctx.object(object_name)
    stmt = select(CustomField).where(CustomField.object == obj.api_name)
    stmt = stmt.where(CustomField.deleted_at.is_not(None) if deleted
                      else CustomField.deleted_at.is_(None))
    rows = ctx.session.scalars(stmt.order_by(CustomField.created_at, CustomField.id))
    return {"items": [view(ctx, r) for r in rows]}


def view(ctx: Context, row: CustomField) -> dict[str, Any]:
    out = describe_field(row.object, row.api_name, row.definition, ctx.locale, row.deleted_at)
    out["id"] = row.id
    out["version"] = row.version
    return out


# Addressed by object and api name (meta/objects/{object}/fields/{api_name}); the
# callers bump the metadata version once per request (a custom object adds many fields).
FIELDS = Definitions("custom_fields", CustomField, path=None,
                     snapshot=lambda row: {"object": row.object, "api_name": row.api_name,
                                           **(row.definition or {})})


def purge_expired(ctx: Context) -> int:
    """Forget fields deleted more than 30 days ago, and their values in every record."""
    cutoff = utcnow() - timedelta(days=RESTORE_DAYS)
    rows = list(ctx.session.scalars(select(CustomField).where(
        CustomField.deleted_at.is_not(None), CustomField.deleted_at < cutoff)))
    objects = _objects(ctx)
    for row in rows:
        obj = objects.get(row.object)
        if obj is not None:
            _strip_values(ctx, obj, row.api_name)
        ctx.session.execute(delete(CustomField).where(CustomField.id == row.id))
    if rows:
        bump_metadata_version(ctx)
    return len(rows)


def _strip_values(ctx: Context, obj: ObjectDef, api_name: str) -> None:
    from sqlalchemy import text

    table = obj.model.__tablename__
    dialect = ctx.session.get_bind().dialect.name
    strip = "custom - :name" if dialect == "postgresql" else "json_remove(custom, :path)"
    where = "tenant_id = :tenant"
    params = {"name": api_name, "path": f'$."{api_name}"', "tenant": ctx.tenant_id}
    if obj.record_filter:
        where += f" AND {obj.record_filter[0]} = :object"
        params["object"] = obj.api_name
    ctx.session.execute(text(f"UPDATE {table} SET custom = {strip} WHERE {where}"), params)
