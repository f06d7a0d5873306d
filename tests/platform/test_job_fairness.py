"""Fair claiming (issue 11): one tenant's huge queue does not hold up another tenant's
jobs. User-facing jobs (an import) go before bulk record events, tenants with waiting
jobs take turns, and a long import steps aside between batches when another tenant's
job waits. On SQLite and PostgreSQL."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import delete, insert, select

from salescrm.models import ImportRun, Job
from salescrm.platform.imports import runner
from salescrm.platform.jobs import event_jobs
from salescrm.platform.jobs.worker import Worker
from tests.factories import Tenant
from tests.platform.imports.helpers import upload

BIG_QUEUE = 5000


def _queue_bulk_events(sessions: Any, tenant_id: str, count: int) -> None:
    """Record events as an import writes them (BULK priority), for rows that are not
    there: the test only claims them, and deletes them after."""
    with sessions() as s, s.begin():
        s.info["tenant_id"] = tenant_id
        s.execute(insert(Job), event_jobs(s, tenant_id, [
            ("contacts.created", {"id": f"fairness-{i}", "object": "contacts"})
            for i in range(count)]))


def _claim_order(worker: Worker, count: int, tenant_ids: tuple[str, ...]) -> list[Job]:
    """The first `count` jobs claimed for these tenants. Other tests share the database,
    and a job of theirs may fall due (a schedule, a retry) while this test claims: it is
    claimed too, in its turn, and left out of the order compared."""
    claimed: list[Job] = []
    while len(claimed) < count:
        job = worker.claim()
        if job is None:
            break
        if job.tenant_id in tenant_ids:
            claimed.append(job)
    return claimed


@pytest.fixture
def two_tenants(tenants: Any, sessions: Any, worker: Worker) -> Any:
    """A big tenant and a small one (created in that order, so the big one's id sorts
    first), with nothing else due; the test's jobs are removed afterwards."""
    big, small = tenants.new("Big Co"), tenants.new("Small Co")
    worker.run_until_idle()  # their sign-up's jobs, and any other test's
    yield big, small
    with sessions() as s, s.begin():
        s.info["tenant_id"] = None
        s.execute(delete(Job).where(Job.tenant_id.in_([big.id, small.id])))


def test_a_small_tenants_import_is_claimed_before_a_big_tenants_bulk_events(
        two_tenants: tuple[Tenant, Tenant], sessions: Any, worker: Worker) -> None:
    big, small = two_tenants
    _queue_bulk_events(sessions, big.id, BIG_QUEUE)
    r = upload(small.admin, "contacts", b"Name\nAda\n")
    assert r.status_code == 202, r.text

    claimed = _claim_order(worker, 3, (big.id, small.id))
    assert (claimed[0].tenant_id, claimed[0].kind) == (small.id, "import"), \
        [(j.tenant_id, j.kind) for j in claimed]


def test_tenants_with_waiting_jobs_take_turns(
        two_tenants: tuple[Tenant, Tenant], sessions: Any, worker: Worker) -> None:
    big, small = two_tenants
    _queue_bulk_events(sessions, big.id, BIG_QUEUE)
    _queue_bulk_events(sessions, small.id, 3)  # queued after the big tenant's 5000

    claimed = [j.tenant_id for j in _claim_order(worker, 8, (big.id, small.id))]
    assert claimed[:6] == [big.id, small.id] * 3, "one each, in turn"
    assert claimed[6:] == [big.id, big.id], "then the big tenant's queue alone"


def test_a_long_import_steps_aside_for_another_tenants_import_and_resumes(
        two_tenants: tuple[Tenant, Tenant], sessions: Any, worker: Worker,
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(runner, "SLICE_SECONDS", 0.0)
    monkeypatch.setattr(runner, "RESUME_SHARE", 0.0)
    monkeypatch.setattr(runner, "BATCH_ROWS", 10)
    big, small = two_tenants
    rows = "".join(f"Customer {i},1390000{i:04d}\n" for i in range(25))
    big_import = upload(big.admin, "contacts", f"Name,Mobile\n{rows}".encode()).json()["id"]
    small_import = upload(small.admin, "contacts", b"Name\nAda\n").json()["id"]

    assert worker.run_one()  # the big import: one batch, then it steps aside
    status = big.admin.get(f"imports/{big_import}").json()
    assert (status["status"], status["created"]) == ("running", 10)
    with sessions() as s:
        s.info["tenant_id"] = None
        job = s.scalars(select(Job).where(Job.tenant_id == big.id, Job.kind == "import")).one()
        assert (job.status, job.attempts) == ("queued", 0), "stepping aside uses no attempt"

    assert worker.run_one()  # the small tenant's turn
    assert small.admin.get(f"imports/{small_import}").json()["status"] == "done"

    worker.run_until_idle()
    status = big.admin.get(f"imports/{big_import}").json()
    assert (status["status"], status["created"], status["failed"]) == ("done", 25, 0)
    with sessions() as s:
        s.info["tenant_id"] = big.id
        assert s.scalar(select(ImportRun.resume_after).where(ImportRun.id == big_import)) == 26
    names = [c["name"] for c in big.admin.get("contacts?limit=100").json()["items"]]
    assert sorted(names) == sorted(f"Customer {i}" for i in range(25)), "each row once"
