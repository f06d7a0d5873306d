"""Reports may read from a replica: with ``SALESCRM_REPORTS_DATABASE_URL`` set, the
read-only analytics endpoints run their statements on a session bound to it.

The caller is still authenticated on the primary (signing in touches the token),
with the same tenant and permissions; only the figures' statements move. The
forecast stays on the primary: it may write its rate cache.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from functools import lru_cache
from typing import TypeVar

from fastapi import Request
from sqlalchemy.orm import Session, sessionmaker

from salescrm.db.engine import get_engine, make_sessionmaker
from salescrm.platform.boundary import run
from salescrm.platform.tenancy import Context

T = TypeVar("T")


@lru_cache(maxsize=4)
def _sessions(url: str) -> sessionmaker[Session]:
    return make_sessionmaker(get_engine(url))


async def run_reading(request: Request, fn: Callable[[Context], T]) -> T:
    """Like ``boundary.run`` for a read-only figure, on the reports database if any."""
    url = getattr(request.app.state.settings, "reports_database_url", "")
    if not url:
        return await run(request, fn)

    def on_replica(ctx: Context) -> T:
        with _sessions(url)() as session:
            session.info["tenant_id"] = ctx.tenant_id
            try:
                return fn(dataclasses.replace(ctx, session=session))
            finally:
                session.rollback()  # nothing is written there

    return await run(request, on_replica)
