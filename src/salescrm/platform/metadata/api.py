"""``GET /meta/objects`` and ``GET /meta/objects/{object}``: what the web app renders from."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from starlette.responses import Response

from salescrm.platform.auth.scopes import needs
from salescrm.platform.boundary import json_response, run
from salescrm.platform.metadata import objects_for
from salescrm.platform.records.serialize import readable_fields
from salescrm.platform.tenancy import Context

router = APIRouter(prefix="/api/v1/meta", tags=["metadata"])
PROBLEM = {"content": {"application/problem+json": {
    "schema": {"$ref": "#/components/schemas/Problem"}}}, "description": "Problem"}


def describe(ctx: Context, api_name: str) -> dict[str, Any]:
    obj = ctx.object(api_name)
    out = obj.describe(ctx.locale)
    visible = {f.api_name for f in readable_fields(obj, ctx.permissions)}
    levels = ctx.permissions.field_levels.get(api_name, {})
    out["fields"] = [dict(f, permission=levels.get(f["api_name"]))
                     for f in out["fields"] if f["api_name"] in visible]
    out["permissions"] = [a for a in ("read", "create", "update", "delete", "export", "approve")
                          if ctx.permissions.can(api_name, a)]
    return out


@router.get("/objects", summary="Every object the caller can read (deleted=true: the "
            "deleted custom objects an administrator may restore)",
            responses={401: PROBLEM, 403: PROBLEM}, openapi_extra=needs("signed_in"))
async def list_objects(request: Request, deleted: bool = False) -> Response:
    def work(ctx: Context) -> dict[str, Any]:
        if deleted:
            from salescrm.platform.customization.objects import deleted_objects

            return {"items": deleted_objects(ctx)}
        names = objects_for(ctx.session, ctx.tenant_id, ctx.metadata_version)
        return {"items": [describe(ctx, n) for n in sorted(names)
                          if ctx.permissions.can(n, "read")]}

    return json_response(await run(request, work))


@router.get("/objects/{object_name}", summary="One object's fields",
            responses={401: PROBLEM, 404: PROBLEM}, openapi_extra=needs("{object_name}:read"))
async def get_object(request: Request, object_name: str) -> Response:
    def work(ctx: Context) -> dict[str, Any]:
        obj = ctx.object(object_name[:64])
        if not ctx.permissions.can(obj.api_name, "read"):
            from salescrm.platform.errors import not_found

            raise not_found()
        return describe(ctx, obj.api_name)

    return json_response(await run(request, work))
