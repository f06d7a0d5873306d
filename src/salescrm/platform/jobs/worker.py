"""The worker: claims due jobs, runs them, retries with backoff, dead-letters.

Claiming is one short transaction. On PostgreSQL ``FOR UPDATE SKIP LOCKED`` lets
many workers claim in parallel; on SQLite the single-writer lock does the same.
A claim takes a lease (``locked_until``); a job whose worker died is claimed
again once the lease has run out. Each job then runs in its own transaction.
"""

from __future__ import annotations

import logging
import os
import socket
import threading
import time
import traceback
from datetime import timedelta

from sqlalchemy import or_, select, update
from sqlalchemy.orm import Session, sessionmaker

from salescrm.config import get_settings
from salescrm.db.types import utcnow
from salescrm.models import Job, JobSchedule
from salescrm.platform.jobs import HANDLERS, SCHEDULES, enqueue

log = logging.getLogger("salescrm.worker")
BACKOFF_BASE_SECONDS = 15
BACKOFF_MAX_SECONDS = 3600


def backoff(attempts: int) -> float:
    """15 s, 30 s, 60 s … capped at an hour: the first retry comes within a minute."""
    return float(min(BACKOFF_BASE_SECONDS * 2 ** max(attempts - 1, 0), BACKOFF_MAX_SECONDS))


class Worker:
    def __init__(self, factory: sessionmaker[Session], name: str | None = None) -> None:
        self.factory = factory
        self.name = name or f"{socket.gethostname()}:{os.getpid()}:{threading.get_ident()}"
        self.lease = timedelta(seconds=get_settings().job_lease_seconds)
        self._stop = threading.Event()

    # --- claiming -------------------------------------------------------------
    def claim(self) -> Job | None:
        now = utcnow()
        with self.factory() as session, session.begin():
            session.info["tenant_id"] = None
            due = or_(
                (Job.status == "queued") & (Job.run_at <= now),
                (Job.status == "running") & (Job.locked_until < now),
            )
            stmt = select(Job).where(due).order_by(Job.run_at).limit(1)
            if session.get_bind().dialect.name == "postgresql":
                stmt = stmt.with_for_update(skip_locked=True)
            job = session.scalars(stmt).first()
            if job is None:
                return None
            # Guarded update: of two claimers that read the same row, one wins.
            claimed = session.execute(
                update(Job)
                .where(Job.id == job.id, Job.status == job.status,
                       Job.attempts == job.attempts)
                .values(status="running", locked_by=self.name, locked_until=now + self.lease,
                        attempts=Job.attempts + 1)
                .execution_options(synchronize_session=False)
            ).rowcount
            if claimed != 1:
                return None
        job.status, job.attempts, job.locked_by = "running", job.attempts + 1, self.name
        return job

    # --- running --------------------------------------------------------------
    def run_one(self) -> bool:
        """Claim and run one due job. Returns False when nothing was due."""
        job = self.claim()
        if job is None:
            return False
        fn = HANDLERS.get(job.kind)
        error: str | None = None
        try:
            if fn is None:
                raise LookupError(f"no handler for job kind {job.kind!r}")
            with self.factory() as session, session.begin():
                session.info["tenant_id"] = job.tenant_id
                fn(session, job)
        except Exception:  # a job's failure must never stop the worker
            error = traceback.format_exc(limit=5)
            log.warning("job %s (%s) failed: %s", job.id, job.kind, error.splitlines()[-1])
        self._finish(job, error)
        return True

    def _finish(self, job: Job, error: str | None) -> None:
        now = utcnow()
        with self.factory() as session, session.begin():
            session.info["tenant_id"] = None
            if error is None:
                values = {"status": "done", "finished_at": now, "locked_until": None,
                          "last_error": None}
            elif job.attempts >= job.max_attempts:
                values = {"status": "dead", "finished_at": now, "locked_until": None,
                          "last_error": error}
            else:
                values = {"status": "queued", "locked_until": None, "last_error": error,
                          "run_at": now + timedelta(seconds=backoff(job.attempts))}
            session.execute(
                update(Job).where(Job.id == job.id, Job.locked_by == self.name)
                .values(**values).execution_options(synchronize_session=False)
            )

    # --- schedules ------------------------------------------------------------
    def enqueue_due_schedules(self) -> int:
        """Enqueue each recurring job whose time has come, once across all workers."""
        now = utcnow()
        count = 0
        with self.factory() as session, session.begin():
            session.info["tenant_id"] = None
            known = {s.name: s for s in session.scalars(select(JobSchedule))}
            for name, (every, kind) in SCHEDULES.items():
                if name not in known:
                    session.add(JobSchedule(name=name, interval_seconds=every, next_run_at=now))
                    session.flush()
                    known[name] = session.get(JobSchedule, name)  # type: ignore[assignment]
                row = known[name]
                if row.next_run_at > now:
                    continue
                moved = session.execute(
                    update(JobSchedule)
                    .where(JobSchedule.name == name, JobSchedule.next_run_at == row.next_run_at)
                    .values(next_run_at=now + timedelta(seconds=every))
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
