"""``POST /duplicates/check`` and the per-object rules of which fields block."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from starlette.responses import Response

from salescrm.platform.boundary import json_response, read_json, run
from salescrm.platform.dedupe import service
from salescrm.platform.dedupe.keys import SPECS
from salescrm.platform.tenancy import Context

router = APIRouter(prefix="/api/v1/duplicates", tags=["duplicates"])
PROBLEM = {"content": {"application/problem+json": {
    "schema": {"$ref": "#/components/schemas/Problem"}}}, "description": "Problem"}
MATCHES = {"200": {"description": "Matches, best first", "content": {"application/json": {
    "schema": {"type": "object", "required": ["matches"], "properties": {"matches": {
        "type": "array", "items": {"type": "object", "required": ["id", "score", "fields"],
                                   "properties": {
                                       "id": {"type": "string"},
                                       "score": {"type": "number", "minimum": 0, "maximum": 1},
                                       "fields": {"type": "array", "items": {"type": "string"}},
                                       "name": {"type": ["string", "null"]}}}}}}}}}}
CHECK_BODY = {"requestBody": {"required": True, "content": {"application/json": {"schema": {
    "type": "object", "required": ["object", "record"],
    "properties": {"object": {"type": "string", "enum": ["accounts", "contacts", "leads"]},
                   "record": {"type": "object"}}}}}}, "responses": MATCHES}
RULE_BODY = {"requestBody": {"required": True, "content": {"application/json": {"schema": {
    "type": "object", "required": ["blocking_fields"],
    "properties": {"blocking_fields": {"type": "array", "items": {"type": "string"}}}}}}}}


@router.post("/check", summary="Find duplicates of a record (exact on normalized name, "
             "mobile, email; fuzzy on names)", openapi_extra=CHECK_BODY,
             responses={401: PROBLEM, 403: PROBLEM, 422: PROBLEM})
async def check(request: Request) -> Response:
    body = await read_json(request)
    return json_response(await run(request, lambda ctx: service.check(ctx, body)))


@router.get("/rules", summary="Which fields block duplicates, per object",
            responses={401: PROBLEM})
async def list_rules(request: Request) -> Response:
    def work(ctx: Context) -> dict[str, Any]:
        return {"items": [service.describe_rule(ctx, spec) for spec in SPECS.values()
                          if ctx.permissions.can(spec.object, "read")]}

    return json_response(await run(request, work))


@router.get("/rules/{object_name}", summary="Which fields block duplicates of an object",
            responses={401: PROBLEM, 422: PROBLEM})
async def get_rule(request: Request, object_name: str) -> Response:
    return json_response(await run(request, lambda ctx: service.describe_rule(
        ctx, service.spec_or_422(object_name))))


@router.put("/rules/{object_name}", summary="Choose which fields block duplicates (admins)",
            openapi_extra=RULE_BODY, responses={401: PROBLEM, 403: PROBLEM, 422: PROBLEM})
async def put_rule(request: Request, object_name: str) -> Response:
    body = await read_json(request)
    return json_response(await run(request, lambda ctx: service.set_blocking_fields(
        ctx, service.spec_or_422(object_name), body), write=True))
