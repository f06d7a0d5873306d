"""Durable jobs: the outbox is transactional, failures retry with backoff and end in
the dead letter, schedules fire once across workers, two workers never run the same
job, and a worker killed mid-job (SIGKILL) leaves the job to be finished by another.

Runs on SQLite and PostgreSQL (the ``sessions`` fixture is parametrized by backend).
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
import uuid
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select, update

from salescrm.db.types import utcnow
from salescrm.models import Job
from salescrm.platform.jobs import HANDLERS, SCHEDULES, enqueue
from salescrm.platform.jobs.worker import Worker
from tests.platform import job_handlers
from tests.platform.job_handlers import ran

REPO = Path(__file__).resolve().parents[2]


def _job(sessions: Any, job_id: str) -> Job:
    with sessions() as s:
        s.info["tenant_id"] = None
        job = s.get(Job, job_id)
        assert job is not None
        return job


def _enqueue(sessions: Any, kind: str, **kw: Any) -> str:
    with sessions() as s, s.begin():
        s.info["tenant_id"] = None
        return enqueue(s, kind, **kw).id


def _make_due(sessions: Any, job_id: str) -> None:
    """Let the backoff delay pass without waiting for it."""
    with sessions() as s, s.begin():
        s.execute(update(Job).where(Job.id == job_id).values(run_at=utcnow()))


def test_a_job_enqueued_in_a_rolled_back_transaction_never_runs(sessions, worker) -> None:
    lost, kept = uuid.uuid4().hex, uuid.uuid4().hex
    with pytest.raises(RuntimeError), sessions() as s, s.begin():
        s.info["tenant_id"] = None
        enqueue(s, "test.note", {"marker": lost})
        s.flush()  # the row reached the database inside the transaction …
        raise RuntimeError("a business rule failed after the job was written")
    _enqueue(sessions, "test.note", payload={"marker": kept})

    worker.run_until_idle()

    assert ran(lost) == []
    assert len(ran(kept)) == 1
    with sessions() as s:
        kinds = s.scalars(select(Job.payload).where(Job.kind == "test.note")).all()
    assert {"marker": lost} not in kinds


def test_a_failing_job_retries_with_exponential_backoff_then_is_dead_lettered(
        sessions, worker) -> None:
    marker = uuid.uuid4().hex
    job_id = _enqueue(sessions, "test.fail", payload={"marker": marker}, max_attempts=3)

    from salescrm.platform.jobs.worker import backoff

    for attempt in (1, 2):
        before = utcnow()
        worker.run_until_idle()
        after = utcnow()
        job = _job(sessions, job_id)
        assert (job.status, job.attempts) == ("queued", attempt)
        assert f"boom {marker}" in (job.last_error or "")
        # The retry is due backoff(attempt) after the failure, which happened in between
        # (measured so: other tests' jobs may share this worker's pass on a busy machine).
        assert before <= job.run_at - timedelta(seconds=backoff(attempt)) <= after
        # Not due yet: another pass does not run it again.
        worker.run_until_idle()
        assert len(ran(marker)) == attempt
        _make_due(sessions, job_id)

    assert 0 < backoff(1) <= 60, "the first retry comes within a minute"
    assert backoff(2) > backoff(1) * 1.5, "the delay grows exponentially"

    worker.run_until_idle()
    job = _job(sessions, job_id)
    assert (job.status, job.attempts) == ("dead", 3)
    assert job.finished_at is not None and f"boom {marker}" in (job.last_error or "")
    _make_due(sessions, job_id)
    worker.run_until_idle()
    assert len(ran(marker)) == 3, "a dead job is never run again"


def test_a_job_of_an_unknown_kind_is_retried_not_lost(sessions, worker) -> None:
    job_id = _enqueue(sessions, f"test.unknown.{uuid.uuid4().hex}")
    worker.run_until_idle()
    job = _job(sessions, job_id)
    assert job.status == "queued" and job.attempts == 1
    assert "no handler" in (job.last_error or "")


@pytest.fixture
def tick_schedule():  # type: ignore[no-untyped-def]
    """A recurring job registered for one test only."""
    name = f"test-tick-{uuid.uuid4().hex[:8]}"
    kind = f"test.tick.{name}"
    SCHEDULES[name] = (3600, kind)
    HANDLERS[kind] = job_handlers.note
    yield name, kind
    SCHEDULES.pop(name, None)
    HANDLERS.pop(kind, None)


def test_a_recurring_job_is_enqueued_once_across_two_workers(sessions, tick_schedule) -> None:
    name, kind = tick_schedule
    workers = [Worker(sessions, name=f"w{i}") for i in range(2)]
    barrier = threading.Barrier(2)
    counts: list[int] = []
    errors: list[BaseException] = []

    def race(w: Worker) -> None:
        try:
            barrier.wait()
            counts.append(w.enqueue_due_schedules())
        except BaseException as exc:  # surfaced below
            errors.append(exc)

    threads = [threading.Thread(target=race, args=(w,)) for w in workers]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    assert errors == []

    def queued() -> int:
        with sessions() as s:
            return len(s.scalars(select(Job.id).where(Job.kind == kind)).all())

    assert queued() == 1
    # Not due again for an hour, whichever worker asks.
    assert [w.enqueue_due_schedules() for w in workers] == [0, 0]
    assert queued() == 1
    # An hour later (simulated), exactly one more run is enqueued.
    from salescrm.models import JobSchedule

    with sessions() as s, s.begin():
        s.execute(update(JobSchedule).where(JobSchedule.name == name)
                  .values(next_run_at=utcnow() - timedelta(seconds=1)))
    assert sum(w.enqueue_due_schedules() for w in workers) == 1
    assert queued() == 2


def test_two_workers_never_run_the_same_job(sessions) -> None:
    markers = [uuid.uuid4().hex for _ in range(12)]
    for m in markers:
        _enqueue(sessions, "test.slow", payload={"marker": m, "seconds": 0.05})
    workers = [Worker(sessions, name=f"parallel-{i}") for i in range(2)]
    errors: list[BaseException] = []

    def drain(w: Worker) -> None:
        try:
            while w.run_one():
                pass
        except BaseException as exc:  # surfaced below
            errors.append(exc)

    threads = [threading.Thread(target=drain, args=(w,), name=w.name) for w in workers]
    for t in threads:
        t.start()
    for t in threads:
        t.join(120)
    assert errors == []
    runs = [r for m in markers for r in ran(m)]
    assert sorted(r[1] for r in runs) == sorted(markers), "each job ran exactly once"
    with sessions() as s:
        if s.get_bind().dialect.name == "postgresql":
            # PostgreSQL claims in parallel; SQLite has one writer, so which worker wins
            # each claim is up to the lock's timing and one may take them all.
            assert {r[2] for r in runs} == {"parallel-0", "parallel-1"}, "both took jobs"
        done = s.scalars(select(Job.attempts).where(Job.kind == "test.slow",
                                                    Job.status == "done")).all()
    assert len(done) >= len(markers) and set(done) == {1}


def test_postgresql_claims_skip_a_job_another_worker_holds(sessions, database_url) -> None:
    if not database_url.startswith("postgresql"):
        pytest.skip("FOR UPDATE SKIP LOCKED is PostgreSQL's; SQLite has one writer")
    held = _enqueue(sessions, "test.note", payload={"marker": uuid.uuid4().hex},
                    run_at=utcnow() - timedelta(days=3650))
    free_marker = uuid.uuid4().hex
    free = _enqueue(sessions, "test.note", payload={"marker": free_marker},
                    run_at=utcnow() - timedelta(days=3649))
    with sessions() as other, other.begin():
        # Another worker is in the middle of claiming the oldest job (row locked).
        other.execute(select(Job).where(Job.id == held).with_for_update())
        started = time.monotonic()
        claimed = Worker(sessions, name="skipper").claim()
        assert time.monotonic() - started < 5, "the claim did not wait for the lock"
        assert claimed is not None and claimed.id != held
    assert claimed.id == free or _job(sessions, free).status == "queued"
    assert _job(sessions, held).status == "queued"


# --- kill and recover: a real `salescrm worker` process, SIGKILLed mid-job ---------------
def _start_worker(database_url: str, log: Path) -> subprocess.Popen[bytes]:
    env = dict(os.environ,
               SALESCRM_DATABASE_URL=database_url,
               SALESCRM_EXTRA_MODULES="tests.platform.job_handlers",
               SALESCRM_JOB_LEASE_SECONDS="2",
               SALESCRM_EMBEDDED_WORKER="false",
               PYTHONPATH=os.pathsep.join([str(REPO), os.environ.get("PYTHONPATH", "")]))
    return subprocess.Popen([sys.executable, "-m", "salescrm.cli", "worker"], env=env,
                            cwd=REPO, stdout=log.open("wb"), stderr=subprocess.STDOUT,
                            start_new_session=True)


def _wait_for(check: Any, what: str, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while not check():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        time.sleep(0.1)


def test_a_worker_killed_mid_job_leaves_the_job_to_be_finished_by_another(
        sessions, database_url, tmp_path) -> None:
    files = {k: tmp_path / k for k in ("started", "release", "finished")}
    job_id = _enqueue(sessions, "test.block", payload={k: str(v) for k, v in files.items()})
    first = _start_worker(database_url, tmp_path / "worker1.log")
    second = None
    try:
        _wait_for(files["started"].exists, "the first worker to start the job")
        job = _job(sessions, job_id)
        assert job.status == "running" and f":{first.pid}:" in (job.locked_by or "")

        os.kill(first.pid, signal.SIGKILL)
        first.wait(10)
        files["release"].write_text("go")
        assert _job(sessions, job_id).status == "running", "the job is not lost"

        second = _start_worker(database_url, tmp_path / "worker2.log")
        _wait_for(lambda: _job(sessions, job_id).status == "done",
                  "the job to be claimed again after its lease and completed")
        job = _job(sessions, job_id)
        assert job.attempts == 2
        assert f":{second.pid}:" in (job.locked_by or "")
        assert files["finished"].read_text() == str(second.pid)

        second.send_signal(signal.SIGTERM)
        assert second.wait(20) == 0, "SIGTERM stops the worker cleanly"
    finally:
        for proc in (first, second):
            if proc is not None and proc.poll() is None:
                os.kill(proc.pid, signal.SIGKILL)
                proc.wait(10)
