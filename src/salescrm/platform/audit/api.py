"""``GET /audit`` and the generic ``GET /<object>/{id}/timeline``."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from fastapi import APIRouter, Query, Request
from sqlalchemy import select
from starlette.responses import Response

from salescrm.models import AuditEntry
from salescrm.platform.auth.scopes import needs
from salescrm.platform.boundary import json_response, run
from salescrm.platform.errors import FieldError, ProblemError, validation_error
from salescrm.platform.metadata import objects_for
from salescrm.platform.permissions import visible_changes
from salescrm.platform.records import service as records
from salescrm.platform.records.behaviour import behaviour_for
from salescrm.platform.records.query import decode_plain_cursor, encode_cursor, page_limit
from salescrm.platform.tenancy import Context

router = APIRouter(prefix="/api/v1", tags=["audit"])
PROBLEM = {"content": {"application/problem+json": {
    "schema": {"$ref": "#/components/schemas/Problem"}}}, "description": "Problem"}
ENTRY = {"type": "object", "required": ["id", "action", "object", "record_id", "changes", "at"],
         "properties": {"id": {"type": "string"},
                        "user_id": {"type": ["string", "null"]},
                        "action": {"type": "string"}, "object": {"type": "string"},
                        "record_id": {"type": "string"},
                        "changes": {"type": ["object", "null"],
                                    "description": "field → [old, new]"},
                        "at": {"type": "string", "format": "date-time"}}}
PAGE = {"type": "object", "required": ["items", "next_cursor"], "properties": {
    "items": {"type": "array", "items": ENTRY},
    "next_cursor": {"type": ["string", "null"]}}}


def _ok(schema: dict[str, Any]) -> dict[int | str, dict[str, Any]]:
    return {200: {"description": "OK", "content": {"application/json": {"schema": schema}}}}


# Timeline sources of every object (activities, comments, approvals): fn(ctx, object,
# record_id) → items with "at" and "kind". An object's own source is its behaviour's.
TIMELINE_SOURCES: list[Callable[[Context, str, str], list[dict[str, Any]]]] = []


AUDIT_PARAMS = frozenset({"object", "record_id", "limit", "cursor"})


def entry_view(ctx: Context, e: AuditEntry) -> dict[str, Any]:
    """An audit entry as the caller may see it: the changes of fields hidden from them
    are left out, masked ones show masked (as the record itself does)."""
    return {"id": e.id, "user_id": e.user_id, "action": e.action, "object": e.object,
            "record_id": e.record_id, "at": e.at.isoformat(),
            "changes": visible_changes(ctx.permissions, e.object, e.changes)}


def list_audit(ctx: Context, params: dict[str, str]) -> dict[str, Any]:
    """A record's history for whoever can read the record; everything for admins."""
    unknown: list[dict[str, Any]] = [FieldError(k[:64], "query.bad_filter", param=k[:64])
                                     for k in params if k not in AUDIT_PARAMS]
    if unknown:
        raise validation_error(unknown)
    object_name, record_id = params.get("object"), params.get("record_id")
    limit = page_limit(params, 100, 500)
    stmt = select(AuditEntry)
    if record_id:
        if "\x00" in record_id:  # names no record
            raise ProblemError(404, "error.not_found")
        if not object_name:
            # Ids are unique across objects: the record's own history names its object
            # (every object listed, so the (tenant, object, record) index still serves).
            names = sorted(objects_for(ctx.session, ctx.tenant_id, ctx.metadata_version))
            object_name = ctx.session.scalar(select(AuditEntry.object).where(
                AuditEntry.object.in_(names), AuditEntry.record_id == record_id[:64]).limit(1))
            if object_name is None:
                raise ProblemError(404, "error.not_found")
        # 404 unless the caller can read the record (deleted ones too: history outlives them).
        records.get_record(ctx, ctx.object(object_name), record_id[:64], deleted=None)
        stmt = stmt.where(AuditEntry.object == object_name, AuditEntry.record_id == record_id)
    elif not ctx.permissions.is_admin:
        raise ProblemError(403, "error.forbidden_action", action="read", object="audit")
    elif object_name:
        stmt = stmt.where(AuditEntry.object == object_name)
    if params.get("cursor"):
        at, last_id = decode_plain_cursor(params["cursor"])
        stmt = stmt.where(AuditEntry.at <= at).where(
            (AuditEntry.at < at) | (AuditEntry.id < last_id))
    rows = list(ctx.session.scalars(stmt.order_by(AuditEntry.at.desc(), AuditEntry.id.desc())
                                    .limit(limit + 1)))
    nxt = encode_cursor(rows[limit - 1].at, rows[limit - 1].id) if len(rows) > limit else None
    return {"items": [entry_view(ctx, e) for e in rows[:limit]], "next_cursor": nxt}


@router.get("/audit", summary="Audit log: changes with who, when and old/new values",
            description="With `record_id`: that record's history, for whoever can read the "
            "record (`object` may be omitted). Without: the whole log (of one `object` if "
            "given), for administrators only. An API token needs `<object>:read` for the "
            "`object` named, or `admin` when none is (the request spans every object).",
            responses={**_ok(PAGE), 401: PROBLEM, 403: PROBLEM, 404: PROBLEM, 422: PROBLEM,
                       400: PROBLEM}, openapi_extra=needs("{object}:read"))
async def audit(request: Request, object: str | None = None, record_id: str | None = None,
                limit: int = Query(100, ge=1, le=500), cursor: str | None = None) -> Response:
    params = dict(request.query_params)
    return json_response(await run(request, lambda ctx: list_audit(ctx, params)))


def timeline(ctx: Context, object_name: str, record_id: str) -> dict[str, Any]:
    """Activities, field changes, comments and approvals of a record, newest first."""
    obj = ctx.object(object_name)
    records.get_record(ctx, obj, record_id)
    items: list[dict[str, Any]] = []
    for e in ctx.session.scalars(select(AuditEntry).where(
            AuditEntry.object == object_name, AuditEntry.record_id == record_id)
            .order_by(AuditEntry.at.desc()).limit(500)):
        item = entry_view(ctx, e)
        if e.changes and not item["changes"]:
            continue  # only fields hidden from the caller changed
        items.append({"kind": "change", **item})
    for source in TIMELINE_SOURCES:
        items.extend(source(ctx, object_name, record_id))
    own = behaviour_for(obj).timeline
    if own is not None:
        items.extend(own(ctx, object_name, record_id))
    items.sort(key=lambda i: i["at"], reverse=True)
    return {"items": items}


@router.get("/{object_name}/{record_id}/timeline", summary="A record's timeline",
            responses={401: PROBLEM, 403: PROBLEM, 404: PROBLEM}, openapi_extra=needs("{object_name}:read"))
async def record_timeline(request: Request, object_name: str, record_id: str) -> Response:
    return json_response(await run(request, lambda ctx: timeline(ctx, object_name,
                                                                   record_id[:64])))
