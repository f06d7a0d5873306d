"""Custom objects: created by an administrator, served at once under ``/api/v1/<name>``
by the generic records routes, titled by one of their own text fields or an
auto-number (``records.titles``) so they list, search and show in lookups."""

from __future__ import annotations

from typing import Any

from sqlalchemy import func, select, update

from salescrm.models import CustomField, CustomObject, CustomRecord
from salescrm.platform.customization.definitions import api_name_errors, build_definition
from salescrm.platform.customization.fields import FIELDS, add_field
from salescrm.platform.customization.versioning import bump_metadata_version, require_admin
from salescrm.platform.definitions import Definitions
from salescrm.platform.errors import FieldError, ProblemError, not_found, validation_error
from salescrm.platform.metadata import ObjectDef, builtin_objects, objects_for
from salescrm.platform.records.titles import TITLE_LENGTH, auto_number_error
from salescrm.platform.tenancy import Context

OBJECT_KEYS = {"api_name", "label", "labels", "fields", "title"}
MAX_FIELDS_AT_ONCE = 100
# First path segments of the API that are not objects; a custom object must not
# shadow them (the records catch-all route comes after every other route).
ROUTE_NAMES = frozenset({
    "meta", "auth", "audit", "me", "signup", "health", "approvals", "approval_flows",
    "automation_rules", "webhooks", "templates", "validation_rules", "imports", "exports",
    "duplicates", "analytics", "reports", "notifications", "search", "files", "tokens",
    "dashboards", "forms", "calendar", "ai", "integrations", "admin", "openapi", "docs",
})
# An auto-number title goes in a read-only text field of its own: the first of these
# names the administrator's fields leave free, unless the title names one.
NUMBER_FIELDS = ("number", "record_number", "auto_number")
NUMBER_LABELS = {"en": "Number", "zh-CN": "编号"}
DEFAULT_AUTO_NUMBER = "{0000}"


def object_name_errors(ctx: Context, name: Any, taken_routes: set[str]) -> list[dict[str, Any]]:
    errors = api_name_errors(name, "api_name")
    if errors:
        return errors
    taken = set(builtin_objects()) | ROUTE_NAMES | taken_routes
    if name in taken or name in objects_for(ctx.session, ctx.tenant_id, ctx.metadata_version):
        return [FieldError("api_name", "custom.object_taken", name=name)]
    if ctx.session.scalar(select(CustomObject.id).where(CustomObject.api_name == name)):
        return [FieldError("api_name", "custom.object_taken", name=name)]
    return []


def _labels(body: dict[str, Any], errors: list[dict[str, Any]]) -> dict[str, str]:
    probe = {k: body[k] for k in ("label", "labels") if k in body}
    definition, problems = build_definition({**probe, "type": "text"}, {})
    errors.extend(problems)
    return definition.get("labels") or {}


def create_object(ctx: Context, body: Any, taken_routes: set[str] | None = None
                  ) -> CustomObject:
    """``POST /meta/objects {"api_name","label"|"labels","fields":[...],"title"?}``."""
    require_admin(ctx)
    if not isinstance(body, dict):
        raise validation_error([FieldError("body", "error.body_not_object")])
    errors: list[dict[str, Any]] = [FieldError(str(k)[:64], "custom.unknown_key")
                                    for k in body if k not in OBJECT_KEYS]
    name = body.get("api_name")
    errors.extend(object_name_errors(ctx, name, taken_routes or set()))
    labels = _labels(body, errors)
    fields = body.get("fields", [])
    if not isinstance(fields, list) or len(fields) > MAX_FIELDS_AT_ONCE:
        errors.append(FieldError("fields", "field.type_list"))
        fields = []
    # A default must be a valid value of its own field (a picklist's among its options,
    # text within its max_length): set it per field once the object exists.
    errors.extend(FieldError(f"fields.{i}.default", "custom.default_later")
                  for i, f in enumerate(fields) if isinstance(f, dict) and "default" in f)
    fields, title = _titled_fields(fields, body.get("title"), errors)
    if errors:
        raise validation_error(errors)
    row = OBJECTS.create(ctx, CustomObject(
        api_name=name, definition={"labels": labels, "label": labels["en"], **title}))
    bump_metadata_version(ctx)
    _add_fields(ctx, row.api_name, fields, len(body.get("fields") or []))
    bump_metadata_version(ctx)
    return row


