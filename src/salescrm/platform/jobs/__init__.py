"""Durable jobs: written in the business transaction (an outbox), run by a worker.

A job inserted in a transaction that rolls back never existed. Handlers must be
idempotent: a job runs at least once (a worker killed mid-job leaves it to be
claimed again when its lease runs out).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta
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
Subscriber = Callable[[Session, dict[str, Any]], None]
SUBSCRIBERS: list[Subscriber] = []
# Optional, per subscriber: whether it has anything to do with events of a type for a
# tenant (an active rule, a webhook). Asked once per type for a job of many events,
# so that events nobody acts on cost no query, nor savepoint, each.
INTERESTS: dict[Subscriber, Callable[[Session, str, str], bool]] = {}


def subscribe(subscriber: Subscriber,
              interest: Callable[[Session, str, str], bool] | None = None) -> None:
    if subscriber not in SUBSCRIBERS:
        SUBSCRIBERS.append(subscriber)
    if interest is not None:
        INTERESTS[subscriber] = interest


# Kinds whose handler commits as it goes (long jobs that report progress, such as an
# import committing each batch): the worker hands them a session with no transaction
# open, instead of running them in one transaction of its own.
OWN_TRANSACTIONS: set[str] = set()


class Requeue(Exception):
    """Raised by a long handler that has committed part of its work and steps aside so
    other tenants' jobs can run: the job goes back to the queue, due at once, without
    using an attempt (an import resumes after its last committed batch)."""


def register_job(kind: str, fn: Handler, *, every_seconds: int | None = None,
                 own_transactions: bool = False) -> None:
    """Called by ``platform.modules.install`` for each ``Module.jobs`` entry."""
    HANDLERS[kind] = fn
    if own_transactions:
        OWN_TRANSACTIONS.add(kind)
    if every_seconds is not None:
        SCHEDULES[kind] = (every_seconds, kind)


def handler(kind: str, *, own_transactions: bool = False) -> Callable[[Handler], Handler]:
    """For extension modules and tests (``SALESCRM_EXTRA_MODULES``); the app's own
    modules declare their jobs in ``Module.jobs``."""
    def wrap(fn: Handler) -> Handler:
        register_job(kind, fn, own_transactions=own_transactions)
        return fn

    return wrap


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


# Events written in bulk travel this many to a job (kind "events"): a worker claims,
# leases and finishes a job in three transactions, which cost more than delivering
# one event to the subscribers.
EVENTS_PER_JOB = 200


def event_batch_jobs(session: Session, tenant_id: str,
                     events: list[tuple[str, dict[str, Any]]]) -> list[dict[str, Any]]:
    """Like :func:`event_jobs`, for many events at once (an import's): the same events,
    ``EVENTS_PER_JOB`` to a job, each delivered to every subscriber on its own."""
    rows = event_jobs(session, tenant_id, events)
    return [{**rows[start], "kind": "events",
             "payload": {"events": [r["payload"] for r in rows[start:start + EVENTS_PER_JOB]]}}
            for start in range(0, len(rows), EVENTS_PER_JOB)]


@handler("event")
def _dispatch_event(session: Session, job: Job) -> None:
    for subscriber in SUBSCRIBERS:
        subscriber(session, job.payload)


@handler("events")
def _dispatch_events(session: Session, job: Job) -> None:
    """Each event of the job in a savepoint, as its own "event" job would run. One that
    fails is rolled back alone and queued again as an "event" job (its retries and
    dead-lettering are that kind's); a worker dying mid-job redelivers the whole job,
    which subscribers tolerate as they do any event delivered twice (at least once)."""
    from salescrm.config import get_settings
    from salescrm.platform.jobs.worker import backoff

    failed: list[tuple[dict[str, Any], str]] = []
    interested: dict[str, list[Subscriber]] = {}
    for event in (job.payload or {}).get("events") or []:
        kind = str(event.get("type", ""))
        if kind not in interested:
            interested[kind] = [s for s in SUBSCRIBERS if s not in INTERESTS
                                or INTERESTS[s](session, job.tenant_id or "", kind)]
        if not interested[kind]:
            continue
        try:
            with session.begin_nested():
                for subscriber in interested[kind]:
                    subscriber(session, event)
        except Exception as exc:  # one event's failure must not fail the others
            failed.append((event, f"{type(exc).__name__}: {exc}"[:2000]))
    now = utcnow()
    for event, error in failed:
        session.add(Job(id=new_id(), kind="event", payload=event, tenant_id=job.tenant_id,
                        status="queued", attempts=1, last_error=error, priority=job.priority,
                        max_attempts=get_settings().job_max_attempts,
                        run_at=now + timedelta(seconds=backoff(1))))
