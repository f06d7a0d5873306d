"""``POST /duplicates/check`` and the per-object rules of which fields block."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from starlette.responses import Response

from salescrm.platform.auth.scopes import needs
from salescrm.platform.boundary import json_response, read_json, run
from salescrm.platform.dedupe import service
from salescrm.platform.dedupe.keys import DedupeSpec, all_specs
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
TEXT = {"type": ["string", "null"], "maxLength": 500}
CHECK_BODY = {"requestBody": {"required": True, "content": {"application/json": {"schema": {
    "type": "object", "required": ["object", "record"],
    "properties": {"object": {"type": "string", "enum": ["accounts", "contacts", "leads"]},
                   "record": {"type": "object", "additionalProperties": True, "properties": {
                       "id": {"type": "string", "maxLength": 64}, "name": TEXT,
                       "phone": TEXT, "mobile": TEXT, "email": TEXT}}}}}}},
    "responses": MATCHES}
RULE = {"type": "object", "required": ["object", "blocking_fields", "fields"], "properties": {
    "object": {"type": "string"}, "blocking_fields": {"type": "array", "items": {
        "type": "string"}}, "fields": {"type": "array", "items": {"type": "object"}}}}
ERRORS: dict[int | str, dict[str, Any]] = {400: PROBLEM, 401: PROBLEM, 403: PROBLEM,
                                           422: PROBLEM}


@router.post("/check", summary="Find duplicates of a record (exact on normalized name, "
             "mobile, email; fuzzy on names)", openapi_extra=needs("duplicates:read", CHECK_BODY), responses=ERRORS)
async def check(request: Request) -> Response:
    body = await read_json(request)
    return json_response(await run(request, lambda ctx: service.check(ctx, body)))


@router.get("/rules", summary="Which fields block duplicates, per object",
            responses={401: PROBLEM}, openapi_extra=needs("duplicates:read"))
async def list_rules(request: Request) -> Response:
    def work(ctx: Context) -> dict[str, Any]:
        return {"items": [service.describe_rule(ctx, spec) for spec in all_specs()
                          if ctx.permissions.can(spec.object, "read")]}

    return json_response(await run(request, work))


def _add_rule_routes(spec: DedupeSpec) -> None:
    """One GET and one PUT per object, so the published body lists that object's fields.
    (This module is imported after the app registered the modules' behaviours.)"""
    name = spec.object
    ok = {"200": {"description": "The rule", "content": {"application/json": {
        "schema": RULE}}}}
    body = {"requestBody": {"required": True, "content": {"application/json": {"schema": {
        "type": "object", "required": ["blocking_fields"], "additionalProperties": False,
        "properties": {"blocking_fields": {"type": "array", "uniqueItems": True, "items": {
            "type": "string", "enum": list(spec.fields)}}}}}}}, "responses": ok}

    async def get_rule(request: Request) -> Response:
        return json_response(await run(request, lambda ctx: service.describe_rule(
            ctx, service.spec_or_422(name))))

    async def put_rule(request: Request) -> Response:
        payload = await read_json(request)
        return json_response(await run(request, lambda ctx: service.set_blocking_fields(
            ctx, service.spec_or_422(name), payload), write=True))

    router.add_api_route(f"/rules/{name}", get_rule, methods=["GET"],
                         summary=f"Which fields block duplicates of {name}",
                         openapi_extra=needs("duplicates:read", {"responses": ok}), responses={401: PROBLEM})
    router.add_api_route(f"/rules/{name}", put_rule, methods=["PUT"],
                         summary=f"Choose which fields block duplicates of {name} (admins)",
                         openapi_extra=needs("admin", body), responses=ERRORS)


for _spec in all_specs():
    _add_rule_routes(_spec)
