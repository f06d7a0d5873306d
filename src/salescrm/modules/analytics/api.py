"""HTTP routes of analytics: the report builder, saved reports, dashboards, targets and
the ``/analytics/…`` figures. Handlers only translate HTTP ↔ the services."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from starlette.responses import Response

from salescrm.models import SavedReport
from salescrm.modules.analytics import (
    body_docs,
    dashboards,
    export,
    forecast,
    funnel,
    reports,
    saved,
    standard,
    targets,
)
from salescrm.modules.analytics.replica import run_reading
from salescrm.modules.analytics.sql import LIMITS
from salescrm.platform.auth.scopes import needs
from salescrm.platform.boundary import json_response, read_json, run
from salescrm.platform.errors import FieldError, ProblemError
from salescrm.platform.tenancy import Context

router = APIRouter(prefix="/api/v1", tags=["analytics"])
PROBLEM: dict[str, Any] = {"content": {"application/problem+json": {
    "schema": {"$ref": "#/components/schemas/Problem"}}}, "description": "Problem"}
ERRORS: dict[int | str, dict[str, Any]] = {401: PROBLEM, 403: PROBLEM, 404: PROBLEM,
                                           422: PROBLEM}

RESULT_SCHEMA: dict[str, Any] = {"type": "object", "properties": {
    "columns": {"type": "array", "items": {"type": "object"}},
    "rows": {"type": "array", "items": {"type": "object"}},
    "truncated": {"type": "boolean"}, "notice": {"type": "string"}}}


def _fmt(request: Request) -> str:
    fmt = request.query_params.get("format", "csv")
    if fmt not in export.CONTENT_TYPES:
        raise ProblemError(422, "report.format", errors=[FieldError("format", "report.format")])
    return fmt


# --- report builder -----------------------------------------------------------
@router.post("/reports/run", summary="Run an ad-hoc report (group by, measures, filters)",
             responses=ERRORS, openapi_extra=needs("reports:read", body_docs.body(body_docs.spec(), responses={
                 "200": {"description": "Rows", "content": {"application/json": {
                     "schema": RESULT_SCHEMA}}}})))
async def run_report(request: Request) -> Response:
    body = await read_json(request)
    return json_response(await run_reading(request, lambda ctx: reports.run(ctx, body)))


@router.post("/reports/export", summary="Export an ad-hoc report as CSV or XLSX",
             responses=ERRORS,
             openapi_extra=needs("reports:read", body_docs.body(body_docs.spec(LIMITS.export_rows))))
async def export_adhoc(request: Request) -> Response:
    body = await read_json(request)
    fmt = _fmt(request)

    def work(ctx: Context) -> dict[str, Any]:
        spec = reports.parse_spec(ctx, body, max_rows=LIMITS.export_rows)
        ctx.permissions.require(spec.obj, "export")
        return reports.run_report(ctx, spec)

    result = await run_reading(request, work)
    return export.file_response(result, fmt, result["object"])


@router.get("/reports", summary="Saved reports the caller can see (own and shared)",
            responses=ERRORS, openapi_extra=needs("reports:read"))
async def list_saved(request: Request) -> Response:
    obj = request.query_params.get("object")
    return json_response(await run(request, lambda ctx: saved.list_reports(ctx, obj)))


@router.post("/reports", summary="Save a report (sharing: private, department, all)",
             status_code=201, responses=ERRORS,
             openapi_extra=needs("reports:write", body_docs.body(body_docs.SAVED_REPORT_CREATE)))
async def create_saved(request: Request) -> Response:
    body = await read_json(request)
    return json_response(await run(request, lambda ctx: saved.save_report(ctx, body),
                                   write=True), status=201)


@router.get("/reports/{report_id}", summary="One saved report", responses=ERRORS, openapi_extra=needs("reports:read"))
async def get_saved(request: Request, report_id: str) -> Response:
    return json_response(await run(request, lambda ctx: saved.report_view(
        ctx, saved.load(ctx, SavedReport, report_id))))


@router.patch("/reports/{report_id}", summary="Change a saved report (send its version)",
              responses={**ERRORS, 409: PROBLEM},
              openapi_extra=needs("reports:write", body_docs.body(body_docs.SAVED_REPORT_UPDATE)))
async def update_saved(request: Request, report_id: str) -> Response:
    body = await read_json(request)
    return json_response(await run(request, lambda ctx: saved.save_report(ctx, body,
                                                                          report_id),
                                   write=True))


@router.delete("/reports/{report_id}", summary="Delete a saved report", status_code=204,
               responses=ERRORS, openapi_extra=needs("reports:delete"))
async def delete_saved(request: Request, report_id: str) -> Response:
    await run(request, lambda ctx: saved.delete(ctx, SavedReport, report_id), write=True)
    return Response(status_code=204)


@router.get("/reports/{report_id}/run", summary="Run a saved report with the caller's scope",
            responses=ERRORS, openapi_extra=needs("reports:read"))
async def run_saved(request: Request, report_id: str) -> Response:
    return json_response(await run_reading(request, lambda ctx: saved.run_saved(ctx,
                                                                                report_id)))


@router.get("/reports/{report_id}/export", summary="Export a saved report (format=csv|xlsx)",
            responses=ERRORS, openapi_extra=needs("reports:read"))
async def export_saved(request: Request, report_id: str) -> Response:
    fmt = _fmt(request)

    def work(ctx: Context) -> tuple[str, dict[str, Any]]:
        name, body = saved.saved_spec_body(ctx, report_id)
        spec = reports.parse_spec(ctx, body, max_rows=LIMITS.export_rows)
        ctx.permissions.require(spec.obj, "export")
        return name, reports.run_report(ctx, spec, limit=LIMITS.export_rows)

    name, result = await run_reading(request, work)
    return export.file_response(result, fmt, name)


# --- dashboards -----------------------------------------------------------------
@router.get("/dashboards", summary="Dashboards the caller can see, with the defaults",
            responses=ERRORS, openapi_extra=needs("dashboards:read"))
async def list_dashboards(request: Request) -> Response:
    return json_response(await run(request, dashboards.list_dashboards))


@router.post("/dashboards", summary="Save a dashboard layout", status_code=201,
             responses=ERRORS, openapi_extra=needs("dashboards:write", body_docs.body(body_docs.DASHBOARD_CREATE)))
async def create_dashboard(request: Request) -> Response:
    body = await read_json(request)
    return json_response(await run(request, lambda ctx: dashboards.save(ctx, body),
                                   write=True), status=201)


@router.get("/dashboards/{dashboard_id}", summary="One dashboard", responses=ERRORS, openapi_extra=needs("dashboards:read"))
async def get_dashboard(request: Request, dashboard_id: str) -> Response:
    return json_response(await run(request, lambda ctx: dashboards.get(ctx, dashboard_id)))


@router.patch("/dashboards/{dashboard_id}", summary="Change a dashboard (send its version)",
              responses={**ERRORS, 409: PROBLEM},
              openapi_extra=needs("dashboards:write", body_docs.body(body_docs.DASHBOARD_UPDATE)))
async def update_dashboard(request: Request, dashboard_id: str) -> Response:
    body = await read_json(request)
    return json_response(await run(request, lambda ctx: dashboards.save(ctx, body,
                                                                        dashboard_id),
                                   write=True))


@router.delete("/dashboards/{dashboard_id}", summary="Delete a dashboard", status_code=204,
               responses=ERRORS, openapi_extra=needs("dashboards:delete"))
async def delete_dashboard(request: Request, dashboard_id: str) -> Response:
    await run(request, lambda ctx: dashboards.delete(ctx, dashboard_id), write=True)
    return Response(status_code=204)


@router.get("/dashboards/{dashboard_id}/data", summary="Every widget's figures at once",
            responses=ERRORS, openapi_extra=needs("dashboards:read"))
async def dashboard_data(request: Request, dashboard_id: str) -> Response:
    return json_response(await run(request, lambda ctx: dashboards.data(ctx, dashboard_id)))


# --- analytics figures ------------------------------------------------------------
PARAM_DOCS = {
    "from": "first day (YYYY-MM-DD)", "to": "last day (YYYY-MM-DD), inclusive",
    "tz": "IANA time zone of the days (UTC)", "pipeline_id": "pipeline (default: the default)",
    "owner_id": "only this owner's deals", "department_id": "owners in this department and below",
    "region": "the account's region", "source": "the deal's source",
    "campaign_id": "the deal's campaign",
    "product_id": "deals that quoted or ordered this product", "window_days": "trailing window of the rates (365)",
    "horizon_days": "a deal counts as won if won within this many days (180)",
    "min_sample": "deals a stage and age need before their rate is used (20)",
    "period": "2026-11, 2026-Q4, current_month or current_quarter",
    "metric": "won_amount or paid_amount", "by": "what to group or rank by",
    "measure": "won, ordered or paid", "basis": "order_date or due_date",
}


_WHOLE = {"window_days": (30, 1830), "horizon_days": (7, 730), "min_sample": (1, 100_000)}
_BY = {"revenue": standard.REVENUE_DIMENSIONS,
       "payments": tuple(d for d in standard.REVENUE_DIMENSIONS if d != "product"),
       "receivables": ("none", "owner", "account"),
       "lead_conversion": ("source", "campaign", "utm_source", "owner"),
       "leaderboard": ("actual", "attainment")}
_CHOICES = {"metric": targets.METRICS, "measure": ("won", "ordered", "paid"),
            "basis": ("order_date", "due_date")}
# A month (2026-11), a quarter (2026-Q4) or a moving period; empty = the current month.
_YEAR = "(19[7-9][0-9]|2[01][0-9][0-9]|2200)"  # the years of params.MIN_DATE..MAX_DATE
_PERIOD = f"^(current_month|current_quarter|{_YEAR}-(0[1-9]|1[0-2])|{_YEAR}-[Qq][1-4])?$"


def param_schema(path: str, name: str) -> dict[str, Any]:
    """What the server accepts for one query parameter of a figure (see params.Query).
    Relations between parameters (from ≤ to, span ≤ ten years, dates 1970–2200) and ids
    naming records are said in the descriptions: no schema can state them."""
    if name in ("from", "to"):
        return {"type": "string", "format": "date"}
    if name == "tz":
        return {"type": "string", "enum": timezone_names()}
    if name in _WHOLE:
        low, high = _WHOLE[name]
        return {"type": "integer", "minimum": low, "maximum": high}
    if name == "by":
        return {"type": "string", "enum": list(_BY[path])}
    if name in _CHOICES:
        return {"type": "string", "enum": list(_CHOICES[name])}
    if name == "period":
        return {"type": "string", "pattern": _PERIOD}
    return {"type": "string", "maxLength": 100}


def timezone_names() -> list[str]:
    from zoneinfo import available_timezones

    from salescrm.modules.analytics.sql import check_timezone

    return sorted(n for n in available_timezones() if check_timezone(n) is not None)


def figure_route(path: str, fn: Any, summary: str, description: str,
                 params: tuple[str, ...]) -> None:
    # The forecast may write its rate cache: it stays on the primary.
    runner = run if fn is forecast.forecast else run_reading

    async def handler(request: Request) -> Response:
        query = dict(request.query_params)
        return json_response(await runner(request, lambda ctx: fn(ctx, query)))

    docs = [{"name": p, "in": "query", "required": False,
             "schema": param_schema(path, p), "description": PARAM_DOCS.get(p, p)}
            for p in params]
    router.add_api_route(f"/analytics/{path}", handler, methods=["GET"], summary=summary,
                         description=description, responses=ERRORS,
                         openapi_extra=needs("analytics:read", {"parameters": docs}))


figure_route("funnel", funnel.funnel, "Sales funnel of a pipeline over a period",
             "From the stage history: per stage the deals that entered it in the period "
             "(count, amount), stage-to-next conversion_rate, stage-to-win win_rate, "
             "average days in stage; totals: win rate, average deal size, sales cycle. "
             "Parameters: pipeline_id, from, to (YYYY-MM-DD), tz, owner_id, department_id, "
             "region, source, campaign_id.", tuple(sorted(funnel.PARAMS)))
figure_route("forecast", forecast.forecast, "Forecast of a period",
             "weighted_amount (stage probability, close_date), historical_amount (the "
             "observed chance that a deal of that stage and age is won within "
             "horizon_days, timed by the observed days to those wins), won_amount, "
             "commit_amount, best_case_amount; by_stage (with the rates by age), by_owner, "
             "by_department, by_month. Parameters: from, to, tz, pipeline_id, owner_id, "
             "department_id, region, source, campaign_id, window_days, horizon_days, "
             "min_sample.", tuple(sorted(forecast.PARAMS)))
figure_route("targets", targets.attainment, "Target attainment of reps and departments",
             "period (2026-11, 2026-Q4, current_month, current_quarter), metric "
             "(won_amount|paid_amount), tz. Department targets roll up from members and "
             "sub-departments unless set; a quarter sums its months' targets unless set.",
             ("period", "metric", "tz"))
figure_route("leaderboard", targets.leaderboard, "Reps ranked by actual or attainment",
             "period, metric, by=actual|attainment, tz.", ("period", "metric", "by", "tz"))
STANDARD_DOCS = {
    "revenue": "by=month|quarter|region|province|industry|owner|department|source|product, "
               "measure=won|ordered|paid, from, to, tz.",
    "payments": "Payments received (回款): by=month|quarter|region|province|industry|owner|"
                "department|source, from, to, tz.",
    "receivables": "Receivables ageing (not_due, 0-30, 31-60, 61-90, >90 days): "
                   "basis=order_date|due_date, by=none|owner|account.",
    "lead_conversion": "Leads created in the period by=source|campaign|utm_source|owner: "
                       "converted, opportunities, won amount.",
    "campaign_roi": "Per campaign: cost, leads, opportunities, won amount, payments, ROI.",
    "activities": "Follow-ups per rep by kind (call, visit, meeting, email, note, checkin).",
    "lost_reasons": "Deals lost in the period by reason.",
}
for _name, _fn in standard.REPORTS.items():
    figure_route(_name, _fn, f"Standard report: {_name.replace('_', ' ')}",
                 STANDARD_DOCS[_name], standard.PARAMS[_name])


# --- targets ------------------------------------------------------------------------
@router.get("/targets", summary="Sales targets the caller can see", responses=ERRORS, openapi_extra=needs("targets:read"))
async def list_targets(request: Request) -> Response:
    params = dict(request.query_params)
    return json_response(await run(request, lambda ctx: targets.list_targets(ctx, params)))


@router.post("/targets", summary="Set a target (subject_type, subject_id, period, amount)",
             status_code=201, responses={**ERRORS, 409: PROBLEM},
             openapi_extra=needs("targets:write", body_docs.body(body_docs.TARGET_CREATE)))
async def create_target(request: Request) -> Response:
    body = await read_json(request)
    return json_response(await run(request, lambda ctx: targets.create_target(ctx, body),
                                   write=True), status=201)


@router.patch("/targets/{target_id}", summary="Change a target's amount (send its version)",
              responses={**ERRORS, 409: PROBLEM},
              openapi_extra=needs("targets:write", body_docs.body(body_docs.TARGET_UPDATE)))
async def update_target(request: Request, target_id: str) -> Response:
    body = await read_json(request)
    return json_response(await run(request, lambda ctx: targets.update_target(
        ctx, target_id, body), write=True))


@router.delete("/targets/{target_id}", summary="Remove a target", status_code=204,
               responses=ERRORS, openapi_extra=needs("targets:delete"))
async def delete_target(request: Request, target_id: str) -> Response:
    await run(request, lambda ctx: targets.delete_target(ctx, target_id), write=True)
    return Response(status_code=204)
