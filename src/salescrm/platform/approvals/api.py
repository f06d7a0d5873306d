"""Approval flows (admin), submitting records, and deciding approvals."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from starlette.responses import Response

from salescrm.platform.approvals import engine, flows
from salescrm.platform.boundary import json_response, read_json, run
from salescrm.platform.errors import not_found
from salescrm.platform.tenancy import Context

router = APIRouter(prefix="/api/v1", tags=["approvals"])
PROBLEM = {"description": "Problem", "content": {"application/problem+json": {
    "schema": {"$ref": "#/components/schemas/Problem"}}}}
ERRORS: dict[int | str, dict[str, Any]] = {
    401: PROBLEM, 403: PROBLEM, 404: PROBLEM, 409: PROBLEM, 422: PROBLEM}
APPROVER = {"type": "object", "required": ["type"], "properties": {
    "type": {"type": "string", "enum": list(flows.APPROVER_TYPES)},
    "value": {"description": "role key, user id (or list of ids), or department id"}}}
FLOW_BODY = {"type": "object", "required": ["name", "object", "steps"], "properties": {
    "name": {"type": "string"}, "object": {"type": "string"},
    "condition": {"type": ["object", "null"], "description": "entry condition tree"},
    "priority": {"type": "integer"}, "is_active": {"type": "boolean"},
    "steps": {"type": "array", "items": {"type": "object", "required": ["approver"],
                                         "properties": {
        "key": {"type": "string"}, "name": {"type": "string"}, "approver": APPROVER,
        "mode": {"type": "string", "enum": ["any", "all"]},
        "next": {"type": ["string", "null"]}}}}}}
COMMENT = {"requestBody": {"required": False, "content": {"application/json": {"schema": {
    "type": "object", "properties": {"comment": {"type": "string", "maxLength": 2000}}}}}}}


def _body_doc(schema: dict[str, Any]) -> dict[str, Any]:
    return {"requestBody": {"required": True, "content": {
        "application/json": {"schema": schema}}}}


async def _optional_json(request: Request) -> Any:
    return await read_json(request) if (await request.body()).strip() else None


# --- flows ---------------------------------------------------------------------------
@router.get("/approval_flows", summary="Approval flows (object= to filter)", responses=ERRORS)
async def list_flows(request: Request, object: str | None = None) -> Response:
    return json_response(await run(request, lambda ctx: flows.list_flows(ctx, object)))


@router.post("/approval_flows", summary="Create an approval flow", status_code=201,
             responses=ERRORS, openapi_extra=_body_doc(FLOW_BODY))
async def create_flow(request: Request) -> Response:
    body = await read_json(request)
    return json_response(await run(request, lambda ctx: flows.view(
        flows.create_flow(ctx, body)), write=True), status=201)


@router.get("/approval_flows/{flow_id}", summary="One approval flow", responses=ERRORS)
async def get_flow(request: Request, flow_id: str) -> Response:
    def work(ctx: Context) -> dict[str, Any]:
        flows.require_admin(ctx)
        return flows.view(flows.get_flow(ctx, flow_id))

    return json_response(await run(request, work))


@router.patch("/approval_flows/{flow_id}", summary="Change an approval flow "
              "(approvals under way keep their steps)", responses=ERRORS,
              openapi_extra=_body_doc(FLOW_BODY | {"required": []}))
async def update_flow(request: Request, flow_id: str) -> Response:
    body = await read_json(request)
    return json_response(await run(request, lambda ctx: flows.view(
        flows.update_flow(ctx, flow_id, body)), write=True))


@router.delete("/approval_flows/{flow_id}", status_code=204, responses=ERRORS,
               summary="Delete an approval flow")
async def delete_flow(request: Request, flow_id: str) -> Response:
    await run(request, lambda ctx: flows.delete_flow(ctx, flow_id), write=True)
    return Response(status_code=204)


# --- approvals -------------------------------------------------------------------------
@router.post("/{object_name}/{record_id}/submit", responses=ERRORS, openapi_extra=COMMENT,
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
            responses=ERRORS)
async def list_approvals(request: Request, mine: bool = False, status: str | None = None,
                         object: str | None = None, record_id: str | None = None) -> Response:
    params = dict(request.query_params)
    return json_response(await run(request, lambda ctx: engine.list_approvals(ctx, params)))


@router.get("/approvals/{approval_id}", summary="One approval with every approver's task",
            responses=ERRORS)
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
                         openapi_extra=COMMENT)
