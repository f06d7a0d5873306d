"""Import routes: start an import (multipart), follow it, download its errors; saved
column mappings. Built by :func:`imports_router` once every object is registered (the
documentation lists them)."""

from __future__ import annotations

from typing import Any, cast

from fastapi import APIRouter, Request
from starlette.datastructures import UploadFile
from starlette.responses import Response, StreamingResponse

from salescrm.platform.auth.scopes import needs
from salescrm.platform.boundary import json_response, read_json, run, sessions
from salescrm.platform.imports import openapi as docs
from salescrm.platform.imports import preview, service
from salescrm.platform.imports import runner as _runner  # noqa: F401  (the job handler)
from salescrm.platform.tenancy import Context


async def _with_upload(request: Request, action: Any) -> dict[str, Any]:
    """Run ``action(ctx, form fields, filename, file)`` on a multipart upload."""
    form = await request.form(max_files=2, max_fields=50)
    try:
        fields = {k: v for k, v in form.items() if isinstance(v, str)}
        upload = form.get("file")
        if not isinstance(upload, UploadFile):
            upload = None
        filename = (upload.filename or "") if upload else ""

        def work(ctx: Context) -> dict[str, Any]:
            return cast("dict[str, Any]", action(ctx, fields, filename, upload.file if upload else None))

        return await run(request, work, write=True)
    finally:
        await form.close()


async def create_import(request: Request) -> Response:
    return json_response(await _with_upload(request, service.start_import), status=202)


async def preview_import(request: Request) -> Response:
    return json_response(await _with_upload(request, preview.preview_import))


async def list_imports(request: Request) -> Response:
    return json_response(await run(request, service.list_imports))


async def get_import(request: Request, import_id: str) -> Response:
    return json_response(await run(request, lambda ctx: service.import_status(ctx, import_id)))


async def import_errors(request: Request, import_id: str) -> Response:
    params = dict(request.query_params)
    return json_response(await run(request,
                                   lambda ctx: service.import_errors(ctx, import_id, params)))


async def import_errors_csv(request: Request, import_id: str) -> Response:
    def prepare(ctx: Context) -> tuple[str, list[str], str, str]:
        found, header = service.error_report_headers(ctx, import_id)
        return found, header, ctx.tenant_id, ctx.locale

    found, header, tenant_id, locale = await run(request, prepare)
    body = service.stream_error_report(sessions(request), tenant_id, found, header, locale)
    return StreamingResponse(body, media_type="text/csv; charset=utf-8", headers={
        "Content-Disposition": f'attachment; filename="import-{found}-errors.csv"'})


async def import_passwords_csv(request: Request, import_id: str) -> Response:
    found, body = await run(request, lambda ctx: service.take_first_passwords(ctx, import_id),
                            write=True)
    return Response(body.encode("utf-8"), media_type="text/csv; charset=utf-8", headers={
        "Content-Disposition": f'attachment; filename="import-{found}-passwords.csv"',
        "Cache-Control": "no-store"})


async def list_mappings(request: Request) -> Response:
    name = request.query_params.get("object")
    return json_response(await run(request, lambda ctx: service.list_mappings(ctx, name)))


async def save_mapping(request: Request) -> Response:
    body = await read_json(request)
    return json_response(await run(request, lambda ctx: service.save_mapping(ctx, body),
                                   write=True), status=201)


async def delete_mapping(request: Request, mapping_id: str) -> Response:
    await run(request, lambda ctx: service.delete_mapping(ctx, mapping_id), write=True)
    return Response(status_code=204)


def imports_router() -> APIRouter:
    router = APIRouter(prefix="/api/v1", tags=["import and export"])
    router.add_api_route(
        "/imports", create_import, methods=["POST"], status_code=202,
        summary="Import a CSV or XLSX file", openapi_extra=needs("imports:write", docs.upload_docs()),
        responses=docs.problems(400, 403, 413, 422),
        description="Checks the file's header against the mapping at once (422), then "
        "imports in the background; follow it with GET /imports/{id}.")
    router.add_api_route(
        "/imports/preview", preview_import, methods=["POST"],
        summary="How the first rows of a file would import",
        openapi_extra=needs("imports:write", docs.preview_docs()),
        responses=docs.problems(400, 403, 413, 422),
        description="The same form and checks as POST /imports; nothing is stored. Per "
        "mapped column: its field and the first 20 rows as read (`value`) or the "
        "reason they cannot be (`error`); date columns tell the format used and, when "
        "rows do not read, the format that reads the most of them (`suggested_format`, "
        "when it is not the one chosen and day or month first is clear).")
    router.add_api_route("/imports", list_imports, methods=["GET"],
                         summary="Recent imports (yours; administrators see all)",
                         openapi_extra=needs("imports:read", docs.json_ok(docs.LIST)), responses=docs.problems())
    router.add_api_route(
        "/imports/{import_id}", get_import, methods=["GET"],
        summary="An import's status, counts and row errors",
        openapi_extra=needs("imports:read", docs.json_ok(docs.STATUS)), responses=docs.problems(404),
        description="`status` is queued|running|done|failed; `errors` lists up to 1000 "
        "problems as {row (1-based line in the file), field, message}; `progress` runs "
        "from 0 to 1.")
    router.add_api_route(
        "/imports/{import_id}/errors", import_errors, methods=["GET"],
        summary="Every row error of an import, a page at a time",
        openapi_extra=needs("imports:read", {**docs.json_ok(docs.ERRORS_PAGE),
                                             "parameters": docs.PAGE_PARAMETERS}),
        responses=docs.problems(404, 422),
        description="All the errors (GET /imports/{id} shows the first 1000): `offset` "
        "from 0, `limit` 1–1000 (default 1000); `next_offset` is null on the last page.")
    router.add_api_route(
        "/imports/{import_id}/errors.csv", import_errors_csv, methods=["GET"],
        summary="Every row error, with the row itself", response_class=StreamingResponse,
        openapi_extra=needs("imports:read", {"responses": docs.CSV}), responses=docs.problems(404))
    router.add_api_route(
        "/imports/{import_id}/passwords.csv", import_passwords_csv, methods=["GET"],
        summary="The first passwords of imported users (once)",
        response_class=Response, openapi_extra=needs("admin", {"responses": docs.CSV}),
        responses=docs.problems(404, 410),
        description="Users imported get a generated first password (a file never "
        "carries passwords). The uploader downloads them here once; they are erased "
        "as they are handed over (410 afterwards).")
    router.add_api_route(
        "/import_mappings", list_mappings, methods=["GET"], summary="Saved column mappings",
        openapi_extra=needs("imports:read", {**docs.json_ok({"type": "object", "required": ["items"], "properties": {
            "items": {"type": "array", "items": docs.MAPPING}}}), "parameters": [
                {"name": "object", "in": "query", "schema": {"type": "string"}}]}),
        responses=docs.problems())
    router.add_api_route(
        "/import_mappings", save_mapping, methods=["POST"], status_code=201,
        summary="Save a column mapping", openapi_extra=needs("imports:write", docs.mapping_docs()),
        responses=docs.problems(400, 403, 409, 413, 422),
        description="Use it with POST /imports `mapping_id`.")
    router.add_api_route(
        "/import_mappings/{mapping_id}", delete_mapping, methods=["DELETE"], status_code=204,
        summary="Delete a saved mapping", responses=docs.problems(403, 404), openapi_extra=needs("imports:delete"))
    return router
