"""``GET /api/v1/search``: the Ctrl-K box, one query across every object the caller reads.

Each object is searched as its own list is (``q`` on the fields the caller reads in
full, within their data scope, live records only), newest first, ``limit`` hits per
object, all in one statement. An object the caller may not read is simply not
searched: nothing answers 403 or 404, and nothing tells such records exist.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import String, cast, literal, select, union_all

from salescrm.models import SearchTerm
from salescrm.platform.errors import FieldError, validation_error
from salescrm.platform.metadata import ObjectDef, objects_for
from salescrm.platform.permissions.field_levels import readable_in_full, visible_value
from salescrm.platform.records.query import page_limit, search_clause
from salescrm.platform.records.service import base_criteria
from salescrm.platform.search.index import searched_fields
from salescrm.platform.search.match import TermsMatch
from salescrm.platform.search.terms import query_text
from salescrm.platform.tenancy import Context

MAX_Q = 200
DEFAULT_LIMIT, MAX_LIMIT = 5, 20


def searchable_objects(ctx: Context, wanted: list[str] | None) -> list[ObjectDef]:
    """The objects the caller may read and that have fields to search, in the order
    asked (or the registry's)."""
    objects = objects_for(ctx.session, ctx.tenant_id, ctx.metadata_version)
    names = wanted if wanted is not None else list(objects)
    out = []
    for name in dict.fromkeys(names):
        obj = objects.get(name)
        if obj is not None and ctx.permissions.can(name, "read") and searched_fields(obj):
            out.append(obj)
    return out


def title_field(obj: ObjectDef) -> str:
    """The field a hit is titled by: the object's title, else its first searched field
    (exchange rates are named by their currency)."""
    if obj.name_field in obj.fields:
        return obj.name_field
    return searched_fields(obj)[0].api_name


def _title(obj: ObjectDef) -> Any:
    if obj.custom:
        return obj.model.name
    return cast(getattr(obj.model, title_field(obj)), String)


def search(ctx: Context, params: dict[str, str]) -> dict[str, Any]:
    q = (params.get("q") or "").strip()
    errors = []
    if not q:
        errors.append(FieldError("q", "field.required"))
    limit = page_limit(params, DEFAULT_LIMIT, MAX_LIMIT)
    if errors:
        raise validation_error(errors)
    q = q[:MAX_Q]
    wanted = [n for n in params["objects"].split(",") if n] if params.get("objects") else None
    text = query_text(q)
    objects = searchable_objects(ctx, wanted)
    if text is None or not objects:
        return {"items": []}
    branches = []
    for obj in objects:
        model = obj.model
        inner = (select(literal(obj.api_name).label("object"), model.id.label("id"),
                        _title(obj).label("title"))
                 .where(*base_criteria(ctx, obj), search_clause(obj, q, ctx.permissions))
                 .order_by(model.created_at.desc(), model.id.desc()).limit(limit)
                 .subquery())
        branches.append(select(inner.c.object, inner.c.id, inner.c.title))
    rows = ctx.session.execute(union_all(*branches)).all()
    by_name = {o.api_name: o for o in objects}
    fields = _matched_fields(ctx, by_name, [(r.object, r.id) for r in rows], text)
    items = []
    for r in rows:
        obj = by_name[r.object]
        field = title_field(obj)
        title = r.title
        if not obj.custom:
            title = visible_value(ctx.permissions, obj.api_name, field, title)
        elif not readable_in_full(ctx.permissions, obj.api_name, field):
            title = None
        items.append({"object": r.object, "id": r.id, "title": title,
                      "field": fields.get((r.object, r.id))})
    return {"items": items}


def _matched_fields(ctx: Context, objects: dict[str, ObjectDef], hits: list[tuple[str, str]],
                    text: str) -> dict[tuple[str, str], str]:
    """Which readable field of each hit holds the text (the first, in field order)."""
    if not hits:
        return {}
    rows = ctx.session.execute(
        select(SearchTerm.object, SearchTerm.record_id, SearchTerm.field)
        .where(SearchTerm.record_id.in_([h[1] for h in hits]), TermsMatch(text))).all()
    found: dict[tuple[str, str], set[str]] = {}
    for r in rows:
        found.setdefault((r.object, r.record_id), set()).add(r.field)
    out = {}
    for name, record_id in hits:
        obj = objects[name]
        names = found.get((name, record_id), set())
        for f in searched_fields(obj):
            if f.api_name in names and readable_in_full(ctx.permissions, name, f.api_name):
                out[(name, record_id)] = f.api_name
                break
    return out
