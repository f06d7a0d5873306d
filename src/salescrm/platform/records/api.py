"""The generic REST routes of API.md, generated for every registered object, plus a
catch-all for custom objects. Handlers only translate HTTP ↔ records service; what an
object does on a write is its behaviour (``behaviour.py``), not this module's concern."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, cast

from fastapi import APIRouter, Request
from starlette.convertors import Convertor, register_url_convertor
from starlette.responses import Response

from salescrm.platform.auth.scopes import needs
from salescrm.platform.boundary import json_response, read_json, run
from salescrm.platform.errors import ProblemError
from salescrm.platform.metadata import ObjectDef
from salescrm.platform.records import openapi, service
from salescrm.platform.tenancy import Context


def _check_id(record_id: str) -> None:
    if len(record_id) > 64:
        raise ProblemError(404, "error.not_found")


async def list_handler(request: Request, name: str) -> Response:
    params = dict(request.query_params)
    page = await run(request, lambda ctx: service.list_records(ctx, ctx.object(name), params))
    return json_response(page)


async def get_handler(request: Request, name: str, record_id: str) -> Response:
    _check_id(record_id)
    return json_response(await run(request, lambda ctx: service.read(ctx, ctx.object(name),
                                                                      record_id)))


async def create_handler(request: Request, name: str) -> Response:
    body = await read_json(request)
    params = dict(request.query_params)

    def work(ctx: Context) -> dict[str, Any]:
        obj = ctx.object(name)
        row = service.create(ctx, obj, body, params)
        return service.read(ctx, obj, row.id)

    return json_response(await run(request, work, write=True), status=201)


async def update_handler(request: Request, name: str, record_id: str) -> Response:
    _check_id(record_id)
    body = await read_json(request)

    def work(ctx: Context) -> dict[str, Any]:
        obj = ctx.object(name)
        row = service.update(ctx, obj, record_id, body)
        return service.read(ctx, obj, row.id)

    return json_response(await run(request, work, write=True))


async def delete_handler(request: Request, name: str, record_id: str) -> Response:
    _check_id(record_id)

    def work(ctx: Context) -> None:
        obj = ctx.object(name)
        service.delete(ctx, obj, record_id)

    await run(request, work, write=True)
    return Response(status_code=204)


async def restore_handler(request: Request, name: str, record_id: str) -> Response:
    _check_id(record_id)

    def work(ctx: Context) -> dict[str, Any]:
        obj = ctx.object(name)
        row = service.restore(ctx, obj, record_id)
        return service.read(ctx, obj, row.id)

    return json_response(await run(request, work, write=True))


def _bind(handler: Callable[..., Any], name: str) -> Callable[..., Any]:
    """A handler with the object name fixed, keeping FastAPI's view of its parameters."""
    if handler in (list_handler, create_handler):
        async def collection(request: Request) -> Response:
            return cast("Response", await handler(request, name))
        return collection

    async def item(request: Request, record_id: str) -> Response:
        return cast("Response", await handler(request, name, record_id))
    return item


class RecordIdConvertor(Convertor[str]):
    """Record ids are uuid-shaped text; other segments (``kanban``, ``export``) are not."""

    regex = "[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}"

    def convert(self, value: str) -> str:
        return value

    def to_string(self, value: str) -> str:
        return value


register_url_convertor("rid", RecordIdConvertor())


def object_router(obj: ObjectDef, writable: bool = True) -> APIRouter:
    """Routes for one built-in object, documented with its own schemas."""
    name = obj.api_name
    router = APIRouter(prefix=f"/api/v1/{name}", tags=[name])
    docs = openapi.object_docs(obj)
    router.add_api_route("", _bind(list_handler, name), methods=["GET"],
                         summary=f"List {name}", openapi_extra=needs(f"{name}:read", docs["list"]))
    router.add_api_route("/{record_id:rid}", _bind(get_handler, name), methods=["GET"],
                         summary=f"Get one of {name}",
                         openapi_extra=needs(f"{name}:read", docs["get"]))
    if writable:
        router.add_api_route("", _bind(create_handler, name), methods=["POST"],
                             summary=f"Create one of {name}",
                             openapi_extra=needs(f"{name}:write", docs["create"]))
        router.add_api_route("/{record_id:rid}", _bind(update_handler, name), methods=["PATCH"],
                             summary=f"Update one of {name}",
                             openapi_extra=needs(f"{name}:write", docs["update"]))
        router.add_api_route("/{record_id:rid}", _bind(delete_handler, name), methods=["DELETE"],
                             summary=f"Delete one of {name} (to the recycle bin)",
                             openapi_extra=needs(f"{name}:delete", docs["delete"]))
        router.add_api_route("/{record_id:rid}/restore", _bind(restore_handler, name),
                             methods=["POST"], summary=f"Restore one of {name}",
                             openapi_extra=needs(f"{name}:write", docs["get"]))
    return router


def custom_object_router() -> APIRouter:
    """Custom objects, created at run time, are served here at once."""
    router = APIRouter(prefix="/api/v1", tags=["custom objects"])
    read, write = needs("{object_name}:read"), needs("{object_name}:write")
    router.add_api_route("/{object_name}", list_handler_for_path, methods=["GET"],
                         include_in_schema=False, openapi_extra=read)
    router.add_api_route("/{object_name}", create_handler_for_path, methods=["POST"],
                         include_in_schema=False, openapi_extra=write)
    router.add_api_route("/{object_name}/{record_id}", get_handler_for_path, methods=["GET"],
                         include_in_schema=False, openapi_extra=read)
    router.add_api_route("/{object_name}/{record_id}", update_handler_for_path,
                         methods=["PATCH"], include_in_schema=False, openapi_extra=write)
    router.add_api_route("/{object_name}/{record_id}", delete_handler_for_path,
                         methods=["DELETE"], include_in_schema=False,
                         openapi_extra=needs("{object_name}:delete"))
    router.add_api_route("/{object_name}/{record_id}/restore", restore_handler_for_path,
                         methods=["POST"], include_in_schema=False, openapi_extra=write)
    return router


async def list_handler_for_path(request: Request, object_name: str) -> Response:
    return await list_handler(request, object_name)


async def create_handler_for_path(request: Request, object_name: str) -> Response:
    return await create_handler(request, object_name)


async def get_handler_for_path(request: Request, object_name: str, record_id: str) -> Response:
    return await get_handler(request, object_name, record_id)


async def update_handler_for_path(request: Request, object_name: str, record_id: str) -> Response:
    return await update_handler(request, object_name, record_id)


async def delete_handler_for_path(request: Request, object_name: str, record_id: str) -> Response:
    return await delete_handler(request, object_name, record_id)


async def restore_handler_for_path(request: Request, object_name: str,
                                   record_id: str) -> Response:
    return await restore_handler(request, object_name, record_id)
