"""Housekeeping jobs: planner statistics for SQLite, and pruning finished jobs.

SQLite keeps no statistics until ANALYZE runs; without them it plans a rep's
"my accounts, newest first" by walking the whole created_at index (hundreds of
milliseconds at 100k rows) instead of the owner index (well under a millisecond).
PostgreSQL's autovacuum keeps its own statistics, so there this is a no-op.
"""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import Connection, delete
from sqlalchemy.orm import Session

from salescrm.db.types import utcnow
from salescrm.models import Job

KEEP_FINISHED_DAYS = 7


def refresh_statistics(conn: Connection) -> None:
    """Sampled ANALYZE on SQLite (about 1,000 rows an index: fast even on large files)."""
    if conn.dialect.name == "sqlite":
        conn.exec_driver_sql("PRAGMA analysis_limit=1000")
        conn.exec_driver_sql("ANALYZE")


def analyze_job(session: Session, _job: Job) -> None:
    refresh_statistics(session.connection())


def prune_job(session: Session, _job: Job) -> None:
    """Done jobs older than a week go; dead letters stay for an operator to read."""
    cutoff = utcnow() - timedelta(days=KEEP_FINISHED_DAYS)
    session.execute(delete(Job).where(Job.status == "done", Job.finished_at < cutoff))
