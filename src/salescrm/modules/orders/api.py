"""Order actions beyond the generic record routes: fulfil and cancel.

Submission for approval is ``POST /api/v1/orders/{id}/submit`` (the approvals engine).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from fastapi import APIRouter, Request
from starlette.responses import Response

from salescrm.models import Order
from salescrm.modules.orders import service
from salescrm.platform.auth.scopes import needs
from salescrm.platform.boundary import json_response, run
from salescrm.platform.errors import not_found
from salescrm.platform.records import service as records
from salescrm.platform.tenancy import Context

router = APIRouter(prefix="/api/v1", tags=["orders"])
PROBLEM = {"description": "Problem", "content": {"application/problem+json": {
    "schema": {"$ref": "#/components/schemas/Problem"}}}}
ORDER = {"description": "The order", "content": {"application/json": {
    "schema": {"$ref": "#/components/schemas/orders_record"}}}}
RESPONSES: dict[int | str, dict[str, Any]] = {
    200: ORDER, 401: PROBLEM, 403: PROBLEM, 404: PROBLEM, 409: PROBLEM}


def _action(order_id: str, fn: Callable[[Context, str], Order]
            ) -> Callable[[Context], dict[str, Any]]:
    def work(ctx: Context) -> dict[str, Any]:
        if len(order_id) > 64:
            raise not_found()
        row = fn(ctx, order_id)
        return records.get_record(ctx, ctx.object("orders"), row.id)
    return work


@router.post("/orders/{order_id}/fulfill", summary="Mark an approved order fulfilled",
             responses=RESPONSES, openapi_extra=needs("orders:write"))
async def fulfill(request: Request, order_id: str) -> Response:
    return json_response(await run(request, _action(order_id, service.fulfill_order),
                                   write=True))


@router.post("/orders/{order_id}/cancel",
             summary="Cancel an order (draft, rejected or approved, without payments)",
             responses=RESPONSES, openapi_extra=needs("orders:write"))
async def cancel(request: Request, order_id: str) -> Response:
    return json_response(await run(request, _action(order_id, service.cancel_order),
                                   write=True))