def _titled_fields(fields: list[Any], title: Any, errors: list[dict[str, Any]]
                   ) -> tuple[list[Any], dict[str, Any]]:
    """The fields to create and the object's title definition (``name_field`` and, for
    an auto-number, its format).

    ``title`` is ``{"field": a text field of the object}`` (which becomes required),
    ``{"auto_number": "EQ-{YYYY}-{0000}", "field"?: its read-only field}``, or absent:
    the first required text field, else an auto-number ``{0000}``."""
    given = {f["api_name"]: i for i, f in enumerate(fields)
             if isinstance(f, dict) and isinstance(f.get("api_name"), str)}
    if title is None:
        first = next((name for name, i in given.items()
                      if fields[i].get("type") == "text" and fields[i].get("required") is True),
                     None)
        title = {"field": first} if first else {"auto_number": DEFAULT_AUTO_NUMBER}
    if not isinstance(title, dict) or not title or set(title) - {"field", "auto_number"}:
        errors.append(FieldError("title", "custom.title_field"))
        return fields, {}
    field, fmt = title.get("field"), title.get("auto_number")
    if fmt is not None and (problem := auto_number_error(fmt)):
        errors.append(FieldError("title.auto_number", problem))
    if field is not None and not isinstance(field, str):
        errors.append(FieldError("title.field", "custom.title_field"))
        return fields, {}
    if fmt is None or field in given:
        if field not in given or fields[given[field]].get("type") != "text":
            errors.append(FieldError("title.field", "custom.title_field"))
            return fields, {}
        fields = list(fields)
        # A title is always there to show, unless the counter fills it in.
        fields[given[field]] = {**fields[given[field]], "required": fmt is None}
        return fields, {"name_field": field, **({"auto_number": fmt} if fmt else {})}
    if field is None:
        field = next((n for n in NUMBER_FIELDS if n not in given), NUMBER_FIELDS[0])
    number = {"api_name": field, "type": "text", "labels": NUMBER_LABELS,
              "max_length": TITLE_LENGTH}
    return [*fields, number], {"name_field": field, "auto_number": fmt}


def _add_fields(ctx: Context, name: str, fields: list[Any], given: int) -> None:
    """Add the fields in order (the ``given`` ones, then an auto-number's), all checked
    before any error is reported."""
    errors: list[dict[str, Any]] = []
    for i, body in enumerate(fields):
        try:
            add_field(ctx, ctx.object(name), body, f"fields[{i}]." if i < given else "title.")
        except ProblemError as exc:
            errors.extend(exc.errors)
        bump_metadata_version(ctx)  # the next field sees the ones before it
    if errors:
        raise validation_error(errors)


def update_object(ctx: Context, name: str, body: Any) -> CustomObject:
    """Labels and the record title: the api name is the address of the data and never
    changes."""
    require_admin(ctx)
    row = _object_row(ctx, name)
    if not isinstance(body, dict):
        raise validation_error([FieldError("body", "error.body_not_object")])
    errors: list[dict[str, Any]] = [
        FieldError(str(k)[:64], "custom.immutable" if k in OBJECT_KEYS else "custom.unknown_key")
        for k in body if k not in ("label", "labels", "title")]
    relabel = "label" in body or "labels" in body or "title" not in body
    labels = _labels(body, errors) if relabel else {}
    title = _new_title(ctx.object(row.api_name), body["title"], errors) if "title" in body \
        else None
    if errors:
        raise validation_error(errors)
    old = dict(row.definition)
    new = {k: v for k, v in old.items() if title is None or k != "auto_number"}
    new.update({"labels": labels, "label": labels["en"]} if labels else {}, **(title or {}))
    if title and old.get("name_field", "name") != title["name_field"]:
        _retitle(ctx, row.api_name, title["name_field"])
    OBJECTS.update(ctx, row, body, lambda: setattr(row, "definition", new))
    bump_metadata_version(ctx)
    return row


