"""Approval flows (admin), submitting records, and deciding approvals."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Query, Request
from starlette.responses import Response

from salescrm.platform.approvals import engine, flows
from salescrm.platform.auth.scopes import needs
from salescrm.platform.boundary import json_response, read_json, run
from salescrm.platform.customization import docs
from salescrm.platform.definitions import require_admin
from salescrm.platform.errors import not_found
from salescrm.platform.tenancy import Context

router = APIRouter(prefix="/api/v1", tags=["approvals"])
ERRORS = docs.ERRORS
ID = {"type": "string", "minLength": 1, "maxLength": 64}
APPROVER = {"oneOf": [
    {"type": "object", "required": ["type"], "additionalProperties": False,
     "properties": {"type": {"const": "manager"}}},
    {"type": "object", "required": ["type", "value"], "additionalProperties": False,
     "properties": {"type": {"const": "role"},
                    "value": {"type": "string", "description": "a role key, e.g. admin"}}},
    {"type": "object", "required": ["type", "value"], "additionalProperties": False,
     "properties": {"type": {"const": "user"},
                    "value": {"oneOf": [ID, {"type": "array", "items": ID, "minItems": 1,
                                             "maxItems": flows.MAX_USERS}]}}},
    {"type": "object", "required": ["type"], "additionalProperties": False,
     "properties": {"type": {"const": "department_head"}, "value": ID}},
]}
STEP = {"type": "object", "required": ["approver"], "additionalProperties": False,
        "properties": {"key": {"type": "string", "pattern": "^[a-z][a-z0-9_]{0,39}$"},
                       "name": {"type": "string", "maxLength": 200}, "approver": APPROVER,
                       "mode": {"type": "string", "enum": ["any", "all"]},
                       "next": {"type": ["string", "null"],
                                "description": "key of the following step (no cycles)"}}}
FLOW_BODY = {"type": "object", "required": ["name", "object", "steps"],
             "additionalProperties": False, "properties": {
                 "name": docs.TEXT, "object": docs.object_names(),
                 "condition": {"anyOf": [{"type": "null"}, docs.CONDITION]},
                 "priority": {"type": "integer", "minimum": 0, "maximum": 10000},
                 "is_active": {"type": "boolean"}, "version": {"type": "integer"},
                 "steps": {"type": "array", "minItems": 1, "maxItems": flows.MAX_STEPS,
                           "items": STEP}}}
COMMENT = {"requestBody": {"required": False, "content": {"application/json": {"schema": {
    "type": "object", "additionalProperties": False,
    "properties": {"comment": {"type": ["string", "null"], "maxLength": 2000}}}}}}}


async def _optional_json(request: Request) -> Any:
    return await read_json(request) if (await request.body()).strip() else None


# --- flows ---------------------------------------------------------------------------
@router.get("/approval_flows", summary="Approval flows (object= to filter)", responses=ERRORS, openapi_extra=needs("admin"))
async def list_flows(request: Request, object: str | None = Query(
        None, pattern=docs.QUERY_OBJECT)) -> Response:
    return json_response(await run(request, lambda ctx: flows.list_flows(ctx, object)))


@router.post("/approval_flows", summary="Create an approval flow", status_code=201,
             responses=ERRORS, openapi_extra=needs("admin", docs.body_doc(FLOW_BODY)))
async def create_flow(request: Request) -> Response:
    body = await read_json(request)
    return json_response(await run(request, lambda ctx: flows.view(
        flows.create_flow(ctx, body)), write=True), status=201)


@router.get("/approval_flows/{flow_id}", summary="One approval flow", responses=ERRORS, openapi_extra=needs("admin"))
async def get_flow(request: Request, flow_id: str) -> Response:
    def work(ctx: Context) -> dict[str, Any]:
        require_admin(ctx)
        return flows.view(flows.get_flow(ctx, flow_id))

    return json_response(await run(request, work))


@router.patch("/approval_flows/{flow_id}", summary="Change an approval flow "
              "(approvals under way keep their steps)", responses=ERRORS,
              openapi_extra=needs("admin", docs.body_doc({**FLOW_BODY, "required": []})))
async def update_flow(request: Request, flow_id: str) -> Response:
    body = await read_json(request)
    return json_response(await run(request, lambda ctx: flows.view(
        flows.update_flow(ctx, flow_id, body)), write=True))


@router.delete("/approval_flows/{flow_id}", status_code=204, responses=ERRORS,
               summary="Delete an approval flow", openapi_extra=needs("admin"))
async def delete_flow(request: Request, flow_id: str) -> Response:
    await run(request, lambda ctx: flows.delete_flow(ctx, flow_id), write=True)
    return Response(status_code=204)


# --- approvals -------------------------------------------------------------------------
@router.post("/{object_name}/{record_id}/submit", responses=ERRORS, openapi_extra=needs("{object_name}:write", COMMENT),
             summary="Submit a record for approval (approved at once when no flow applies)")
async def submit(request: Request, object_name: str, record_id: str) -> Response:
    body = await _optional_json(request)

    def work(ctx: Context) -> dict[str, Any]:
        if len(record_id) > 64:
            raise not_found()
        approval = engine.submit(ctx, object_name, record_id, body)
        return engine.view(ctx, approval, with_tasks=True)

    return json_response(await run(request, work, write=True))


@router.get("/approvals", summary="Approvals: mine=true lists those waiting for the caller",
            responses=ERRORS, openapi_extra=needs("approvals:read"))
async def list_approvals(
        request: Request, mine: bool = False,
        status: str | None = Query(None, pattern="^(pending|approved|rejected|withdrawn)$"),
        object: str | None = Query(None, pattern=docs.QUERY_OBJECT),
        record_id: str | None = Query(None, max_length=64)) -> Response:
    params = dict(request.query_params)
    return json_response(await run(request, lambda ctx: engine.list_approvals(ctx, params)))


@router.get("/approvals/{approval_id}", summary="One approval with every approver's task",
            responses=ERRORS, openapi_extra=needs("approvals:read"))
async def get_approval(request: Request, approval_id: str) -> Response:
    return json_response(await run(request, lambda ctx: engine.get_approval(ctx, approval_id)))


def _decision(action: str) -> Any:
    async def endpoint(request: Request, approval_id: str) -> Response:
        body = await _optional_json(request)

        def work(ctx: Context) -> dict[str, Any]:
            if action == "withdraw":
                approval = engine.withdraw(ctx, approval_id, body)
            else:
                approval = engine.decide(ctx, approval_id, action, body)
            return engine.view(ctx, approval, with_tasks=True)

        return json_response(await run(request, work, write=True))

    endpoint.__name__ = f"{action}_approval"
    return endpoint


for _action, _summary in (("approve", "Approve the caller's step"),
                          ("reject", "Reject (ends the approval)"),
                          ("withdraw", "Withdraw a pending approval (the submitter)")):
    router.add_api_route(f"/approvals/{{approval_id}}/{_action}", _decision(_action),
                         methods=["POST"], summary=_summary, responses=ERRORS,
                         openapi_extra=needs("approvals:write", COMMENT))
