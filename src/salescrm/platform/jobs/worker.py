"""The worker: claims due jobs, runs them, retries with backoff, dead-letters.

Claiming is one short transaction that declares its write first: on SQLite it takes
the single writer lock at BEGIN, before the pick reads, so two workers cannot pick the
same row (a read snapshot upgraded to a write later would fail with "database is
locked" instead of waiting); on PostgreSQL the pick takes ``FOR UPDATE SKIP LOCKED``,
so many workers claim different jobs in parallel. Which job: ``claim.py`` (fair
across tenants, user-facing before bulk), then ``UPDATE … RETURNING`` leases it.

A claim takes a lease (``locked_until``) that a heartbeat extends while the handler
runs; a job whose worker died is claimed again once the lease has run out, and is
dead-lettered instead when it has used up its attempts (a job that kills its worker
must not kill every worker forever). Each job runs in its own transaction.
"""

from __future__ import annotations

import logging
import os
import socket
import threading
import time
import traceback
from datetime import timedelta
from typing import Any

from sqlalchemy import insert, update
from sqlalchemy.orm import Session, sessionmaker

from salescrm.config import get_settings
from salescrm.db.engine import begin_write
from salescrm.db.types import utcnow
from salescrm.models import Job, JobSchedule
from salescrm.platform.jobs import HANDLERS, OWN_TRANSACTIONS, SCHEDULES, Requeue, enqueue
from salescrm.platform.jobs.claim import next_job_id

log = logging.getLogger("salescrm.worker")
BACKOFF_BASE_SECONDS = 15
BACKOFF_MAX_SECONDS = 3600


def backoff(attempts: int) -> float:
    """15 s, 30 s, 60 s … capped at an hour: the first retry comes within a minute."""
    return float(min(BACKOFF_BASE_SECONDS * 2 ** max(attempts - 1, 0), BACKOFF_MAX_SECONDS))


def _insert_ignoring_duplicates(session: Session, rows: list[dict[str, Any]]) -> None:
    """INSERT … ON CONFLICT DO NOTHING on both databases (schedule rows, by name)."""
    dialect = session.get_bind().dialect.name
    if dialect == "postgresql":
        from sqlalchemy.dialects.postgresql import insert as pg_insert

        session.execute(pg_insert(JobSchedule).values(rows).on_conflict_do_nothing(
            index_elements=["name"]))
    elif dialect == "sqlite":
        from sqlalchemy.dialects.sqlite import insert as sqlite_insert

        session.execute(sqlite_insert(JobSchedule).values(rows).on_conflict_do_nothing(
            index_elements=["name"]))
    else:  # pragma: no cover - only SQLite and PostgreSQL are supported
        session.execute(insert(JobSchedule), rows)


