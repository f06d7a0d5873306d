"""Saved list views: an object's list filters, sort and columns under a name, private
or shared with the owner's department or the whole company (the sharing rules of
saved reports, ``salescrm.platform.sharing``), and each user's default view.

A view names fields, so it is checked against the saver's field permissions when
saved, and shown to each viewer without what their own permissions hide: a shared
view never reveals a field, nor filters on one, that the viewer may not see.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import delete as sql_delete
from sqlalchemy import select

import salescrm.platform.views.messages  # noqa: F401  (registers messages)
from salescrm.models import ListView, ListViewDefault, User
from salescrm.platform import sharing
from salescrm.platform.definitions import Definitions
from salescrm.platform.errors import FieldError, ProblemError, body_object, validation_error
from salescrm.platform.metadata import FieldDef, ObjectDef
from salescrm.platform.records.query import OPERATORS, parse_list_params
from salescrm.platform.sharing import readable_object
from salescrm.platform.tenancy import Context

MAX_NAME = 100
MAX_FILTERS = 50
MAX_COLUMNS = 100
MAX_VALUE = 500
MAX_Q = 200
DEFAULT_SORT = "-created_at"
BODY_KEYS = ("object", "name", "filters", "sort", "columns", "q", "sharing", "version")


# --- checking a definition --------------------------------------------------------
def object_or_422(ctx: Context, name: Any) -> ObjectDef:
    obj = readable_object(ctx, name)
    if obj is None:
        raise validation_error([FieldError("object", "view.unknown_object",
                                           object=str(name)[:64]) if name else
                                FieldError("object", "view.object_required")])
    return obj


def _level(ctx: Context, obj: ObjectDef, name: str) -> str | None:
    return ctx.permissions.field_level(obj.api_name, name)


def _visible(ctx: Context, obj: ObjectDef, name: Any) -> FieldDef | None:
    if not isinstance(name, str):
        return None
    f = obj.fields.get(name)
    if f is None or f.type == "json" or _level(ctx, obj, name) == "hidden":
        return None
    return f


def _sortable(ctx: Context, obj: ObjectDef, sort: str) -> bool:
    f = _visible(ctx, obj, sort[1:] if sort.startswith("-") else sort)
    return (f is not None and f.type != "multi_picklist"
            and _level(ctx, obj, f.api_name) != "masked")


def _filters(ctx: Context, obj: ObjectDef, raw: Any, errors: list[dict[str, Any]]
             ) -> list[dict[str, str]]:
    if not isinstance(raw, list) or len(raw) > MAX_FILTERS:
        errors.append(FieldError("filters", "view.filters_list", max=MAX_FILTERS))
        return []
    out: list[dict[str, str]] = []
    for i, item in enumerate(raw):
        at = f"filters[{i}]"
        if not isinstance(item, dict) or set(item) - {"field", "op", "value"}:
            errors.append(FieldError(at, "view.filters_list", max=MAX_FILTERS))
            continue
        name, op, value = item.get("field"), item.get("op", "eq"), item.get("value", "")
        if _visible(ctx, obj, name) is None:
            errors.append(FieldError(f"{at}.field", "view.unknown_field", field=str(name)[:64]))
            continue
        if op not in OPERATORS:
            errors.append(FieldError(f"{at}.op", "view.filter_op", op=str(op)[:20],
                                     ops=", ".join(OPERATORS)))
            continue
        if not isinstance(value, str) or len(value) > MAX_VALUE:
            errors.append(FieldError(f"{at}.value", "view.filter_value", max=MAX_VALUE))
            continue
        if op == "isnull" and value == "":
            value = "true"
        # The list endpoint's own parser: the value must fit the field's type and
        # operator, and masked fields only take "is empty", exactly as when listing.
        if value != "":
            try:
                parse_list_params(obj, {"sort": DEFAULT_SORT if "created_at" in obj.fields
                                        else obj.name_field, f"{name}__{op}": value},
                                  ctx.permissions)
            except ProblemError as exc:
                errors.extend({**e, "field": f"{at}.value"} for e in exc.errors)
                continue
        out.append({"field": str(name), "op": str(op), "value": value})
    return out


def _sort(ctx: Context, obj: ObjectDef, raw: Any, errors: list[dict[str, Any]]) -> str:
    if not isinstance(raw, str) or not _sortable(ctx, obj, raw):
        errors.append(FieldError("sort", "view.sort", field=str(raw)[:64]))
        return DEFAULT_SORT
    return raw


def _columns(ctx: Context, obj: ObjectDef, raw: Any, errors: list[dict[str, Any]]
             ) -> list[str]:
    if (not isinstance(raw, list) or len(raw) > MAX_COLUMNS
            or len({str(c) for c in raw}) != len(raw)):
        errors.append(FieldError("columns", "view.columns_list", max=MAX_COLUMNS))
        return []
    out: list[str] = []
    for i, name in enumerate(raw):
        if _visible(ctx, obj, name) is None:
            errors.append(FieldError(f"columns[{i}]", "view.unknown_field",
                                     field=str(name)[:64]))
        else:
            out.append(name)
    return out


def _name(body: dict[str, Any], errors: list[dict[str, Any]]) -> str | None:
    name = body.get("name")
    if not isinstance(name, str) or not name.strip() or len(name) > MAX_NAME:
        errors.append(FieldError("name", "view.name_required"))
        return None
    return name.strip()


def _q(raw: Any, errors: list[dict[str, Any]]) -> str | None:
    if raw is None or raw == "":
        return None
    if not isinstance(raw, str) or len(raw) > MAX_Q:
        errors.append(FieldError("q", "view.q", max=MAX_Q))
        return None
    return raw.strip() or None


# --- what a viewer gets ----------------------------------------------------------
def _for_viewer(ctx: Context, obj: ObjectDef, row: ListView) -> dict[str, Any]:
    """The definition without the fields the viewer may not see (a shared view keeps
    the owner's choices; each viewer gets the part they are allowed)."""
    filters = [f for f in row.filters or [] if isinstance(f, dict)
               and _visible(ctx, obj, f.get("field")) is not None
               and (f.get("op") == "isnull"
                    or _level(ctx, obj, str(f.get("field"))) != "masked")]
    columns = [c for c in row.columns or [] if _visible(ctx, obj, c) is not None]
    sort = row.sort if _sortable(ctx, obj, row.sort) else DEFAULT_SORT
    return {"filters": filters, "columns": columns, "sort": sort}


def view_out(ctx: Context, obj: ObjectDef, row: ListView, *, default_id: str | None,
             owner_name: str | None) -> dict[str, Any]:
    return {"id": row.id, "object": row.object, "name": row.name,
            **_for_viewer(ctx, obj, row), "q": row.q,
            "sharing": row.sharing, "department_id": row.department_id,
            "owner_id": row.owner_id, "owner_name": owner_name,
            "mine": row.owner_id == ctx.user.id, "can_edit": sharing.can_edit(ctx, row),
            "is_default": row.id == default_id, "version": row.version,
            "created_at": row.created_at.isoformat(), "updated_at": row.updated_at.isoformat()}


def _owner_names(ctx: Context, rows: list[ListView]) -> dict[str, str]:
    ids = {r.owner_id for r in rows if r.owner_id}
    if not ids:
        return {}
    return dict(ctx.session.execute(select(User.id, User.name).where(User.id.in_(ids))).all())


def _default_id(ctx: Context, object_name: str) -> str | None:
    return ctx.session.scalar(select(ListViewDefault.view_id).where(
        ListViewDefault.user_id == ctx.user.id, ListViewDefault.object == object_name))


def _one(ctx: Context, row: ListView) -> dict[str, Any]:
    obj = readable_object(ctx, row.object)
    if obj is None:  # the object was removed, or the caller lost the right to read it
        raise ProblemError(404, "error.not_found")
    return view_out(ctx, obj, row, default_id=_default_id(ctx, row.object),
                    owner_name=_owner_names(ctx, [row]).get(row.owner_id or ""))


def load(ctx: Context, view_id: str, *, for_write: bool = False) -> ListView:
    row: ListView = sharing.load(ctx, ListView, view_id, for_write=for_write,
                                 not_owner="view.not_owner")
    if readable_object(ctx, row.object) is None:
        raise ProblemError(404, "error.not_found")
    return row


# --- routes' work ------------------------------------------------------------------
def list_views(ctx: Context, object_name: str | None) -> dict[str, Any]:
    """The caller's own views and those shared with them, by name; with an object, only
    its views and the caller's default for it."""
    stmt = select(ListView).where(*sharing.visible(ctx, ListView))
    objects: dict[str, ObjectDef | None] = {}
    if object_name is not None:
        obj = object_or_422(ctx, object_name)
        objects[obj.api_name] = obj
        stmt = stmt.where(ListView.object == obj.api_name)
    rows = list(ctx.session.scalars(stmt.order_by(ListView.name, ListView.id).limit(500)))
    for r in rows:
        if r.object not in objects:
            objects[r.object] = readable_object(ctx, r.object)
    rows = [r for r in rows if objects[r.object] is not None]
    defaults = dict(ctx.session.execute(select(ListViewDefault.object, ListViewDefault.view_id)
                                        .where(ListViewDefault.user_id == ctx.user.id)).all())
    names = _owner_names(ctx, rows)
    items = [view_out(ctx, objects[r.object], r, default_id=defaults.get(r.object),  # type: ignore[arg-type]
                      owner_name=names.get(r.owner_id or "")) for r in rows]
    default_id = None
    if object_name is not None:
        default_id = next((i["id"] for i in items if i["is_default"]), None)
    return {"items": items, "default_id": default_id}


def create_view(ctx: Context, body: Any) -> dict[str, Any]:
    body = body_object(body)
    obj = object_or_422(ctx, body.get("object"))
    errors: list[dict[str, Any]] = []
    row = ListView(tenant_id=ctx.tenant_id, owner_id=ctx.user.id, object=obj.api_name)
    _apply(ctx, obj, row, body, errors, creating=True)
    return _one(ctx, VIEWS.create(ctx, row))


def update_view(ctx: Context, view_id: str, body: Any) -> dict[str, Any]:
    row = load(ctx, view_id, for_write=True)
    body = body_object(body)

    def apply() -> None:
        obj = object_or_422(ctx, row.object)
        errors: list[dict[str, Any]] = []
        if "object" in body and body["object"] != row.object:
            errors.append(FieldError("object", "view.unknown_object",
                                     object=str(body["object"])[:64]))
        _apply(ctx, obj, row, body, errors, creating=False)

    return _one(ctx, VIEWS.update(ctx, row, body, apply))


def _apply(ctx: Context, obj: ObjectDef, row: ListView, body: dict[str, Any],
           errors: list[dict[str, Any]], *, creating: bool) -> None:
    """Check every part the body carries (all at once: one 422 lists every problem),
    then set them."""
    for key in body:
        if key not in BODY_KEYS or (creating and key == "version"):
            errors.append(FieldError(str(key)[:64], "view.unknown_key", name=str(key)[:64],
                                     allowed=", ".join(k for k in BODY_KEYS if k != "version")))
    name = _name(body, errors) if creating or "name" in body else row.name
    filters = _filters(ctx, obj, body.get("filters", []), errors) \
        if creating or "filters" in body else row.filters
    sort = _sort(ctx, obj, body.get("sort", DEFAULT_SORT), errors) \
        if creating or "sort" in body else row.sort
    columns = _columns(ctx, obj, body.get("columns", []), errors) \
        if creating or "columns" in body else row.columns
    q = _q(body.get("q"), errors) if creating or "q" in body else row.q
    sharing.apply_sharing(ctx, row, body, errors, creating, invalid="view.sharing",
                          no_department="view.sharing_no_department")
    if errors:
        raise validation_error(errors)
    row.name, row.filters, row.sort, row.columns, row.q = name or "", filters, sort, columns, q


def get_view(ctx: Context, view_id: str) -> dict[str, Any]:
    return _one(ctx, load(ctx, view_id))


def delete_view(ctx: Context, view_id: str) -> None:
    row = load(ctx, view_id, for_write=True)
    # Nobody's list opens with a deleted view any more.
    ctx.session.execute(sql_delete(ListViewDefault).where(ListViewDefault.view_id == row.id))
    VIEWS.delete(ctx, row)


def set_default(ctx: Context, view_id: str, on: bool) -> dict[str, Any]:
    """Make a view the caller's default for its object (any view they see), or stop."""
    row = load(ctx, view_id)
    current = ctx.session.scalar(select(ListViewDefault).where(
        ListViewDefault.user_id == ctx.user.id, ListViewDefault.object == row.object))
    if on:
        if current is None:
            ctx.session.add(ListViewDefault(tenant_id=ctx.tenant_id, user_id=ctx.user.id,
                                            object=row.object, view_id=row.id))
        else:
            current.view_id = row.id
    elif current is not None and current.view_id == row.id:
        ctx.session.delete(current)
    ctx.session.flush()
    return _one(ctx, row)


def _audited(row: ListView) -> dict[str, Any]:
    return {"object": row.object, "name": row.name, "filters": row.filters, "sort": row.sort,
            "columns": row.columns, "q": row.q, "sharing": row.sharing,
            "department_id": row.department_id}


# A user's own views: who may change one is the sharing rule's business (its owner or an
# administrator, ``load``), and PATCH has always required the version.
VIEWS = Definitions("list_views", ListView, snapshot=_audited, path="views",
                    admin_only=False, version_required=True)
