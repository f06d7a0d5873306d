"""Durable jobs: written in the business transaction (an outbox), run by a worker.

A job inserted in a transaction that rolls back never existed. Handlers must be
idempotent: a job runs at least once (a worker killed mid-job leaves it to be
claimed again when its lease runs out).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any

from sqlalchemy.orm import Session

from salescrm.db.types import new_id, utcnow
from salescrm.models import Job

# Claimed first (lower first; see worker.py for the order across tenants): what a user
# waits for — imports, reminders, schedules, webhooks, the events of a single edit —
# before the record events an import writes by the thousand.
USER_FACING = 0
BULK = 10
# Set on a session that writes in bulk (an import's batches): the events it emits
# are BULK.
EVENT_PRIORITY = "event_priority"

Handler = Callable[[Session, Job], None]
HANDLERS: dict[str, Handler] = {}
# name → (interval seconds, job kind) for recurring work such as overdue detection.
SCHEDULES: dict[str, tuple[int, str]] = {}
# Event subscribers: called by the "event" job handler, each idempotent.
SUBSCRIBERS: list[Callable[[Session, dict[str, Any]], None]] = []


# Kinds whose handler commits as it goes (long jobs that report progress, such as an
# import committing each batch): the worker hands them a session with no transaction
# open, instead of running them in one transaction of its own.
OWN_TRANSACTIONS: set[str] = set()


class Requeue(Exception):
    """Raised by a long handler that has committed part of its work and steps aside so
    other tenants' jobs can run: the job goes back to the queue, due at once, without
    using an attempt (an import resumes after its last committed batch)."""


def handler(kind: str, *, own_transactions: bool = False) -> Callable[[Handler], Handler]:
    def wrap(fn: Handler) -> Handler:
        HANDLERS[kind] = fn
        if own_transactions:
            OWN_TRANSACTIONS.add(kind)
        return fn

    return wrap


def schedule(name: str, every_seconds: int, kind: str) -> None:
    SCHEDULES[name] = (every_seconds, kind)


def enqueue(
    session: Session,
    kind: str,
    payload: dict[str, Any] | None = None,
    tenant_id: str | None = None,
    run_at: datetime | None = None,
    max_attempts: int | None = None,
    priority: int = USER_FACING,
) -> Job:
    from salescrm.config import get_settings

    job = Job(
        id=new_id(), kind=kind, payload=payload or {}, tenant_id=tenant_id,
        run_at=run_at or utcnow(), status="queued", attempts=0, priority=priority,
        max_attempts=max_attempts or get_settings().job_max_attempts,
    )
    session.add(job)
    return job


def _event(session: Session, tenant_id: str, event_type: str, data: dict[str, Any]
           ) -> dict[str, Any]:
    event = {"id": new_id(), "type": event_type, "created_at": utcnow().isoformat(),
             "tenant_id": tenant_id, "data": data}
    # How many automated reactions led to this event: automation's loop guard reads it.
    if session.info.get("event_depth"):
        event["depth"] = session.info["event_depth"]
    return event


def emit_event(session: Session, tenant_id: str, event_type: str, data: dict[str, Any]) -> Job:
    """A domain event (``accounts.created`` …) delivered to subscribers by the worker."""
    return enqueue(session, "event", _event(session, tenant_id, event_type, data),
                   tenant_id=tenant_id, priority=session.info.get(EVENT_PRIORITY, USER_FACING))


def event_jobs(session: Session, tenant_id: str,
               events: list[tuple[str, dict[str, Any]]]) -> list[dict[str, Any]]:
    """The job rows ``emit_event`` would add for each (type, data), as plain dicts, for
    writers of many rows at once (imports) that insert them in one statement."""
    from salescrm.config import get_settings

    now = utcnow()
    attempts = get_settings().job_max_attempts
    return [{"id": new_id(), "kind": "event", "payload": _event(session, tenant_id, kind, data),
             "tenant_id": tenant_id, "run_at": now, "status": "queued", "attempts": 0,
             "priority": BULK, "max_attempts": attempts, "created_at": now}
            for kind, data in events]


@handler("event")
def _dispatch_event(session: Session, job: Job) -> None:
    for subscriber in SUBSCRIBERS:
        subscriber(session, job.payload)