class Worker:
    def __init__(self, factory: sessionmaker[Session], name: str | None = None) -> None:
        self.factory = factory
        self.name = name or f"{socket.gethostname()}:{os.getpid()}:{threading.get_ident()}"
        self.lease = timedelta(seconds=get_settings().job_lease_seconds)
        self._stop = threading.Event()
        self.last_tenant = ""  # the tenant served last: the next claim looks past it

    # --- claiming -------------------------------------------------------------
    def claim(self) -> Job | None:
        """The next job in fair order (``claim.next_job_id``), leased to this worker."""
        now = utcnow()
        with self.factory() as session, session.begin():
            begin_write(session, background=True)  # queue for SQLite's write lock
            session.info["tenant_id"] = None
            self._bury_abandoned(session, now)
            job_id = next_job_id(session, now, self.last_tenant)
            if job_id is None:
                return None
            job = session.execute(
                update(Job)
                .where(Job.id == job_id)
                .values(status="running", locked_by=self.name, locked_until=now + self.lease,
                        attempts=Job.attempts + 1)
                .returning(Job)
                .execution_options(synchronize_session=False)
            ).scalars().first()
        if job is not None and job.tenant_id:
            self.last_tenant = job.tenant_id
        return job

    def _bury_abandoned(self, session: Session, now: Any) -> None:
        """Dead-letter jobs whose worker died on their last allowed attempt."""
        session.execute(
            update(Job)
            .where(Job.status == "running", Job.locked_until < now,
                   Job.attempts >= Job.max_attempts)
            .values(status="dead", finished_at=now, locked_until=None,
                    last_error="lease expired on the last attempt (the worker stopped)")
            .execution_options(synchronize_session=False)
        )

    # --- running --------------------------------------------------------------
    def run_one(self) -> bool:
        """Claim and run one due job. Returns False when nothing was due."""
        job = self.claim()
        if job is None:
            return False
        fn = HANDLERS.get(job.kind)
        error: str | None = None
        requeue = False
        heartbeat = self._start_heartbeat(job.id)
        try:
            if fn is None:
                raise LookupError(f"no handler for job kind {job.kind!r}")
            if job.kind in OWN_TRANSACTIONS:
                with self.factory() as session:
                    session.info["tenant_id"] = job.tenant_id
                    fn(session, job)
            else:
                with self.factory() as session, session.begin():
                    begin_write(session, background=True)  # handlers read, then write
                    session.info["tenant_id"] = job.tenant_id
                    fn(session, job)
        except Requeue:
            requeue = True
        except Exception:  # a job's failure must never stop the worker
            error = traceback.format_exc(limit=5)
            log.warning("job %s (%s) failed: %s", job.id, job.kind, error.splitlines()[-1])
        finally:
            heartbeat.set()
        self._finish(job, error, requeue)
        return True

    def _start_heartbeat(self, job_id: str) -> threading.Event:
        """Extend the lease while a long job runs, so no other worker takes it over."""
        done = threading.Event()
        every = max(self.lease.total_seconds() / 3, 0.2)

        def beat() -> None:
            while not done.wait(every):
                try:
                    with self.factory() as session, session.begin():
                        # Not background: a lease that lapses while people write
                        # would let a second worker run the job again.
                        begin_write(session)
                        session.info["tenant_id"] = None
                        session.execute(
                            update(Job).where(Job.id == job_id, Job.locked_by == self.name,
                                              Job.status == "running")
                            .values(locked_until=utcnow() + self.lease)
                            .execution_options(synchronize_session=False))
                except Exception:  # the next beat tries again
                    log.warning("heartbeat for job %s failed", job_id, exc_info=True)

        threading.Thread(target=beat, name=f"job-heartbeat-{job_id}", daemon=True).start()
        return done

    def _finish(self, job: Job, error: str | None, requeue: bool = False) -> None:
        now = utcnow()
        with self.factory() as session, session.begin():
            begin_write(session, background=True)  # queue for SQLite's write lock
            session.info["tenant_id"] = None
            if requeue:  # stepped aside for other tenants: due again now, attempt unused
                values = {"status": "queued", "locked_until": None, "run_at": now,
                          "attempts": job.attempts - 1}
            elif error is None:
                values = {"status": "done", "finished_at": now, "locked_until": None,
                          "last_error": None}
            elif job.attempts >= job.max_attempts:
                values = {"status": "dead", "finished_at": now, "locked_until": None,
                          "last_error": error}
            else:
                values = {"status": "queued", "locked_until": None, "last_error": error,
                          "run_at": now + timedelta(seconds=backoff(job.attempts))}
            # Guarded by the lease holder: a worker that lost its lease changes nothing.
            session.execute(
                update(Job).where(Job.id == job.id, Job.locked_by == self.name,
                                  Job.status == "running")
                .values(**values).execution_options(synchronize_session=False)
            )

    # --- schedules ------------------------------------------------------------
    def enqueue_due_schedules(self) -> int:
        """Enqueue each recurring job whose time has come, once across all workers.

        Writes come first (insert-if-missing, then a guarded move of ``next_run_at``):
        of two workers, the one whose UPDATE moves the time enqueues; the other's
        UPDATE matches no row (PostgreSQL re-checks the condition after the lock wait,
        SQLite serializes the writers).
        """
        if not SCHEDULES:
            return 0
        now = utcnow()
        count = 0
        with self.factory() as session, session.begin():
            begin_write(session, background=True)  # queue for SQLite's write lock
            session.info["tenant_id"] = None
            _insert_ignoring_duplicates(session, [
                {"name": name, "interval_seconds": every, "next_run_at": now}
                for name, (every, _kind) in SCHEDULES.items()])
            for name, (every, kind) in SCHEDULES.items():
                moved = session.execute(  # type: ignore[attr-defined]
                    update(JobSchedule)
                    .where(JobSchedule.name == name, JobSchedule.next_run_at <= now)
                    .values(next_run_at=now + timedelta(seconds=every), interval_seconds=every)
                    .execution_options(synchronize_session=False)
                ).rowcount
                if moved == 1:
                    enqueue(session, kind, {"schedule": name})
                    count += 1
        return count

    def run_until_idle(self, max_jobs: int = 10_000) -> int:
        """Run due jobs until none is left (tests and the CLI's ``--once``)."""
        self.enqueue_due_schedules()
        ran = 0
        while ran < max_jobs and self.run_one():
            ran += 1
        return ran

    def run_forever(self, poll_seconds: float = 1.0) -> None:
        last_schedule = 0.0
        while not self._stop.is_set():
            try:
                if time.monotonic() - last_schedule > 5:
                    self.enqueue_due_schedules()
                    last_schedule = time.monotonic()
                if not self.run_one():
                    self._stop.wait(poll_seconds)
            except Exception:  # database hiccup: wait and try again
                log.exception("worker loop error")
                self._stop.wait(poll_seconds * 5)

    def stop(self) -> None:
        self._stop.set()

    def start_thread(self) -> threading.Thread:
        thread = threading.Thread(target=self.run_forever, name="salescrm-worker", daemon=True)
        thread.start()
        return thread
