"""``/api/v1/automation_rules``: rules and the log of their runs."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from starlette.responses import Response

from salescrm.platform.automation import rules
from salescrm.platform.boundary import json_response, read_json, run
from salescrm.platform.tenancy import Context

router = APIRouter(prefix="/api/v1/automation_rules", tags=["automation"])
PROBLEM = {"description": "Problem", "content": {"application/problem+json": {
    "schema": {"$ref": "#/components/schemas/Problem"}}}}
ERRORS: dict[int | str, dict[str, Any]] = {
    401: PROBLEM, 403: PROBLEM, 404: PROBLEM, 409: PROBLEM, 422: PROBLEM}
ACTION = {"type": "object", "required": ["type"], "properties": {
    "type": {"type": "string", "enum": list(rules.ACTION_TYPES)},
    "field": {"type": "string"}, "value": {}, "title": {"type": "string"},
    "due_in_days": {"type": "integer"}, "assignee": {"type": "string"},
    "user": {"type": "string"}, "message": {"type": "string"},
    "url": {"type": "string"}, "secret": {"type": "string"}, "user_id": {"type": "string"}}}
RULE_BODY = {"type": "object", "required": ["name", "object", "trigger", "actions"],
             "properties": {
                 "name": {"type": "string"}, "object": {"type": "string"},
                 "trigger": {"type": "string", "enum": list(rules.TRIGGERS)},
                 "field": {"type": "string"}, "offset_days": {"type": "integer"},
                 "condition": {"type": ["object", "null"]}, "is_active": {"type": "boolean"},
                 "actions": {"type": "array", "items": ACTION}}}


def _body_doc(schema: dict[str, Any]) -> dict[str, Any]:
    return {"requestBody": {"required": True, "content": {
        "application/json": {"schema": schema}}}}


@router.get("", summary="Automation rules (object= to filter)", responses=ERRORS)
async def list_rules(request: Request, object: str | None = None) -> Response:
    return json_response(await run(request, lambda ctx: rules.list_rules(ctx, object)))


@router.post("", summary="Create an automation rule", status_code=201, responses=ERRORS,
             openapi_extra=_body_doc(RULE_BODY))
async def create_rule(request: Request) -> Response:
    body = await read_json(request)
    return json_response(await run(request, lambda ctx: rules.view(
        rules.create_rule(ctx, body)), write=True), status=201)


@router.get("/{rule_id}", summary="One automation rule", responses=ERRORS)
async def get_rule(request: Request, rule_id: str) -> Response:
    def work(ctx: Context) -> dict[str, Any]:
        rules.require_admin(ctx)
        return rules.view(rules.get_rule(ctx, rule_id))

    return json_response(await run(request, work))


@router.patch("/{rule_id}", summary="Change an automation rule", responses=ERRORS,
              openapi_extra=_body_doc(RULE_BODY | {"required": []}))
async def update_rule(request: Request, rule_id: str) -> Response:
    body = await read_json(request)
    return json_response(await run(request, lambda ctx: rules.view(
        rules.update_rule(ctx, rule_id, body)), write=True))


@router.delete("/{rule_id}", status_code=204, responses=ERRORS,
               summary="Delete an automation rule")
async def delete_rule(request: Request, rule_id: str) -> Response:
    await run(request, lambda ctx: rules.delete_rule(ctx, rule_id), write=True)
    return Response(status_code=204)


@router.get("/{rule_id}/runs", summary="The rule's runs with their outcome, newest first "
            "(status=succeeded|failed|skipped|loop_stopped)", responses=ERRORS)
async def list_runs(request: Request, rule_id: str, status: str | None = None,
                    record_id: str | None = None) -> Response:
    params = dict(request.query_params)
    return json_response(await run(request, lambda ctx: rules.list_runs(ctx, rule_id, params)))
