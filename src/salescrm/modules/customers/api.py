"""Account actions beyond the generic routes: pool claim/release, transfer, merge;
and the pool settings of leads and accounts."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from starlette.responses import Response

from salescrm.modules.customers import merge, pool, service
from salescrm.platform.auth.scopes import needs
from salescrm.platform.boundary import json_response, read_json, run
from salescrm.platform.records import service as records
from salescrm.platform.records.behaviour import PoolKind
from salescrm.platform.tenancy import Context

router = APIRouter(prefix="/api/v1", tags=["accounts"])
PROBLEM = {"content": {"application/problem+json": {
    "schema": {"$ref": "#/components/schemas/Problem"}}}, "description": "Problem"}
ACCOUNT = {"200": {"description": "The account", "content": {"application/json": {
    "schema": {"$ref": "#/components/schemas/accounts_record"}}}}}


def _body(schema: dict[str, Any], required: list[str]) -> dict[str, Any]:
    return {"requestBody": {"required": True, "content": {"application/json": {"schema": {
        "type": "object", "required": required, "properties": schema}}}}, "responses": ACCOUNT}


TRANSFER = _body({"owner_id": {"type": "string", "minLength": 1, "maxLength": 64},
                  "include_contacts": {"type": "boolean", "default": True}}, ["owner_id"])
MERGE = _body({"duplicate_id": {"type": "string", "minLength": 1, "maxLength": 64}},
               ["duplicate_id"])
SETTING = {"type": ["integer", "null"], "minimum": 1, "maximum": pool.MAX_SETTING}
SETTINGS_SCHEMA = {"type": "object", "additionalProperties": False, "properties": {
    "max_held": SETTING, "return_after_days": SETTING}}
SETTINGS_OUT = {"200": {"description": "The pool settings", "content": {"application/json": {
    "schema": {"type": "object", "required": ["object", "max_held", "return_after_days"],
               "properties": {"object": {"type": "string"}, "max_held": SETTING,
                              "return_after_days": SETTING}}}}}}
SETTINGS = {"requestBody": {"required": True, "content": {"application/json": {
    "schema": SETTINGS_SCHEMA}}}, "responses": SETTINGS_OUT}
ERRORS: dict[int | str, dict[str, Any]] = {400: PROBLEM, 401: PROBLEM, 403: PROBLEM,
                                           404: PROBLEM, 409: PROBLEM, 422: PROBLEM}


def _account(ctx: Context, row: Any) -> dict[str, Any]:
    return records.read(ctx, ctx.object("accounts"), row.id)


@router.post("/accounts/{record_id}/claim", summary="Take an account from the customer pool",
             openapi_extra=needs("accounts:write", {"responses": ACCOUNT}), responses=ERRORS)
async def claim_account(request: Request, record_id: str) -> Response:
    return json_response(await run(request, lambda ctx: _account(
        ctx, pool.claim(ctx, "accounts", record_id[:64])), write=True))


@router.post("/accounts/{record_id}/release", summary="Return an account to the customer pool",
             openapi_extra=needs("accounts:write", {"responses": ACCOUNT}), responses=ERRORS)
async def release_account(request: Request, record_id: str) -> Response:
    return json_response(await run(request, lambda ctx: _account(
        ctx, pool.release(ctx, "accounts", record_id[:64])), write=True))


@router.post("/accounts/{record_id}/transfer", summary="Give an account (and its contacts) "
             "to another owner", openapi_extra=needs("accounts:write", TRANSFER), responses=ERRORS)
async def transfer_account(request: Request, record_id: str) -> Response:
    body = await read_json(request)
    return json_response(await run(request, lambda ctx: _account(
        ctx, service.transfer_account(ctx, record_id[:64], body)), write=True))


@router.post("/accounts/{record_id}/merge", summary="Merge a duplicate account into this one",
             openapi_extra=needs("accounts:write", MERGE), responses=ERRORS)
async def merge_account(request: Request, record_id: str) -> Response:
    body = await read_json(request)
    return json_response(await run(request, lambda ctx: _account(
        ctx, merge.merge_accounts(ctx, record_id[:64], body)), write=True))


@router.get("/pool_settings", summary="Pool settings of leads and accounts", tags=["pools"],
            responses={401: PROBLEM}, openapi_extra=needs("pool_settings:read"))
async def list_pool_settings(request: Request) -> Response:
    def work(ctx: Context) -> dict[str, Any]:
        return {"items": [pool.effective_settings(ctx.session, kind)
                          for kind in pool.pools()]}

    return json_response(await run(request, work))


def _add_pool_settings_routes(kind: PoolKind) -> None:
    """GET and PATCH per pooled object (this module is imported after the app
    registered the modules' behaviours)."""
    name = kind.object

    async def get_settings(request: Request) -> Response:
        return json_response(await run(request, lambda ctx: pool.effective_settings(
            ctx.session, pool.pool_kind(name))))

    async def patch_settings(request: Request) -> Response:
        body = await read_json(request)
        return json_response(await run(request, lambda ctx: pool.update_settings(
            ctx, pool.pool_kind(name), body), write=True))

    router.add_api_route(f"/pool_settings/{name}", get_settings, methods=["GET"],
                         summary=f"Pool settings of {name}", tags=["pools"],
                         openapi_extra=needs("pool_settings:read", {"responses": SETTINGS_OUT}), responses={401: PROBLEM})
    router.add_api_route(f"/pool_settings/{name}", patch_settings, methods=["PATCH"],
                         summary=f"Change the cap and the days without follow-up before "
                         f"{name} return to the pool (admins)", tags=["pools"],
                         openapi_extra=needs("admin", SETTINGS), responses=ERRORS)


for _kind in pool.pools():
    _add_pool_settings_routes(_kind)
