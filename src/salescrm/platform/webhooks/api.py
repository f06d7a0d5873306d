"""``/api/v1/webhooks``: subscriptions, their delivery log, and replay."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Query, Request
from starlette.responses import Response

from salescrm.platform.auth.scopes import needs
from salescrm.platform.boundary import json_response, read_json, run
from salescrm.platform.customization import docs
from salescrm.platform.definitions import require_admin
from salescrm.platform.metadata import builtin_objects
from salescrm.platform.tenancy import Context
from salescrm.platform.webhooks import subscriptions as subs
from salescrm.platform.webhooks.destinations import DESTINATION_PATTERN

router = APIRouter(prefix="/api/v1/webhooks", tags=["webhooks"])
ERRORS = docs.ERRORS


def _event_pattern() -> str:
    names = sorted(builtin_objects())
    objects = "|".join(names) if names else "[a-z][a-z0-9_]{1,63}"
    return rf"^(\*|({objects})\.([a-z][a-z0-9_]{{1,40}}|\*))$"


BODY = {"type": "object", "required": ["url", "events"], "additionalProperties": False,
        "properties": {
            "url": {"type": "string", "format": "uri", "maxLength": 2000,
                    "pattern": DESTINATION_PATTERN},
            "events": {"type": "array", "minItems": 1, "maxItems": subs.MAX_EVENTS,
                       "items": {"type": "string", "pattern": _event_pattern()},
                       "description": "e.g. accounts.created, opportunities.stage_changed, "
                                      "orders.approved; \"*\" or \"accounts.*\"; custom "
                                      "objects by api name"},
            "secret": {"type": "string", "minLength": 16, "maxLength": 200,
                       "description": "HMAC-SHA256 key (generated when omitted, shown once)"},
            "description": {"type": ["string", "null"], "maxLength": 500},
            "is_active": {"type": "boolean"}, "version": {"type": "integer"}}}


@router.get("", summary="Webhook subscriptions", responses=ERRORS, openapi_extra=needs("admin"))
async def list_webhooks(request: Request) -> Response:
    return json_response(await run(request, subs.list_webhooks))


@router.post("", summary="Subscribe a URL to events (signed with X-SalesCRM-Signature)",
             status_code=201, responses=ERRORS, openapi_extra=needs("admin", docs.body_doc(BODY)))
async def create_webhook(request: Request) -> Response:
    body = await read_json(request)
    return json_response(await run(request, lambda ctx: subs.create_webhook(ctx, body),
                                   write=True), status=201)


@router.get("/{webhook_id}", summary="One webhook", responses=ERRORS, openapi_extra=needs("admin"))
async def get_webhook(request: Request, webhook_id: str) -> Response:
    def work(ctx: Context) -> dict[str, Any]:
        require_admin(ctx)
        return subs.view(subs.get_webhook(ctx, webhook_id))

    return json_response(await run(request, work))


@router.patch("/{webhook_id}", summary="Change a webhook (is_active=true re-enables it)",
              responses=ERRORS, openapi_extra=needs("admin", docs.body_doc({**BODY, "required": []})))
async def update_webhook(request: Request, webhook_id: str) -> Response:
    body = await read_json(request)
    return json_response(await run(request, lambda ctx: subs.update_webhook(
        ctx, webhook_id, body), write=True))


@router.delete("/{webhook_id}", status_code=204, responses=ERRORS,
               summary="Delete a webhook (pending deliveries are not sent)", openapi_extra=needs("admin"))
async def delete_webhook(request: Request, webhook_id: str) -> Response:
    await run(request, lambda ctx: subs.delete_webhook(ctx, webhook_id), write=True)
    return Response(status_code=204)


@router.get("/{webhook_id}/deliveries", responses=ERRORS,
            summary="Delivery log, newest first (status=pending|succeeded|failed|cancelled)", openapi_extra=needs("admin"))
async def list_deliveries(
        request: Request, webhook_id: str,
        status: str | None = Query(None, pattern="^(pending|succeeded|failed|cancelled)$"),
        event_type: str | None = Query(None, max_length=100)) -> Response:
    params = dict(request.query_params)
    return json_response(await run(request, lambda ctx: subs.list_deliveries(
        ctx, webhook_id, params)))


@router.get("/{webhook_id}/deliveries/{delivery_id}", responses=ERRORS,
            summary="One delivery with its payload and attempts", openapi_extra=needs("admin"))
async def get_delivery(request: Request, webhook_id: str, delivery_id: str) -> Response:
    return json_response(await run(request, lambda ctx: subs.delivery_view(
        subs.get_delivery(ctx, webhook_id, delivery_id), ctx.permissions)))


@router.post("/{webhook_id}/deliveries/{delivery_id}/replay", status_code=202,
             responses=ERRORS, summary="Send a delivery's payload again (a new delivery, "
             "same event id)", openapi_extra=needs("admin"))
async def replay_delivery(request: Request, webhook_id: str, delivery_id: str) -> Response:
    return json_response(await run(request, lambda ctx: subs.replay_delivery(
        ctx, webhook_id, delivery_id), write=True), status=202)
