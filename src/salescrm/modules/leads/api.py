"""Lead actions beyond the generic routes: convert, claim, release."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from starlette.responses import Response

from salescrm.modules.customers import pool
from salescrm.modules.leads.conversion import convert_lead
from salescrm.platform.auth.scopes import needs
from salescrm.platform.boundary import json_response, read_json, run
from salescrm.platform.errors import FieldError, ProblemError, validation_error
from salescrm.platform.i18n import t
from salescrm.platform.records import service as records
from salescrm.platform.tenancy import Context

router = APIRouter(prefix="/api/v1/leads", tags=["leads"])
PROBLEM = {"content": {"application/problem+json": {
    "schema": {"$ref": "#/components/schemas/Problem"}}}, "description": "Problem"}
ERRORS: dict[int | str, dict[str, Any]] = {400: PROBLEM, 401: PROBLEM, 403: PROBLEM, 404: PROBLEM,
                                           409: PROBLEM, 422: PROBLEM}
LEAD = {"responses": {"200": {"description": "The lead", "content": {"application/json": {
    "schema": {"$ref": "#/components/schemas/leads_record"}}}}}}
CONVERT = {
    "parameters": [{"name": "allow_duplicate", "in": "query", "required": False,
                    "schema": {"type": "boolean"},
                    "description": "Create the account/contact even if duplicates exist"}],
    "requestBody": {"required": False, "content": {"application/json": {"schema": {
        "type": "object", "additionalProperties": False, "properties": {
            "account_id": {"type": ["string", "null"], "minLength": 1, "maxLength": 64,
                           "description": "Convert into this account"},
            "contact_id": {"type": ["string", "null"], "minLength": 1, "maxLength": 64,
                           "description": "Use this contact"},
            "opportunity": {"type": ["object", "null"], "properties": {
                "name": {"type": "string"}, "amount": {"type": "string"},
                "close_date": {"type": "string", "format": "date"}}}}}}}},
    "responses": {"200": {"description": "What the lead became", "content": {
        "application/json": {"schema": {
            "type": "object", "required": ["account_id", "contact_id", "opportunity_id"],
            "properties": {"account_id": {"type": "string"}, "contact_id": {"type": "string"},
                           "opportunity_id": {"type": ["string", "null"]}}}}}}},
}


@router.post("/{record_id}/convert", summary="Convert a lead into account, contact and "
             "(optionally) opportunity", openapi_extra=needs("leads:write", CONVERT), responses=ERRORS)
async def convert(request: Request, record_id: str) -> Response:
    raw = await request.body()
    body = await read_json(request) if raw.strip() else {}
    return json_response(await run(request, lambda ctx: convert_lead(ctx, record_id[:64], body),
                                   write=True))


def _lead(ctx: Context, row: Any) -> dict[str, Any]:
    return records.read(ctx, ctx.object("leads"), row.id)


@router.post("/{record_id}/claim", summary="Take a lead from the pool", openapi_extra=needs("leads:write", LEAD),
             responses=ERRORS)
async def claim(request: Request, record_id: str) -> Response:
    return json_response(await run(request, lambda ctx: _lead(
        ctx, pool.claim(ctx, "leads", record_id[:64])), write=True))


RELEASE = {**LEAD, "requestBody": {"required": False, "content": {"application/json": {
    "schema": {"type": "object", "additionalProperties": False, "properties": {
        "reason": {"type": "string", "maxLength": 500,
                   "description": "Why: kept on the lead's timeline as a note"}}}}}}}


@router.post("/{record_id}/release", summary="Return a lead to the pool (with why)",
             openapi_extra=needs("leads:write", RELEASE), responses=ERRORS)
async def release(request: Request, record_id: str) -> Response:
    raw = await request.body()
    body = await read_json(request) if raw.strip() else {}
    lead_id = record_id[:64]

    def work(ctx: Context) -> dict[str, Any]:
        # The lead first: one the caller cannot see is 404 whatever the body says (a
        # refused body then rolls the release back with the rest).
        row = pool.release(ctx, "leads", lead_id)
        reason = release_reason(body)
        if reason:  # in the same transaction: returned with its why, or not at all
            records.create(ctx, ctx.object("activities"), {
                "kind": "note", "related_type": "leads", "related_id": lead_id,
                "content": t("leads.released_because", reason=reason)})
        return _lead(ctx, row)

    return json_response(await run(request, work, write=True))


def release_reason(body: Any) -> str:
    if not isinstance(body, dict):
        raise ProblemError(422, "error.body_not_object")
    # ``version`` is what clients send with every record action; a release needs none.
    unknown = [FieldError(str(k)[:64], "field.unknown") for k in body
               if k not in ("reason", "version")]
    reason = body.get("reason")
    if reason is not None and (not isinstance(reason, str) or len(reason) > 500):
        unknown.append(FieldError("reason", "field.too_long", max=500))
    if unknown:
        raise validation_error(unknown)
    return (reason or "").strip()
