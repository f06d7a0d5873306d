"""Engines and sessions: SQLite (WAL, foreign keys) by default, PostgreSQL through psycopg 3."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session, sessionmaker

from salescrm.db import sqlite_writers, tenancy


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
BACKGROUND = "background"


def _sqlite_begin(conn: Any) -> None:
    # A unit of work that will write takes the write lock up front (BEGIN IMMEDIATE):
    # SQLite cannot upgrade a WAL read snapshot to a write once another writer has
    # committed ("database is locked" at once, busy_timeout cannot help), whereas a
    # writer waiting for the lock at BEGIN simply queues behind the others. People's
    # writes go before background work's (db.sqlite_writers).
    intent = conn.get_execution_options().get(WRITE_INTENT)
    if not intent:
        conn.exec_driver_sql("BEGIN")
        return
    database = conn.engine.url.database
    if intent == BACKGROUND:
        sqlite_writers.let_people_go_first(database)
        conn.exec_driver_sql("BEGIN IMMEDIATE")
        return
    with sqlite_writers.person_waiting(database):
        conn.exec_driver_sql("BEGIN IMMEDIATE")


def begin_write(session: Session, *, background: bool = False) -> None:
    """Declare that this session's transaction will write (first call, before any query).
    ``background``: an import batch, a job — on SQLite it lets people's writes go first."""
    session.connection(execution_options={WRITE_INTENT: BACKGROUND if background else True})


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
