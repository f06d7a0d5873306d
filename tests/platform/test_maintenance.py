"""Housekeeping: SQLite gets planner statistics, old finished jobs are pruned."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from sqlalchemy import func, select, text, update

from salescrm.db.types import utcnow
from salescrm.models import Job
from salescrm.platform.jobs import enqueue


def test_analyze_job_gives_sqlite_the_owner_index_for_a_reps_list(
        sessions: Any, worker: Any, tenant: Any) -> None:
    rep = tenant.user("Planner")
    rep.create("accounts", name="rep account")
    with sessions() as s, s.begin():
        job_id = enqueue(s, "db.analyze").id
    worker.run_until_idle()
    with sessions() as s:
        assert s.get(Job, job_id).status == "done"  # type: ignore[union-attr]
        if s.get_bind().dialect.name != "sqlite":
            return  # PostgreSQL's autovacuum keeps statistics; the job is a no-op there
        stats = s.execute(text("SELECT count(*) FROM sqlite_stat1 WHERE tbl = 'accounts'")).scalar()
        assert stats and stats > 0


def test_prune_removes_old_done_jobs_and_keeps_dead_letters(sessions: Any, worker: Any) -> None:
    with sessions() as s, s.begin():
        old_done = enqueue(s, "noop.kind", {"n": 1})
        old_dead = enqueue(s, "noop.kind", {"n": 2})
        recent = enqueue(s, "noop.kind", {"n": 3})
        s.flush()
        long_ago = utcnow() - timedelta(days=30)
        s.execute(update(Job).where(Job.id == old_done.id)
                  .values(status="done", finished_at=long_ago))
        s.execute(update(Job).where(Job.id == old_dead.id)
                  .values(status="dead", finished_at=long_ago))
        s.execute(update(Job).where(Job.id == recent.id)
                  .values(status="done", finished_at=utcnow()))
        ids = [old_done.id, old_dead.id, recent.id]
        enqueue(s, "jobs.prune")
    worker.run_until_idle()
    with sessions() as s:
        left = set(s.scalars(select(Job.id).where(Job.id.in_(ids))))
        assert left == {old_dead.id, recent.id}
        assert s.scalar(select(func.count()).select_from(Job).where(
            Job.kind == "jobs.prune", Job.status == "done")) >= 1
