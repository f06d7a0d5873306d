"""``GET /api/v1/notifications``, ``POST /api/v1/notifications/{id}/read`` and
``POST /api/v1/notifications/read_all``."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Query, Request
from starlette.responses import Response

from salescrm.modules.collaboration import service
from salescrm.platform.auth.scopes import needs
from salescrm.platform.boundary import json_response, run

router = APIRouter(prefix="/api/v1/notifications", tags=["notifications"])
PROBLEM = {"description": "Problem", "content": {"application/problem+json": {
    "schema": {"$ref": "#/components/schemas/Problem"}}}}
NOTIFICATION = {"type": "object", "properties": {
    "id": {"type": "string"}, "kind": {"type": "string"}, "title": {"type": "string"},
    "body": {"type": ["string", "null"]}, "object": {"type": ["string", "null"]},
    "record_id": {"type": ["string", "null"]}, "created_at": {"type": "string",
                                                               "format": "date-time"},
    "read_at": {"type": ["string", "null"], "format": "date-time"}}}
PAGE: dict[str, Any] = {"description": "The caller's notifications, newest first",
                        "content": {"application/json": {"schema": {
                            "type": "object", "properties": {
                                "items": {"type": "array", "items": NOTIFICATION},
                                "next_cursor": {"type": ["string", "null"]},
                                "unread_count": {"type": "integer"}}}}}}
ONE: dict[str, Any] = {"description": "The notification",
                       "content": {"application/json": {"schema": NOTIFICATION}}}


@router.get("", summary="My notifications (unread=true for unread only)",
            responses={200: PAGE, 400: PROBLEM, 401: PROBLEM, 422: PROBLEM}, openapi_extra=needs("notifications:read"))
async def list_notifications(request: Request, unread: bool = False,
                             limit: int = Query(50, ge=1, le=service.MAX_LIMIT),
                             cursor: str | None = None) -> Response:
    params = dict(request.query_params)
    return json_response(await run(request, lambda ctx: service.list_notifications(ctx, params)))


@router.post("/read_all", summary="Mark all my notifications read",
             responses={401: PROBLEM}, openapi_extra=needs("notifications:write"))
async def read_all(request: Request) -> Response:
    return json_response(await run(request, service.mark_all_read, write=True))


@router.post("/{notification_id}/read", summary="Mark one of my notifications read",
             responses={200: ONE, 401: PROBLEM, 404: PROBLEM}, openapi_extra=needs("notifications:write"))
async def read_one(request: Request, notification_id: str) -> Response:
    return json_response(await run(request, lambda ctx: service.mark_read(ctx, notification_id),
                                   write=True))
