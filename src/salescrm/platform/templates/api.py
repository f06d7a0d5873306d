"""``GET /api/v1/templates`` and ``POST /api/v1/templates/{name}/apply``."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Path, Request
from starlette.responses import Response

from salescrm.platform.auth.scopes import needs
from salescrm.platform.boundary import json_response, run
from salescrm.platform.templates import installer
from salescrm.platform.templates.catalog import TEMPLATES

router = APIRouter(prefix="/api/v1/templates", tags=["templates"])
PROBLEM = {"description": "Problem", "content": {"application/problem+json": {
    "schema": {"$ref": "#/components/schemas/Problem"}}}}
ERRORS: dict[int | str, dict[str, Any]] = {401: PROBLEM, 403: PROBLEM, 422: PROBLEM}


@router.get("", summary="Industry templates", responses=ERRORS, openapi_extra=needs("templates:read"))
async def list_templates(request: Request) -> Response:
    return json_response(await run(request, installer.list_templates))


@router.post("/{name}/apply", responses=ERRORS,
             summary="Install an industry template: pipelines, custom fields and picklists, "
             "approval flows, saved reports (idempotent: what exists is kept)", openapi_extra=needs("admin"))
async def apply_template(request: Request, name: str = Path(
        pattern="^(" + "|".join(TEMPLATES) + ")$")) -> Response:
    return json_response(await run(request, lambda ctx: installer.apply_template(ctx, name),
                                   write=True))
