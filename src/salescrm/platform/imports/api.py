"""Import routes: start an import (multipart), follow it, download its errors; saved
column mappings."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from starlette.datastructures import UploadFile
from starlette.responses import Response, StreamingResponse

from salescrm.platform.boundary import json_response, read_json, run, sessions
from salescrm.platform.imports import runner as _runner  # noqa: F401  (the job handler)
from salescrm.platform.imports import service
from salescrm.platform.tenancy import Context

router = APIRouter(prefix="/api/v1", tags=["import and export"])

UPLOAD_DOCS = {
    "requestBody": {"required": True, "content": {"multipart/form-data": {"schema": {
        "type": "object", "required": ["file", "object"],
        "properties": {
            "file": {"type": "string", "format": "binary",
                     "description": "CSV (UTF-8, UTF-8 with BOM, GBK/GB18030) or XLSX"},
            "object": {"type": "string", "description": "api name, e.g. contacts"},
            "mapping": {"type": "string",
                        "description": 'JSON {"file column": "field"}; special targets: '
                        '"external_id" (the source system\'s record id), "name.first", '
                        '"name.last". Omitted: headers naming a field map themselves.'},
            "mapping_id": {"type": "string", "description": "a saved mapping"},
            "template": {"type": "string", "enum": ["salesforce", "hubspot"]},
            "system": {"type": "string", "description": "source system of record ids"},
            "mode": {"type": "string", "enum": ["insert", "upsert"], "default": "insert"},
            "key": {"type": "string", "description": "field matching records on upsert "
                    "(a field, id or external_id)"},
            "dry_run": {"type": "boolean", "default": False},
            "allow_duplicate": {"type": "boolean", "default": False},
        }}}}},
    "responses": {"202": {"description": "Queued", "content": {"application/json": {
        "schema": {"type": "object", "properties": {"id": {"type": "string"}}}}}}},
}


@router.post("/imports", status_code=202, summary="Import a CSV or XLSX file",
             description="Checks the file's header against the mapping at once (422), "
             "then imports in the background; follow it with GET /imports/{id}.",
             openapi_extra=UPLOAD_DOCS)
async def create_import(request: Request) -> Response:
    form = await request.form(max_files=2, max_fields=50)
    try:
        fields = {k: v for k, v in form.items() if isinstance(v, str)}
        upload = form.get("file")
        if not isinstance(upload, UploadFile):
            upload = None
        filename = (upload.filename or "") if upload else ""

        def work(ctx: Context) -> dict[str, Any]:
            return service.start_import(ctx, fields, filename, upload.file if upload else None)

        created = await run(request, work, write=True)
    finally:
        await form.close()
    return json_response(created, status=202)


@router.get("/imports", summary="Recent imports (yours; administrators see all)")
async def list_imports(request: Request) -> Response:
    return json_response(await run(request, service.list_imports))


@router.get("/imports/{import_id}", summary="An import's status, counts and row errors",
            description="`status` is queued|running|done|failed; `errors` lists up to "
            "1000 problems as {row (1-based line in the file), field, message}; "
            "`progress` runs from 0 to 1.")
async def get_import(request: Request, import_id: str) -> Response:
    return json_response(await run(request, lambda ctx: service.import_status(ctx, import_id)))


@router.get("/imports/{import_id}/errors.csv", summary="Every row error, with the row itself",
            response_class=StreamingResponse)
async def import_errors_csv(request: Request, import_id: str) -> Response:
    def prepare(ctx: Context) -> tuple[str, list[str], str, str]:
        found, header = service.error_report_headers(ctx, import_id)
        return found, header, ctx.tenant_id, ctx.locale

    found, header, tenant_id, locale = await run(request, prepare)
    body = service.stream_error_report(sessions(request), tenant_id, found, header, locale)
    return StreamingResponse(body, media_type="text/csv; charset=utf-8", headers={
        "Content-Disposition": f'attachment; filename="import-{found}-errors.csv"'})


@router.get("/import_mappings", summary="Saved column mappings")
async def list_mappings(request: Request) -> Response:
    name = request.query_params.get("object")
    return json_response(await run(request, lambda ctx: service.list_mappings(ctx, name)))


@router.post("/import_mappings", status_code=201, summary="Save a column mapping",
             description='`{"name", "object", "mapping": {"file column": "field"}, '
             '"system"?}`; use it with POST /imports `mapping_id`.')
async def save_mapping(request: Request) -> Response:
    body = await read_json(request)
    return json_response(await run(request, lambda ctx: service.save_mapping(ctx, body),
                                   write=True), status=201)


@router.delete("/import_mappings/{mapping_id}", status_code=204,
               summary="Delete a saved mapping")
async def delete_mapping(request: Request, mapping_id: str) -> Response:
    await run(request, lambda ctx: service.delete_mapping(ctx, mapping_id), write=True)
    return Response(status_code=204)
