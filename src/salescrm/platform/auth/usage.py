"""When each token was last used, written outside the request's transaction.

Showing "last used" on the tokens screen must not turn a read into a write: on SQLite
a read transaction that writes cannot be upgraded once another writer has committed,
and the user would see a failed GET for a bookkeeping column. Requests only note the
use in memory; a daemon thread per process writes the noted times in one short
transaction every few seconds (at most hourly per token). Losing a note when a process
dies costs nothing but a less precise "last used".
"""

from __future__ import annotations

import logging
import threading
from datetime import datetime

from sqlalchemy import Engine, Table, bindparam, update

from salescrm.db.engine import BACKGROUND, WRITE_INTENT
from salescrm.models import AuthToken

log = logging.getLogger("salescrm.auth")
FLUSH_EVERY_SECONDS = 2.0

_pending: dict[str, datetime] = {}
_lock = threading.Lock()
_wake = threading.Event()
_flusher: threading.Thread | None = None


def note_use(engine: Engine, token_id: str, at: datetime) -> None:
    """Remember that a token was used; written soon by this process's flusher."""
    global _flusher
    with _lock:
        _pending[token_id] = at
        if _flusher is None or not _flusher.is_alive():
            _flusher = threading.Thread(target=_run, args=(engine,), daemon=True,
                                        name="token-use-flusher")
            _flusher.start()


def flush(engine: Engine) -> int:
    """Write every noted use now (tests and shutdown call this); returns how many."""
    with _lock:
        batch = dict(_pending)
        _pending.clear()
    if not batch:
        return 0
    try:
        # Core, not the ORM: token rows of any tenant, by primary key, many at once.
        table: Table = AuthToken.__table__  # type: ignore[assignment]
        with engine.connect().execution_options(**{WRITE_INTENT: BACKGROUND}) as conn, \
                conn.begin():
            conn.execute(update(table).where(table.c.id == bindparam("tid"))
                         .values(last_used_at=bindparam("at")),
                         [{"tid": tid, "at": at} for tid, at in batch.items()])
    except Exception:  # the database is busy or gone: try these again next round
        log.warning("could not record token use", exc_info=True)
        with _lock:
            for tid, at in batch.items():
                _pending.setdefault(tid, at)
        return 0
    return len(batch)


def _run(engine: Engine) -> None:
    while True:
        _wake.wait(FLUSH_EVERY_SECONDS)
        _wake.clear()
        flush(engine)
