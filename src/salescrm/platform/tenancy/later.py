"""Writes that a read needs, done after it in their own short transaction.

A GET that stores something on the way (a cache it filled, a refresh it queues) would
otherwise be a write: on SQLite it must hold the one write lock from its first
statement (decision 0150), for as long as the whole request computes, and every
colleague's sign-in or save waits behind it. Deferred here, the read stays a read and
the write takes the lock for a moment only. Best effort: a write that fails is logged;
what it stored is recomputed later.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from functools import lru_cache

from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from salescrm.db.engine import begin_write
from salescrm.platform.tenancy.context import Context

log = logging.getLogger("salescrm.later")


@lru_cache(maxsize=4)
def _sessions(engine: Engine) -> sessionmaker[Session]:
    from salescrm.db.engine import make_sessionmaker

    return make_sessionmaker(engine)


def write_after_commit(ctx: Context, fn: Callable[[Session], None]) -> None:
    """Run ``fn(session)`` in the caller's tenant, in a transaction of its own, once the
    request has committed."""
    engine = ctx.session.get_bind().engine
    tenant_id = ctx.tenant_id

    def run() -> None:
        try:
            with _sessions(engine)() as session:
                begin_write(session)
                session.info["tenant_id"] = tenant_id
                fn(session)
                session.commit()
        except Exception:
            log.warning("a deferred write failed; it is recomputed later", exc_info=True)

    ctx.after_commit.append(run)
