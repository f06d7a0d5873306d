"""The FastAPI application: routers, error handling, locale, the web app, the worker."""

from __future__ import annotations

import importlib
import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

from fastapi import FastAPI
from fastapi.openapi.utils import get_openapi
from starlette.requests import Request
from starlette.responses import FileResponse, Response
from starlette.staticfiles import StaticFiles

from salescrm import __version__
from salescrm.config import Settings, get_settings
from salescrm.db.engine import get_engine, make_sessionmaker
from salescrm.platform import errors, i18n
from salescrm.platform.auth.scopes import PUBLIC, needs
from salescrm.platform.locale import LocaleMiddleware
from salescrm.platform.security_headers import SecurityHeadersMiddleware

log = logging.getLogger("salescrm")


# Every module of the app, assembled here and nowhere else. Each ``wiring`` module
# holds one ``MODULE = Module(...)`` (platform/modules.py): its objects and their
# behaviours (what they do when written), jobs and schedules, event subscriptions,
# checks on every write, timeline sources, tenant setup and routes. The order does
# not matter: each object has one owner (a second declaration is an error).
MODULES = (
    "salescrm.platform.wiring",
    "salescrm.platform.org.wiring",
    "salescrm.platform.approvals.wiring",
    "salescrm.platform.automation.wiring",
    "salescrm.platform.customization.wiring",
    "salescrm.platform.webhooks.wiring",
    "salescrm.modules.activities.wiring",
    "salescrm.modules.analytics.wiring",
    "salescrm.modules.collaboration.collab_wiring",
    "salescrm.modules.customers.wiring",
    "salescrm.modules.leads.wiring",
    "salescrm.modules.marketing.wiring",
    "salescrm.modules.orders.wiring",
    "salescrm.modules.sales.wiring",
)


def load_modules() -> None:
    """Install every module's declarations (idempotent: the app may be created more
    than once in a process). ``SALESCRM_EXTRA_MODULES="pkg.mod,other.mod"`` adds
    modules: one declaring a ``MODULE`` is installed like ours; any other is imported
    (its own registrations, e.g. test job handlers, happen then)."""
    from salescrm.platform.modules import Module, install

    extra = [name.strip() for name in get_settings().extra_modules.split(",") if name.strip()]
    for name in (*MODULES, *extra):
        module = getattr(importlib.import_module(name), "MODULE", None)
        if isinstance(module, Module):
            install(module)


def create_app(settings: Settings | None = None, *, start_worker: bool | None = None) -> FastAPI:
    settings = settings or get_settings()
    load_modules()
    from salescrm.platform.metadata import builtin_objects
    from salescrm.platform.modules import routers as module_routers
    from salescrm.platform.records import openapi
    from salescrm.platform.records.api import custom_object_router, object_router

    engine = get_engine(settings.database_url)
    sessions = make_sessionmaker(engine)
    run_worker = settings.embedded_worker if start_worker is None else start_worker

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        worker = None
        if run_worker:
            from salescrm.platform.jobs.worker import Worker

            worker = Worker(sessions, name="embedded")
            worker.start_thread()
        yield
        if worker:
            worker.stop()

    app = FastAPI(title="SalesCRM API", version=__version__, lifespan=lifespan,
                  openapi_url="/api/openapi.json", docs_url="/api/docs", redoc_url=None)
    app.state.sessions = sessions
    app.state.settings = settings
    app.add_middleware(LocaleMiddleware, default=settings.default_locale)
    app.add_middleware(SecurityHeadersMiddleware)
    errors.install(app)
    # The per-object record routes come first: they are the hot path, and their
    # record ids only match id-shaped segments, so /opportunities/kanban and the
    # like still reach the module routes below.
    objects = list(builtin_objects().values())
    for obj in objects:
        app.include_router(object_router(obj))
    for router in module_routers():
        app.include_router(router)
    # Last: its /{object}/{id} would catch any two-segment path of the routes above.
    app.include_router(custom_object_router())

    def custom_openapi() -> dict[str, Any]:
        if app.openapi_schema:
            return app.openapi_schema
        schema = get_openapi(title=app.title, version=app.version, routes=app.routes,
                             description="SalesCRM public REST API (v1). Errors are RFC 9457 "
                             "problem+json, localized by Accept-Language (zh-CN, en).")
        schema.setdefault("components", {}).setdefault("schemas", {}).update(
            openapi.components(objects))
        schema["components"]["securitySchemes"] = {
            "bearer": {"type": "http", "scheme": "bearer"}}
        schema["security"] = [{"bearer": []}]
        app.openapi_schema = schema
        return schema

    app.openapi = custom_openapi  # type: ignore[method-assign]

    @app.get("/api/health", tags=["platform"], openapi_extra=needs(PUBLIC, {"security": []}),
             summary="Liveness: the process answers (no database call, no sign-in); "
             "for load balancers and process managers")
    async def health() -> dict[str, str]:
        return {"status": "ok", "version": __version__}

    mount_web(app, Path(settings.web_dist))
    return app


def mount_web(app: FastAPI, dist: Path) -> None:
    """Serve the built web app at ``/``; unknown non-API paths get index.html (SPA)."""
    index = dist / "index.html"
    if (dist / "assets").is_dir():
        app.mount("/assets", StaticFiles(directory=dist / "assets"), name="assets")

    @app.get("/{path:path}", include_in_schema=False)
    async def spa(request: Request, path: str) -> Response:
        if path.startswith("api/") or path == "api":
            return errors.problem_response(404, i18n.t("error.route_not_found"),
                                           code="error.route_not_found")
        candidate = (dist / path).resolve()
        if path and candidate.is_file() and dist.resolve() in candidate.parents:
            return FileResponse(candidate)
        if index.is_file():
            return FileResponse(index, headers={"Cache-Control": "no-cache"})
        return Response("SalesCRM API is running; the web app is not built (make web). "
                        "API docs: /api/docs", media_type="text/plain")
