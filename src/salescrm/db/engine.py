"""Engines and sessions: SQLite (WAL, foreign keys) by default, PostgreSQL through psycopg 3."""

from __future__ import annotations

import threading
import time
from functools import lru_cache
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session, sessionmaker

from salescrm.db import tenancy


def normalize_url(url: str) -> str:
    """Accept plain ``postgresql://`` URLs and use psycopg 3 for them."""
    if url.startswith("postgresql://") or url.startswith("postgres://"):
        return "postgresql+psycopg://" + url.split("://", 1)[1]
    return url


def _sqlite_pragmas(dbapi_conn: Any, _record: Any) -> None:
    cur = dbapi_conn.cursor()
    cur.execute("PRAGMA journal_mode=WAL")
    cur.execute("PRAGMA foreign_keys=ON")
    cur.execute("PRAGMA synchronous=NORMAL")
    cur.execute("PRAGMA busy_timeout=10000")
    cur.close()


WRITE_INTENT = "salescrm_write"


def _sqlite_begin(conn: Any) -> None:
    # A unit of work that will write takes the write lock up front (BEGIN IMMEDIATE):
    # SQLite cannot upgrade a WAL read snapshot to a write once another writer has
    # committed ("database is locked" at once, busy_timeout cannot help), whereas a
    # writer waiting for the lock at BEGIN simply queues behind the others.
    immediate = conn.get_execution_options().get(WRITE_INTENT)
    conn.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")


def begin_write(session: Session) -> None:
    """Declare that this session's transaction will write (first call, before any query)."""
    session.connection(execution_options={WRITE_INTENT: True})


# SQLite's busy handler polls — every 100 ms once it has waited a while — it does not
# queue. A background writer (the worker, an import) that commits and begins again at
# once wins the lock back every time, and a colleague's sign-in or save waits until its
# busy timeout runs out (issue 10.1). So background writers give a turn now and then.
WRITER_TURN_EVERY_SECONDS = 1.0
WRITER_TURN_PAUSE_SECONDS = 0.12
_streak = threading.local()


def give_writers_a_turn(dialect: str) -> None:
    """Call after each commit of a background writer: on SQLite, after about a second of
    back-to-back writing, pause long enough for a waiting writer's next poll to get in."""
    if dialect != "sqlite":
        return
    now = time.monotonic()
    since = getattr(_streak, "since", None)
    if since is None:
        _streak.since = now
    elif now - since >= WRITER_TURN_EVERY_SECONDS:
        time.sleep(WRITER_TURN_PAUSE_SECONDS)
        _streak.since = time.monotonic()


def writer_rested() -> None:
    """The background writer found nothing to do: its next write starts a new streak."""
    _streak.since = None


def make_engine(url: str) -> Engine:
    url = normalize_url(url)
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        if parsed.database and parsed.database != ":memory:":
            Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(
            url,
            connect_args={"check_same_thread": False, "timeout": 30},
            pool_size=8,
            max_overflow=8,
        )
        event.listen(engine, "connect", _sqlite_pragmas)
        # pysqlite's own transaction handling is legacy and breaks SAVEPOINT; let
        # SQLAlchemy issue BEGIN itself (the recipe in SQLAlchemy's SQLite docs).
        event.listen(engine, "begin", _sqlite_begin)

        @event.listens_for(engine, "connect")
        def _no_autobegin(dbapi_conn: Any, _record: Any) -> None:
            dbapi_conn.isolation_level = None

        return engine
    return create_engine(url, pool_size=10, max_overflow=10, pool_pre_ping=True)


@lru_cache(maxsize=8)
def get_engine(url: str) -> Engine:
    return make_engine(url)


def make_sessionmaker(engine: Engine) -> sessionmaker[Session]:
    factory = sessionmaker(bind=engine, expire_on_commit=False, autoflush=True)
    tenancy.install(factory)
    return factory
