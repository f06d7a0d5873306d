"""Saved list views:

- ``GET /api/v1/views?object=<api name>``: the caller's own views and those shared
  with them (``mine`` tells which), with ``default_id``, the caller's default view
- ``POST /api/v1/views``; ``GET|PATCH|DELETE /api/v1/views/{id}`` (PATCH sends the
  version read: 409 when someone saved in between; only the owner or an admin)
- ``POST|DELETE /api/v1/views/{id}/default``: the list of the view's object opens with
  it, for the caller only (any view they see, their own or a shared one)
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Query, Request
from starlette.responses import Response

from salescrm.platform.auth.scopes import needs
from salescrm.platform.boundary import json_response, read_json, run
from salescrm.platform.records.openapi import NOT_BLANK
from salescrm.platform.records.query import OPERATORS
from salescrm.platform.views import service

router = APIRouter(prefix="/api/v1/views", tags=["views"])
PROBLEM = {"description": "Problem", "content": {"application/problem+json": {
    "schema": {"$ref": "#/components/schemas/Problem"}}}}
ERRORS: dict[int | str, dict[str, Any]] = {400: PROBLEM, 401: PROBLEM, 403: PROBLEM,
                                           404: PROBLEM, 422: PROBLEM}
TIME = {"type": "string", "format": "date-time"}
FILTER = {"type": "object", "required": ["field"], "additionalProperties": False,
          "properties": {
              "field": {"type": "string", "maxLength": 64,
                        "description": "a field of the object the caller may see"},
              "op": {"enum": list(OPERATORS), "default": "eq"},
              "value": {"type": "string", "maxLength": service.MAX_VALUE, "default": "",
                        "description": "as in the list endpoint's field__op=value; must fit "
                                       "the field's type (isnull: true|false)"}}}
DEFINITION: dict[str, Any] = {
    "name": {"type": "string", "maxLength": service.MAX_NAME, "pattern": NOT_BLANK,
             "description": "1–100 characters"},
    "filters": {"type": "array", "maxItems": service.MAX_FILTERS, "items": FILTER},
    "sort": {"type": "string", "maxLength": 65, "default": service.DEFAULT_SORT,
             "description": 'a visible, sortable field; "-" first for descending'},
    "columns": {"type": "array", "maxItems": service.MAX_COLUMNS, "uniqueItems": True,
                "items": {"type": "string", "maxLength": 64},
                "description": "fields shown, in order; empty: the app's default columns"},
    "q": {"type": ["string", "null"], "maxLength": service.MAX_Q,
          "description": "the list's search text"},
    "sharing": {"enum": ["private", "all"], "default": "private",
                "description": 'private (default) or all (everyone in the company); '
                               '"department" shares with the caller\'s department and '
                               "those below it, and is refused to a caller without one"},
}
CREATE_BODY = {"required": True, "content": {"application/json": {"schema": {
    "type": "object", "required": ["object", "name"], "additionalProperties": False,
    "properties": {"object": {"type": "string", "maxLength": 64,
                              "description": "api name of an object the caller may read"},
                   **DEFINITION}}}}}
UPDATE_BODY = {"required": True, "content": {"application/json": {"schema": {
    "type": "object", "required": ["version"], "additionalProperties": False,
    "properties": {**DEFINITION,
                   "version": {"type": "integer",
                               "description": "the version read (optimistic locking)"}}}}}}
VIEW = {"type": "object", "properties": {
    "id": {"type": "string"}, "object": {"type": "string"}, "name": {"type": "string"},
    "filters": {"type": "array", "items": {"type": "object", "properties": {
        "field": {"type": "string"}, "op": {"type": "string"}, "value": {"type": "string"}}}},
    "sort": {"type": "string"},
    "columns": {"type": "array", "items": {"type": "string"}},
    "q": {"type": ["string", "null"]},
    "sharing": {"enum": ["private", "department", "all"]},
    "department_id": {"type": ["string", "null"]},
    "owner_id": {"type": ["string", "null"]}, "owner_name": {"type": ["string", "null"]},
    "mine": {"type": "boolean", "description": "the caller saved it"},
    "can_edit": {"type": "boolean", "description": "the caller is the owner or an admin"},
    "is_default": {"type": "boolean", "description": "the caller's list opens with it"},
    "version": {"type": "integer"}, "created_at": TIME, "updated_at": TIME}}
VIEWS = {"type": "object", "properties": {
    "items": {"type": "array", "items": VIEW},
    "default_id": {"type": ["string", "null"],
                   "description": "the caller's default view of the object asked for"}}}


def _ok(schema: dict[str, Any], description: str) -> dict[str, Any]:
    return {"description": description, "content": {"application/json": {"schema": schema}}}


@router.get("", summary="Saved list views: mine and those shared with me",
            responses={200: _ok(VIEWS, "The views, by name"), **ERRORS}, openapi_extra=needs("views:read"))
async def list_views(request: Request, object: str | None = Query(
        None, max_length=64, description="only this object's views")) -> Response:
    return json_response(await run(request, lambda ctx: service.list_views(ctx, object)))


@router.post("", status_code=201, summary="Save a list view (sharing: private, department, all)",
             openapi_extra=needs("views:write", {"requestBody": CREATE_BODY}),
             responses={201: _ok(VIEW, "The saved view"), **ERRORS})
async def create_view(request: Request) -> Response:
    body = await read_json(request)
    return json_response(await run(request, lambda ctx: service.create_view(ctx, body),
                                   write=True), status=201)


@router.get("/{view_id}", summary="One saved list view",
            responses={200: _ok(VIEW, "The view"), **ERRORS}, openapi_extra=needs("views:read"))
async def get_view(request: Request, view_id: str) -> Response:
    return json_response(await run(request, lambda ctx: service.get_view(ctx, view_id)))


@router.patch("/{view_id}", summary="Change a saved list view (its owner or an admin; "
              "send its version)", openapi_extra=needs("views:write", {"requestBody": UPDATE_BODY}),
              responses={200: _ok(VIEW, "The view"), 409: PROBLEM, **ERRORS})
async def update_view(request: Request, view_id: str) -> Response:
    body = await read_json(request)
    return json_response(await run(request, lambda ctx: service.update_view(ctx, view_id, body),
                                   write=True))


@router.delete("/{view_id}", status_code=204,
               summary="Delete a saved list view (its owner or an admin)",
               responses={204: {"description": "Deleted"}, **ERRORS}, openapi_extra=needs("views:delete"))
async def delete_view(request: Request, view_id: str) -> Response:
    await run(request, lambda ctx: service.delete_view(ctx, view_id), write=True)
    return Response(status_code=204)


@router.post("/{view_id}/default", summary="Open my list of the view's object with this view",
             responses={200: _ok(VIEW, "The view, now my default"), **ERRORS}, openapi_extra=needs("views:write"))
async def set_default(request: Request, view_id: str) -> Response:
    return json_response(await run(request, lambda ctx: service.set_default(ctx, view_id, True),
                                   write=True))


@router.delete("/{view_id}/default", summary="Stop opening my list with this view",
               responses={200: _ok(VIEW, "The view, no longer my default"), **ERRORS}, openapi_extra=needs("views:write"))
async def clear_default(request: Request, view_id: str) -> Response:
    return json_response(await run(request, lambda ctx: service.set_default(ctx, view_id, False),
                                   write=True))
