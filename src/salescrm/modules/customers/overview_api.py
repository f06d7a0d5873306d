"""``GET /api/v1/accounts/{id}/overview``: the 360° view of a customer."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Query, Request
from starlette.responses import Response

from salescrm.modules.customers import overview
from salescrm.platform.auth.scopes import needs
from salescrm.platform.boundary import json_response, run
from salescrm.platform.errors import not_found
from salescrm.platform.permissions.field_levels import HIDDEN_FIELDS_SCHEMA, withheld_money
from salescrm.platform.tenancy import Context

router = APIRouter(prefix="/api/v1", tags=["accounts"])
PROBLEM = {"description": "Problem", "content": {"application/problem+json": {
    "schema": {"$ref": "#/components/schemas/Problem"}}}}
MONEY = {"type": "string", "pattern": r"^-?\d+\.\d{2}$"}


def _list(object_name: str) -> dict[str, Any]:
    return {"type": "array", "items": {"$ref": f"#/components/schemas/{object_name}_record"}}


OVERVIEW: dict[str, Any] = {
    "description": "The account with its related records (newest first, at most `limit` "
    "each; `more` tells which sections have more) and money totals",
    "content": {"application/json": {"schema": {"type": "object", "properties": {
        "account": {"$ref": "#/components/schemas/accounts_record"},
        **{name: _list(obj) for name, (obj, _sort) in overview.SECTIONS.items()},
        "totals": {"type": "object", "properties": {
            name: withheld_money(MONEY) for name in overview.TOTALS}},
        "more": {"type": "object", "additionalProperties": {"type": "boolean"}},
        "hidden_fields": HIDDEN_FIELDS_SCHEMA,
    }}}},
}


@router.get("/accounts/{account_id}/overview", summary="The 360° view of an account",
            responses={200: OVERVIEW, 401: PROBLEM, 403: PROBLEM, 404: PROBLEM, 422: PROBLEM}, openapi_extra=needs("accounts:read"))
async def account_overview(request: Request, account_id: str,
                           limit: int = Query(overview.DEFAULT_LIMIT, ge=1,
                                              le=overview.MAX_LIMIT)) -> Response:
    params = dict(request.query_params)

    def work(ctx: Context) -> dict[str, Any]:
        if len(account_id) > 64:
            raise not_found()
        return overview.account_overview(ctx, account_id, overview.parse_limit(params))

    return json_response(await run(request, work))
