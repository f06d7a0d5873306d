"""Sales routes beyond the generic CRUD: the kanban board, stage history, quote → order.

Included before the generic object routes, so ``/opportunities/kanban`` is not
taken for a record id.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from fastapi import APIRouter, Request
from sqlalchemy import func, select
from starlette.responses import Response

from salescrm.models import Opportunity
from salescrm.modules.sales import quotes, service
from salescrm.modules.sales.pipelines import default_pipeline, get_pipeline, stage_name
from salescrm.modules.sales.pricing import money_text
from salescrm.platform.auth.scopes import needs
from salescrm.platform.boundary import json_response, read_json, run
from salescrm.platform.errors import FieldError, ProblemError, not_found, validation_error
from salescrm.platform.metadata import builtin_objects
from salescrm.platform.permissions.field_levels import (
    HIDDEN_FIELDS_SCHEMA,
    Withheld,
    withheld_money,
)
from salescrm.platform.records import service as records
from salescrm.platform.records.openapi import EXTRA_COMPONENTS, input_schema
from salescrm.platform.records.query import parse_list_params, search_clause
from salescrm.platform.tenancy import Context

router = APIRouter(prefix="/api/v1", tags=["sales"])
PROBLEM = {"description": "Problem", "content": {"application/problem+json": {
    "schema": {"$ref": "#/components/schemas/Problem"}}}}
KANBAN_DEFAULT, KANBAN_MAX = 20, 100
MONEY = {"type": "string", "pattern": r"^-?\d+\.\d{2}$"}
MONEY_OR_HIDDEN = withheld_money(MONEY)

KANBAN_SCHEMA = {"type": "object", "required": ["pipeline", "stages"], "properties": {
    "pipeline": {"type": "object", "properties": {"id": {"type": "string"},
                                                  "name": {"type": "string"}}},
    "stages": {"type": "array", "items": {"type": "object", "required": [
        "key", "name", "count", "amount", "items"], "properties": {
        "key": {"type": "string"}, "name": {"type": "string"},
        "kind": {"type": "string", "enum": ["open", "won", "lost"]},
        "probability": {"type": "integer"}, "count": {"type": "integer"},
        "amount": MONEY_OR_HIDDEN, "weighted_amount": MONEY_OR_HIDDEN,
        "items": {"type": "array", "items": {"$ref": "#/components/schemas/opportunities_record"}},
        "next_cursor": {"anyOf": [{"type": "string"}, {"type": "null"}]}}}},
    "totals": {"type": "object", "properties": {"count": {"type": "integer"},
                                                "amount": MONEY_OR_HIDDEN}},
    "hidden_fields": HIDDEN_FIELDS_SCHEMA,
}}
HISTORY_SCHEMA = {"type": "object", "required": ["items"], "properties": {"items": {
    "type": "array", "items": {"type": "object", "properties": {
        "id": {"type": "string"}, "pipeline_id": {"type": "string"},
        "stage": {"type": "string"}, "stage_name": {"type": "string"},
        "entered_at": {"type": "string", "format": "date-time"},
        "left_at": {"anyOf": [{"type": "string", "format": "date-time"}, {"type": "null"}]},
        "moved_by": {"anyOf": [{"type": "string"}, {"type": "null"}]},
        "amount": {"anyOf": [MONEY, {"type": "null"}]},
        "duration_seconds": {"type": "integer"}}}}}}
CONVERT_SCHEMA = {"type": "object", "required": ["order_id", "quote_id"], "properties": {
    "order_id": {"type": "string"}, "quote_id": {"type": "string"},
    "order": {"anyOf": [{"$ref": "#/components/schemas/orders_record"}, {"type": "null"}]},
    "quote": {"$ref": "#/components/schemas/quotes_record"}}}


def convert_body() -> dict[str, Any]:
    """Extra fields of the order a quote becomes: an order's create body without the
    lines and quote (they come from the quote), nothing required."""
    orders = builtin_objects().get("orders")
    if orders is None:
        return {"type": "object"}
    create = input_schema(orders, creating=True)
    return {"type": "object", "additionalProperties": False,
            "properties": {k: v for k, v in create["properties"].items()
                           if k not in ("lines", "quote_id")},
            "allOf": create.get("allOf", []),
            "description": "Extra order fields (contract_id, ordered_on …); the account, "
                           "currency and lines come from the quote unless given."}


EXTRA_COMPONENTS["quotes_convert_to_order"] = convert_body


def _ok(schema: dict[str, Any], code: str = "200") -> dict[int | str, dict[str, Any]]:
    return {code: {"description": "OK", "content": {"application/json": {"schema": schema}}}}


def kanban(ctx: Context, params: dict[str, str]) -> dict[str, Any]:
    """Opportunities of one pipeline grouped by stage, within the caller's data scope.

    Any list filter (``owner_id=``, ``close_date__lte=``, ``q=`` …) narrows both the
    sums and the cards; ``limit`` is the number of cards per stage.
    """
    obj = ctx.object("opportunities")
    ctx.permissions.require(obj, "read")
    params = {k: v for k, v in params.items() if k not in ("cursor", "count", "deleted",
                                                           "stage")}
    pipeline_id = params.pop("pipeline_id", None)
    try:
        limit = int(params.pop("limit", KANBAN_DEFAULT))
        if not 1 <= limit <= KANBAN_MAX:
            raise ValueError
    except ValueError as exc:
        raise validation_error([FieldError("limit", "sales.kanban_limit",
                                           max=KANBAN_MAX)]) from exc
    pipeline = get_pipeline(ctx, pipeline_id[:64]) if pipeline_id else default_pipeline(ctx)
    if pipeline is None:
        raise not_found()
    p = parse_list_params(obj, params, ctx.permissions)
    where = [*records.base_criteria(ctx, obj), Opportunity.pipeline_id == pipeline.id,
             *p.filters]
    if p.q:
        where.append(search_clause(obj, p.q, ctx.permissions))
    sums = {stage: (count, amount) for stage, count, amount in ctx.session.execute(
        select(Opportunity.stage, func.count(), func.sum(Opportunity.amount))
        .where(*where).group_by(Opportunity.stage))}
    withheld = Withheld(ctx.permissions)
    shown = not withheld.hides(obj.api_name, "amount")  # else every amount is null
    stages, total_count, total_amount = [], 0, Decimal("0")
    for stage in pipeline.stages or []:
        count, amount = sums.get(stage["key"], (0, None))
        amount = amount or Decimal("0")
        page = records.list_records(ctx, obj, {**params, "pipeline_id": pipeline.id,
                                               "stage": stage["key"], "limit": str(limit)}
                                    ) if count else {"items": [], "next_cursor": None}
        weighted = amount * (stage.get("probability") or 0) / 100
        stages.append({"key": stage["key"], "name": stage_name(stage, ctx.locale),
                       "kind": stage["kind"], "probability": stage.get("probability"),
                       "count": count, "amount": money_text(amount) if shown else None,
                       "weighted_amount": money_text(weighted) if shown else None,
                       "items": page["items"], "next_cursor": page["next_cursor"]})
        total_count += count
        total_amount += amount
    return withheld.mark({
        "pipeline": {"id": pipeline.id, "name": pipeline.name}, "stages": stages,
        "totals": {"count": total_count,
                   "amount": money_text(total_amount) if shown else None}})


@router.get("/opportunities/kanban", summary="Opportunities grouped by stage (kanban)",
            tags=["opportunities"],
            openapi_extra=needs("opportunities:read", {"parameters": [
                {"name": "pipeline_id", "in": "query", "schema": {"type": "string"},
                 "description": "Default pipeline when omitted."},
                {"name": "limit", "in": "query", "schema": {
                    "type": "integer", "minimum": 1, "maximum": KANBAN_MAX,
                    "default": KANBAN_DEFAULT}, "description": "Cards per stage; list "
                 "filters (field=value, field__gte= …) and q narrow sums and cards."}]}),
            responses={**_ok(KANBAN_SCHEMA), 400: PROBLEM, 401: PROBLEM, 403: PROBLEM,
                       404: PROBLEM, 422: PROBLEM})
async def opportunities_kanban(request: Request) -> Response:
    params = dict(request.query_params)
    return json_response(await run(request, lambda ctx: kanban(ctx, params)))


@router.get("/opportunities/{record_id}/stage_history", tags=["opportunities"],
            summary="Stages an opportunity went through, oldest first",
            responses={**_ok(HISTORY_SCHEMA), 401: PROBLEM, 404: PROBLEM}, openapi_extra=needs("opportunities:read"))
async def opportunity_stage_history(request: Request, record_id: str) -> Response:
    rid = record_id[:64]
    return json_response(await run(request, lambda ctx: service.stage_history(ctx, rid)))


@router.post("/quotes/{record_id}/convert_to_order", tags=["quotes"],
             summary="Create an order from a quote's lines (the quote becomes accepted)",
             openapi_extra=needs("quotes:write", {"requestBody": {"required": False, "content": {
                 "application/json": {"schema": {
                     "$ref": "#/components/schemas/quotes_convert_to_order"}}}}}),
             responses={**_ok(CONVERT_SCHEMA, "201"), 400: PROBLEM, 401: PROBLEM,
                        403: PROBLEM, 404: PROBLEM, 409: PROBLEM, 413: PROBLEM,
                        422: PROBLEM})
async def quote_convert_to_order(request: Request, record_id: str) -> Response:
    rid = record_id[:64]
    raw = await request.body()
    body = await read_json(request) if raw.strip() else None

    def work(ctx: Context) -> dict[str, Any]:
        result = quotes.convert_to_order(ctx, rid, body)
        result["quote"] = records.get_record(ctx, ctx.object("quotes"), rid)
        try:
            result["order"] = records.read(ctx, ctx.object("orders"), result["order_id"])
        except ProblemError:
            result["order"] = None
        return result

    return json_response(await run(request, work, write=True), status=201)