def _new_title(obj: ObjectDef, title: Any, errors: list[dict[str, Any]]
               ) -> dict[str, Any] | None:
    """A changed title: another of the object's text fields, or a new auto-number format
    (an object numbers its records only if it did from the start: its existing records
    have no number)."""
    if not isinstance(title, dict) or not title or set(title) - {"field", "auto_number"}:
        errors.append(FieldError("title", "custom.title_field"))
        return None
    field, fmt = title.get("field"), title.get("auto_number")
    if fmt is not None:
        if not obj.auto_number or field not in (None, obj.name_field):
            errors.append(FieldError("title.auto_number", "custom.auto_number_later"))
        elif problem := auto_number_error(fmt):
            errors.append(FieldError("title.auto_number", problem))
        return {"name_field": obj.name_field, "auto_number": fmt}
    f = obj.fields.get(field) if isinstance(field, str) else None
    if f is None or not f.custom or f.type != "text":
        errors.append(FieldError("title.field", "custom.title_field"))
        return None
    return {"name_field": field}


def _retitle(ctx: Context, name: str, field: str) -> None:
    """The new title field becomes required, and every record's copy of the title (the
    recycle bin's too) is read from it."""
    cf = ctx.session.scalars(select(CustomField).where(
        CustomField.object == name, CustomField.api_name == field,
        CustomField.deleted_at.is_(None))).one()
    if not cf.definition.get("required"):
        FIELDS.update(ctx, cf, {}, lambda: setattr(cf, "definition",
                                                   {**cf.definition, "required": True}))
    ctx.session.execute(
        update(CustomRecord).where(CustomRecord.object == name)
        .values(name=func.coalesce(func.substr(CustomRecord.custom[field].as_string(), 1,
                                               TITLE_LENGTH), ""))
        .execution_options(synchronize_session=False))


def delete_object(ctx: Context, name: str) -> None:
    """The object disappears from the API; its records and fields stay, restorable."""
    require_admin(ctx)
    OBJECTS.delete(ctx, _object_row(ctx, name))
    bump_metadata_version(ctx)


def restore_object(ctx: Context, name: str) -> CustomObject:
    require_admin(ctx)
    row = OBJECTS.restore(ctx, _object_row(ctx, name, deleted=True))
    bump_metadata_version(ctx)
    return row


def deleted_objects(ctx: Context) -> list[dict[str, Any]]:
    """The tenant's deleted custom objects, newest first: what an administrator may
    restore (``GET /meta/objects?deleted=true``)."""
    require_admin(ctx)
    rows = ctx.session.scalars(select(CustomObject).where(CustomObject.deleted_at.is_not(None))
                               .order_by(CustomObject.deleted_at.desc()))
    out = []
    for row in rows:
        labels = (row.definition or {}).get("labels") or {}
        out.append({"api_name": row.api_name,
                    "label": labels.get(ctx.locale) or labels.get("en") or row.api_name,
                    "labels": labels, "deleted_at": row.deleted_at.isoformat()
                    if row.deleted_at else None})
    return out


def _object_row(ctx: Context, name: str, deleted: bool = False) -> CustomObject:
    row = ctx.session.scalars(select(CustomObject).where(
        CustomObject.api_name == name[:64],
        CustomObject.deleted_at.is_not(None) if deleted else CustomObject.deleted_at.is_(None),
    )).first()
    if row is None:
        raise not_found()
    return row


# Addressed by api name (meta/objects/{name}); each write moves to a new metadata
# version (bumped by the functions above, once the object's fields are in place too).
OBJECTS = Definitions("custom_objects", CustomObject, path=None,
                      snapshot=lambda row: {"api_name": row.api_name,
                                            "labels": row.definition.get("labels"),
                                            "name_field": row.definition.get("name_field"),
                                            "auto_number": row.definition.get("auto_number")})
