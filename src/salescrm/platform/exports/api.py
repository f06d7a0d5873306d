"""``GET /api/v1/<object>/export?format=csv|xlsx`` with the list filters, sort and search.

Registered before the generic ``/api/v1/<object>/{id}`` routes, or ``export``
would be taken for a record id.
"""

from __future__ import annotations

from urllib.parse import quote

from fastapi import APIRouter, Request
from starlette.responses import Response, StreamingResponse

from salescrm.platform.boundary import run, sessions
from salescrm.platform.exports import service
from salescrm.platform.tenancy import Context

router = APIRouter(prefix="/api/v1", tags=["import and export"])

MEDIA_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
DOCS = {
    "parameters": [
        {"name": "format", "in": "query", "schema": {"type": "string", "enum": ["csv", "xlsx"],
                                                     "default": "csv"}},
        {"name": "sort", "in": "query", "schema": {"type": "string"}},
        {"name": "q", "in": "query", "schema": {"type": "string"}},
    ],
    "responses": {"200": {"description": "The file: a header row in the caller's language "
                          "(Accept-Language), then one row per record the list would return. "
                          "CSV is UTF-8 with a BOM; formulas are neutralized.",
                          "content": {MEDIA_TYPES["csv"]: {}, MEDIA_TYPES["xlsx"]: {}}}},
}


@router.get("/{object_name}/export", summary="Export records as CSV or XLSX",
            description="Takes the filters of the list endpoint (`field=value`, "
            "`field__gte=` …), `sort` and `q`. Needs the `export` permission; hidden "
            "fields are left out and masked fields stay masked.",
            openapi_extra=DOCS)
async def export_records(request: Request, object_name: str) -> Response:
    params = dict(request.query_params)

    def plan(ctx: Context) -> tuple[service.ExportPlan, str]:
        return service.plan_export(ctx, object_name, params), ctx.locale

    export_plan, locale = await run(request, plan)
    factory = sessions(request)
    if export_plan.format == "xlsx":
        body = service.stream_xlsx(export_plan, factory, locale)
    else:
        body = service.stream_csv(export_plan, factory)
    label = export_plan.obj.label(locale)
    stamp = export_plan.filename.rsplit("-", 1)[-1]
    disposition = (f'attachment; filename="{export_plan.filename}"; '
                   f"filename*=UTF-8''{quote(label + '-' + stamp)}")
    return StreamingResponse(body, media_type=MEDIA_TYPES[export_plan.format],
                             headers={"Content-Disposition": disposition,
                                      "Cache-Control": "no-store"})
