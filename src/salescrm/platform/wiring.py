"""The platform's own module: housekeeping jobs, imports run by the worker, and the
routes every installation has (sign-in, metadata, audit and timelines, duplicate
check, import and export, industry templates, saved views, search across objects)."""

from __future__ import annotations

from typing import Any

from salescrm.platform.imports.runner import run_import_job
from salescrm.platform.jobs import maintenance
from salescrm.platform.modules import JobKind, Module


def _routers() -> list[Any]:
    from salescrm.platform.audit.api import router as audit
    from salescrm.platform.auth.api import router as auth
    from salescrm.platform.dedupe.api import router as duplicates
    from salescrm.platform.exports.api import export_router
    from salescrm.platform.imports.api import imports_router
    from salescrm.platform.metadata.api import router as meta
    from salescrm.platform.search.api import router as search
    from salescrm.platform.templates.api import router as templates
    from salescrm.platform.views.api import router as views

    return [auth, meta, audit, export_router(), imports_router(), duplicates, templates, views,
            search]


MODULE = Module(
    jobs={"db.analyze": JobKind(maintenance.analyze_job, every_seconds=3600),
          "jobs.prune": JobKind(maintenance.prune_job, every_seconds=3600),
          "import": JobKind(run_import_job, own_transactions=True)},
    routers=_routers,
)
