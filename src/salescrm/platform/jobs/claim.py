"""Which job a worker claims next: fair across tenants, user-facing before bulk.

Oldest-first let one tenant's 100k-row import (100k event jobs) keep another
tenant's 1-row import queued for minutes. Now a claim takes, in this order:

1. a job whose worker died (its lease ran out): it has waited longest;
2. among due queued jobs, only those of the most urgent priority present
   (``USER_FACING`` before ``BULK``: an import before a million record events);
3. in that class, a system job (no tenant: a schedule's fan-out such as reminders);
4. else the oldest job of the next tenant *after the one this worker served last*
   (tenant ids in order, wrapping round), so tenants with waiting jobs take turns
   whatever the size of their queues.

Each step is one probe of ``ix_jobs_claim`` (status, priority, tenant_id, run_at), so
a claim costs the same with 100 or 100k jobs queued (docs/performance.md). Run inside
the claim's transaction, after the write lock is taken on SQLite; on PostgreSQL the
final pick is ``FOR UPDATE SKIP LOCKED`` and falls back to the class's oldest job when
the chosen tenant's are all held by other workers.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any, cast

from sqlalchemy import Select, select
from sqlalchemy.orm import Session

from salescrm.models import Job


def _first(session: Session, stmt: Select[Any]) -> str | None:
    stmt = stmt.limit(1)
    if session.get_bind().dialect.name == "postgresql":
        stmt = stmt.with_for_update(skip_locked=True)
    return cast("str | None", session.scalar(stmt))


def next_job_id(session: Session, now: datetime, last_tenant: str) -> str | None:
    expired = _first(session, select(Job.id).where(
        Job.status == "running", Job.locked_until < now, Job.attempts < Job.max_attempts)
        .order_by(Job.run_at))
    if expired is not None:
        return expired
    due = (Job.status == "queued") & (Job.run_at <= now)
    # ORDER BY … LIMIT 1, not min(): the index walk stops at the first due entry
    # (min() with the run_at filter read all 100k index entries on SQLite: 37 ms).
    priority = session.scalar(select(Job.priority).where(due).order_by(Job.priority).limit(1))
    if priority is None:
        return None
    in_class = due & (Job.priority == priority)
    system = _first(session, select(Job.id).where(in_class, Job.tenant_id.is_(None))
                    .order_by(Job.run_at))
    if system is not None:
        return system
    tenants = select(Job.tenant_id).where(in_class).order_by(Job.tenant_id).limit(1)
    tenant = session.scalar(tenants.where(Job.tenant_id > last_tenant)) or session.scalar(
        tenants.where(Job.tenant_id.is_not(None)))
    if tenant is not None:
        found = _first(session, select(Job.id).where(in_class, Job.tenant_id == tenant)
                       .order_by(Job.run_at))
        if found is not None:
            return found
    return _first(session, select(Job.id).where(in_class).order_by(Job.run_at))


def others_waiting(session: Session, tenant_id: str, now: datetime) -> bool:
    """Whether a due job of another tenant (or a system job) is queued: a long job then
    steps aside (``Requeue``) so the claim order above lets it run."""
    return session.scalar(select(Job.id).where(
        Job.status == "queued", Job.run_at <= now,
        Job.tenant_id.is_(None) | (Job.tenant_id != tenant_id)).limit(1)) is not None
