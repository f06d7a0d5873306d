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
from salescrm.platform import errors
from salescrm.platform.auth.scopes import PUBLIC, needs
from salescrm.platform.locale import LocaleMiddleware
from salescrm.platform.security_headers import SecurityHeadersMiddleware

log = logging.getLogger("salescrm")


def load_modules() -> None:
    """Import every module so its objects, routes, handlers and schedules register."""
    import salescrm.modules.activities.wiring
    import salescrm.modules.analytics.wiring
    import salescrm.modules.collaboration.collab_wiring
    import salescrm.modules.customers.objects
    import salescrm.modules.customers.wiring
    import salescrm.modules.imports.wiring
    import salescrm.modules.leads.wiring
    import salescrm.modules.marketing.wiring
    import salescrm.modules.orders.wiring
    import salescrm.modules.sales.wiring
    import salescrm.platform.approvals.wiring
    import salescrm.platform.automation.wiring
    import salescrm.platform.customization.wiring
    import salescrm.platform.imports.runner
    import salescrm.platform.jobs.maintenance
    import salescrm.platform.org.objects
    import salescrm.platform.org.wiring
    import salescrm.platform.webhooks.wiring  # noqa: F401
    # SALESCRM_EXTRA_MODULES="pkg.mod,other.mod": more modules, imported the same way.
    for name in get_settings().extra_modules.split(","):
        if name.strip():
            importlib.import_module(name.strip())


def _routers() -> list[Any]:
    from salescrm.modules.activities.api import router as activities_router
    from salescrm.modules.analytics.api import router as analytics_router
    from salescrm.modules.collaboration.api import router as notifications_router
    from salescrm.modules.collaboration.collab_api import router as collaboration_router
    from salescrm.modules.customers.api import router as customers_router
    from salescrm.modules.customers.overview_api import router as overview_router
    from salescrm.modules.leads.api import router as leads_router
    from salescrm.modules.orders.api import router as orders_router
    from salescrm.modules.sales.api import router as sales_router
    from salescrm.platform.approvals.api import router as approvals_router
    from salescrm.platform.audit.api import router as audit_router
    from salescrm.platform.auth.api import router as auth_router
    from salescrm.platform.automation.api import router as automation_router
    from salescrm.platform.customization.api import router as customization_router
    from salescrm.platform.dedupe.api import router as duplicates_router
    from salescrm.platform.exports.api import export_router
    from salescrm.platform.imports.api import imports_router
    from salescrm.platform.metadata.api import router as meta_router
    from salescrm.platform.templates.api import router as templates_router
    from salescrm.platform.views.api import router as views_router
    from salescrm.platform.webhooks.api import router as webhooks_router

    # export first: /{object}/export must win over the generic /{object}/{id}
    return [export_router(), imports_router(), auth_router, meta_router, audit_router,
            orders_router, sales_router,
            analytics_router, activities_router, notifications_router, collaboration_router,
            overview_router,
            customization_router, customers_router, leads_router, duplicates_router,
            approvals_router, automation_router, webhooks_router, templates_router,
            views_router]


def create_app(settings: Settings | None = None, *, start_worker: bool | None = None) -> FastAPI:
    settings = settings or get_settings()
    load_modules()
    from salescrm.platform.metadata import builtin_objects
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
    for router in _routers():
        app.include_router(router)
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
            return errors.problem_response(404, errors.t("error.route_not_found"),
                                           code="error.route_not_found")
        candidate = (dist / path).resolve()
        if path and candidate.is_file() and dist.resolve() in candidate.parents:
            return FileResponse(candidate)
        if index.is_file():
            return FileResponse(index, headers={"Cache-Control": "no-cache"})
        return Response("SalesCRM API is running; the web app is not built (make web). "
                        "API docs: /api/docs", media_type="text/plain")
