"""``GET /api/v1/search``: one query across objects (the web app's Ctrl-K box)."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from starlette.responses import Response

from salescrm.platform.auth.scopes import needs
from salescrm.platform.boundary import json_response, run
from salescrm.platform.search import service

router = APIRouter(prefix="/api/v1", tags=["search"])
PROBLEM = {"content": {"application/problem+json": {
    "schema": {"$ref": "#/components/schemas/Problem"}}}, "description": "Problem"}
HIT = {"type": "object", "required": ["object", "id", "title", "field"], "properties": {
    "object": {"type": "string", "description": "The object's api name"},
    "id": {"type": "string"},
    "title": {"type": ["string", "null"],
              "description": "The record's title as the caller may see it"},
    "field": {"type": ["string", "null"], "description": "The field that holds the text"}}}
DOC = {"parameters": [
    {"name": "q", "in": "query", "required": True,
     "description": "Text to find: a case-insensitive substring, or the pinyin (full or "
                    "initials) of a Chinese value", "schema": {"type": "string",
                                                               "minLength": 1}},
    {"name": "limit", "in": "query", "required": False, "description": "Hits per object",
     "schema": {"type": "integer", "minimum": 1, "maximum": service.MAX_LIMIT,
                "default": service.DEFAULT_LIMIT}},
    {"name": "objects", "in": "query", "required": False,
     "description": "Comma-separated api names to search, in the order wanted "
                    "(default: every object the caller reads)",
     "schema": {"type": "string"}}],
    "responses": {"200": {"description": "Hits, per object newest first", "content": {
        "application/json": {"schema": {"type": "object", "required": ["items"],
                                        "properties": {"items": {"type": "array",
                                                                 "items": HIT}}}}}}}}
ERRORS: dict[int | str, dict[str, Any]] = {401: PROBLEM, 403: PROBLEM, 422: PROBLEM}


@router.get("/search", summary="Search every object the caller may read",
            openapi_extra=needs("search:read", DOC), responses=ERRORS)
async def search(request: Request) -> Response:
    params = dict(request.query_params)
    return json_response(await run(request, lambda ctx: service.search(ctx, params)))
