"""``GET /api/v1/<object>/export?format=csv|xlsx`` with the list filters, sort and search.

Registered before the generic ``/api/v1/<object>/{id}`` routes, or ``export`` would be
taken for a record id: one documented route per built-in object (its sort fields),
and one for custom objects, which exist only at run time.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

from fastapi import APIRouter, Request
from starlette.responses import Response, StreamingResponse

from salescrm.platform.auth.scopes import needs
from salescrm.platform.boundary import run, sessions
from salescrm.platform.exports import service
from salescrm.platform.metadata import ObjectDef, builtin_objects
from salescrm.platform.records.openapi import list_parameters
from salescrm.platform.tenancy import Context

MEDIA_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
PROBLEM = {"description": "Problem", "content": {"application/problem+json": {
    "schema": {"$ref": "#/components/schemas/Problem"}}}}
FILE = {"type": "string", "format": "binary"}


def _docs(obj: ObjectDef) -> dict[str, Any]:
    params = [p for p in list_parameters(obj) if p["name"] not in ("limit", "cursor", "count")]
    params.append({"name": "format", "in": "query", "schema": {
        "type": "string", "enum": ["csv", "xlsx"], "default": "csv"}})
    params.append({"name": "labels", "in": "query", "schema": {"type": "boolean",
                   "default": False}, "description": "A file for people: choices by their "
                   "labels in the caller's language (an import reads them back)."})
    params.append({"name": "tz", "in": "query", "schema": {"type": "string"},
                   "description": "IANA time zone (e.g. Asia/Shanghai): date-times in it, "
                   "written with their offset; UTC when omitted."})
    return {"parameters": params, "responses": {
        "200": {"description": "The file: a header row in the caller's language "
                "(Accept-Language), then one row per record the list would return. CSV "
                "is UTF-8 with a BOM; formulas are neutralized.",
                "content": {"text/csv": {"schema": FILE}, MEDIA_TYPES["xlsx"]: {
                    "schema": FILE}}},
        **{str(s): PROBLEM for s in (400, 401, 403, 404, 422)}}}


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


def _for(name: str) -> Any:
    async def export(request: Request) -> Response:
        return await export_records(request, name)
    return export


def export_router() -> APIRouter:
    router = APIRouter(prefix="/api/v1", tags=["import and export"])
    description = ("Takes the filters of the list endpoint (`field=value`, `field__gte=` …), "
                   "`sort` and `q`. Needs the `export` permission; hidden fields are left "
                   "out and masked fields stay masked.")
    for name, obj in sorted(builtin_objects().items()):
        router.add_api_route(f"/{name}/export", _for(name), methods=["GET"],
                             summary=f"Export {name} as CSV or XLSX", description=description,
                             openapi_extra=needs(f"{name}:read", _docs(obj)), response_class=StreamingResponse)
    router.add_api_route("/{object_name}/export", export_records, methods=["GET"],
                         include_in_schema=False, openapi_extra=needs("{object_name}:read"))
    return router
