"""Observed stage-to-win rates, by how long a deal has already sat in its stage.

For a stage S and an age ``L`` (days since the deal entered S: 0, 30, 90, 180, 365)
the rate answers: *of the deals that were still open L days after entering S, how
many were won within the next H days* (``horizon_days``, default 180)? — and
``avg_days_to_win``: how many days after that age the wins came.

The cohort for age L is the deals that entered S during a window of ``window_days``
ending L + H days before the as-of moment, so every one of them was watched for the
full L + H days: deals that stalled and never closed count as not won, exactly as a
stalled deal in today's pipeline should. A deal's state at any moment is read from
the stage history (the stay covering that moment), so the same statement serves
today's forecast and the backtest's replay of any past day without looking ahead.

One statement over the history (seconds at a million deals): the figures are cached
per tenant in ``forecast_stage_rates`` and refreshed by a background job, daily and
at most hourly while stages move.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import and_, case, delete, false, func, literal, or_, select
from sqlalchemy.orm import Session

from salescrm.db.types import utcnow
from salescrm.models import ForecastStageRate, Job, Opportunity, OpportunityStageHistory
from salescrm.modules.analytics.pipeline_data import Stages
from salescrm.modules.analytics.sql import LIMITS, days_between, dialect_of, guarded
from salescrm.platform.errors import ProblemError
from salescrm.platform.jobs import enqueue
from salescrm.platform.tenancy import Context
from salescrm.platform.tenancy.later import write_after_commit

H = OpportunityStageHistory
AGES = (0, 30, 90, 180, 365)
REFRESH_AFTER = timedelta(hours=1)
REFRESH_JOB = "analytics.refresh_forecast_rates"


@dataclass
class StageRate:
    pipeline_id: str
    stage: str
    age_from: int
    alive: int
    won: int
    avg_days_to_win: float | None

    @property
    def rate(self) -> float | None:
        return self.won / self.alive if self.alive else None


def kind_predicate(pipelines: dict[str, Stages], kinds: tuple[str, ...]) -> Any:
    parts = []
    for pid, st in pipelines.items():
        keys = [s["key"] for s in st.stages if s.get("kind") in kinds]
        if keys:
            parts.append(and_(H.pipeline_id == pid, H.stage.in_(keys)))
    return or_(*parts) if parts else false()


def compute_rates(ctx: Context, as_of: datetime, window_days: int, horizon_days: int,
                  pipelines: dict[str, Stages]) -> dict[tuple[str, str, int], StageRate]:
    """One statement over the history (tenant-wide, live deals only): one row per deal
    (when it first entered each open stage; whether and when it had closed by
    ``as_of``), then sums per stage and age band. No join, so it stays a single scan
    on SQLite too."""
    dialect = dialect_of(ctx.session)
    oldest = as_of - timedelta(days=window_days + AGES[-1] + horizon_days)
    pairs = [(pid, k) for pid, st in pipelines.items() for k in st.open_keys]
    if not pairs:
        return {}
    live = H.opportunity_id.not_in(select(Opportunity.id)
                                   .where(Opportunity.deleted_at.is_not(None)))
    # The stay covering ``as_of`` tells whether (and when) the deal had closed by then.
    closing = and_(or_(H.left_at.is_(None), H.left_at > as_of),
                   kind_predicate(pipelines, ("won", "lost")))
    won_now = and_(closing, kind_predicate(pipelines, ("won",)))
    per_deal = (select(*[func.min(case((and_(H.pipeline_id == pid, H.stage == k),
                                        H.entered_at), else_=None)).label(f"f{i}")
                         for i, (pid, k) in enumerate(pairs)],
                       func.max(case((closing, H.entered_at), else_=None)).label("closed_at"),
                       func.max(case((won_now, 1), else_=0)).label("won"))
                .where(H.entered_at >= oldest, H.entered_at < as_of, live)
                .group_by(H.opportunity_id).subquery("per_deal"))
    d = per_deal.c
    moment = literal(as_of, H.entered_at.type)
    cols = []
    for i in range(len(pairs)):
        first = d[f"f{i}"]
        open_for = days_between(first, func.coalesce(d.closed_at, moment), dialect)
        to_win = days_between(first, d.closed_at, dialect)
        for age in AGES:
            cohort_end = as_of - timedelta(days=age + horizon_days)
            alive = and_(first >= cohort_end - timedelta(days=window_days),
                         first < cohort_end, open_for > age)
            hit = and_(alive, d.won == 1, to_win <= age + horizon_days)
            cols += [func.sum(case((alive, 1), else_=0)), func.sum(case((hit, 1), else_=0)),
                     func.avg(case((hit, to_win - age), else_=None))]
    row = ctx.session.execute(select(*cols)).one()
    out: dict[tuple[str, str, int], StageRate] = {}
    n = 0
    for pid, stage in pairs:
        for age in AGES:
            alive, hits, days = row[n], row[n + 1], row[n + 2]
            n += 3
            out[(pid, stage, age)] = StageRate(
                pid, stage, age, int(alive or 0), int(hits or 0),
                round(float(days), 4) if days is not None else None)
    return out


def _history_mark(ctx: Context) -> datetime | None:
    return ctx.session.scalar(select(func.max(H.entered_at)))


def _cached(ctx: Context, window_days: int, horizon_days: int) -> list[ForecastStageRate]:
    """The newest cached batch for these parameters (any day)."""
    same = and_(ForecastStageRate.window_days == window_days,
                ForecastStageRate.horizon_days == horizon_days)
    newest = select(func.max(ForecastStageRate.computed_at)).where(same).scalar_subquery()
    return list(ctx.session.scalars(select(ForecastStageRate).where(
        same, ForecastStageRate.computed_at == newest)))


def refresh(ctx: Context, as_of: datetime, window_days: int, horizon_days: int,
            pipelines: dict[str, Stages]
            ) -> tuple[dict[tuple[str, str, int], StageRate], datetime]:
    """Compute the rates as of now and replace the cached ones; (rates, computed at)."""
    mark = _history_mark(ctx)
    rates = compute_rates(ctx, as_of, window_days, horizon_days, pipelines)
    now = utcnow()
    _store(ctx.session, ctx.tenant_id, as_of, window_days, horizon_days, rates, mark, now)
    return rates, now


def _store(session: Session, tenant_id: str, as_of: datetime, window_days: int,
           horizon_days: int, rates: dict[tuple[str, str, int], StageRate],
           mark: datetime | None, now: datetime) -> None:
    """Replace the cached batch for these parameters (the session's tenant)."""
    session.execute(delete(ForecastStageRate).where(
        ForecastStageRate.window_days == window_days,
        ForecastStageRate.horizon_days == horizon_days)
        .execution_options(synchronize_session=False))
    for r in rates.values():
        session.add(ForecastStageRate(
            tenant_id=tenant_id, as_of=as_of.date(), window_days=window_days,
            horizon_days=horizon_days, pipeline_id=r.pipeline_id, stage=r.stage,
            age_from=r.age_from, alive=r.alive, won=r.won,
            avg_days_to_win=r.avg_days_to_win, history_mark=mark, computed_at=now))
    session.flush()


def _request_refresh(ctx: Context, window_days: int, horizon_days: int) -> None:
    """Queue one background refresh per tenant (none if one is waiting or running),
    after the forecast has answered: the read stays a read (decision 0150)."""
    tenant_id = ctx.tenant_id

    def queue(session: Session) -> None:
        waiting = session.scalar(select(Job.id).where(
            Job.kind == REFRESH_JOB, Job.tenant_id == tenant_id,
            Job.status.in_(("queued", "running"))))
        if waiting is None:
            enqueue(session, REFRESH_JOB, {"window_days": window_days,
                                            "horizon_days": horizon_days},
                    tenant_id=tenant_id)

    write_after_commit(ctx, queue)


def stage_rates(ctx: Context, as_of: datetime, window_days: int, horizon_days: int,
                pipelines: dict[str, Stages]
                ) -> tuple[dict[tuple[str, str, int], StageRate], datetime | None]:
    """The rates and when they were computed (None: not yet, stage probabilities stand in).

    A tenant's first forecast computes them inline when that takes a few seconds at
    most (and stores them once it has answered), else hands them to a background job;
    afterwards the cached figures answer at once, and the job refreshes them when they
    are from an earlier day, or over an hour old while stages have moved since."""
    rows = _cached(ctx, window_days, horizon_days)
    if not rows:
        try:
            with ctx.session.begin_nested(), guarded(ctx.session, LIMITS.first_rates_ms):
                mark = _history_mark(ctx)
                rates = compute_rates(ctx, as_of, window_days, horizon_days, pipelines)
        except ProblemError as exc:
            if exc.code != "report.timeout":
                raise
            _request_refresh(ctx, window_days, horizon_days)
            return {}, None
        now, tenant_id = utcnow(), ctx.tenant_id
        write_after_commit(ctx, lambda session: _store(
            session, tenant_id, as_of, window_days, horizon_days, rates, mark, now))
        return rates, now
    newest = rows[0]
    if newest.as_of < as_of.date() or (newest.computed_at < as_of - REFRESH_AFTER
                                       and newest.history_mark != _history_mark(ctx)):
        _request_refresh(ctx, window_days, horizon_days)
    return {(r.pipeline_id, r.stage, r.age_from): StageRate(
        r.pipeline_id, r.stage, r.age_from, r.alive, r.won,
        float(r.avg_days_to_win) if r.avg_days_to_win is not None else None)
        for r in rows}, newest.computed_at


def refresh_job(session: Session, job: Job) -> None:
    from salescrm.modules.analytics.pipeline_data import all_pipelines
    from salescrm.platform.tenancy.system import system_context

    assert job.tenant_id is not None
    ctx = system_context(session, job.tenant_id)
    payload = job.payload or {}
    refresh(ctx, utcnow(), int(payload.get("window_days", 365)),
            int(payload.get("horizon_days", 180)), all_pipelines(ctx))
