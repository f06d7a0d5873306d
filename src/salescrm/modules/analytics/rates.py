"""Observed stage-to-win rates: of the deals that entered a stage during a trailing
window and had closed by the as-of moment, how many were won, and how many days
after entering the stage the wins came.

A deal's outcome is its state *at the as-of moment*, read from the stage history
(the row whose stay covers that moment), so the same statement serves today's
forecast and the backtest's replay of any past day without looking ahead.

Rates over a year of history cost one scan of it; today's are cached per tenant in
``forecast_stage_rates`` and reused until a stage changes (then at most hourly).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import and_, case, delete, false, func, or_, select

from salescrm.db.types import utcnow
from salescrm.models import ForecastStageRate, Opportunity, OpportunityStageHistory
from salescrm.modules.analytics.pipeline_data import Stages
from salescrm.modules.analytics.sql import days_between, dialect_of
from salescrm.platform.tenancy import Context

H = OpportunityStageHistory
REFRESH_AFTER = timedelta(hours=1)


@dataclass
class StageRate:
    pipeline_id: str
    stage: str
    entered: int
    closed: int
    won: int
    avg_days_to_win: float | None
    window_days: int


def _kind_predicate(pipelines: dict[str, Stages], kinds: tuple[str, ...]) -> Any:
    parts = []
    for pid, st in pipelines.items():
        keys = [s["key"] for s in st.stages if s.get("kind") in kinds]
        if keys:
            parts.append(and_(H.pipeline_id == pid, H.stage.in_(keys)))
    return or_(*parts) if parts else false()


def compute_rates(ctx: Context, as_of: datetime, window_days: int,
                  pipelines: dict[str, Stages]) -> dict[tuple[str, str], StageRate]:
    """One statement over the history of the window (tenant-wide, live deals only)."""
    start = as_of - timedelta(days=window_days)
    live = H.opportunity_id.in_(select(Opportunity.id).where(Opportunity.deleted_at.is_(None)))
    entries = (select(H.opportunity_id, H.pipeline_id, H.stage,
                      func.min(H.entered_at).label("entered"))
               .where(H.entered_at >= start, H.entered_at < as_of,
                      _kind_predicate(pipelines, ("open",)), live)
               .group_by(H.opportunity_id, H.pipeline_id, H.stage)
               .cte("entries").prefix_with("MATERIALIZED", dialect="postgresql"))
    # The stay covering ``as_of`` tells the outcome; closing rows start within the window.
    outcomes = (select(H.opportunity_id, H.entered_at.label("closed_at"),
                       case((_kind_predicate(pipelines, ("won",)), 1), else_=0).label("won"))
                .where(H.entered_at >= start, H.entered_at < as_of,
                       or_(H.left_at.is_(None), H.left_at > as_of),
                       _kind_predicate(pipelines, ("won", "lost")))
                .cte("outcomes").prefix_with("MATERIALIZED", dialect="postgresql"))
    won = outcomes.c.won == 1
    dialect = dialect_of(ctx.session)
    stmt = (select(entries.c.pipeline_id, entries.c.stage, func.count(),
                   func.count(outcomes.c.opportunity_id),
                   func.sum(case((won, 1), else_=0)),
                   func.avg(case((won, days_between(entries.c.entered, outcomes.c.closed_at,
                                                    dialect)), else_=None)))
            .select_from(entries)
            .outerjoin(outcomes, outcomes.c.opportunity_id == entries.c.opportunity_id)
            .group_by(entries.c.pipeline_id, entries.c.stage))
    return {(pid, stage): StageRate(pid, stage, int(n), int(closed), int(w or 0),
                                    round(float(days), 4) if days is not None else None,
                                    window_days)
            for pid, stage, n, closed, w, days in ctx.session.execute(stmt)}


def _history_mark(ctx: Context) -> datetime | None:
    return ctx.session.scalar(select(func.max(H.entered_at)))  # type: ignore[no-any-return]


def stage_rates(ctx: Context, as_of: datetime, window_days: int,
                pipelines: dict[str, Stages]) -> dict[tuple[str, str], StageRate]:
    """Today's rates, from the cache when the history has not moved since (or the cached
    figures are under an hour old); computed and cached otherwise."""
    day = as_of.date()
    rows = list(ctx.session.scalars(
        select(ForecastStageRate).where(ForecastStageRate.as_of == day,
                                        ForecastStageRate.window_days == window_days)
        .order_by(ForecastStageRate.computed_at.desc())))
    mark = _history_mark(ctx)
    if rows:
        newest = rows[0]
        fresh = newest.computed_at > as_of - REFRESH_AFTER or newest.history_mark == mark
        if fresh:
            latest = [r for r in rows if r.computed_at == newest.computed_at]
            return {(r.pipeline_id, r.stage): StageRate(
                r.pipeline_id, r.stage, r.entered, r.closed, r.won,
                float(r.avg_days_to_win) if r.avg_days_to_win is not None else None,
                window_days) for r in latest}
    rates = compute_rates(ctx, as_of, window_days, pipelines)
    ctx.session.execute(delete(ForecastStageRate).where(
        ForecastStageRate.window_days == window_days, ForecastStageRate.as_of <= day)
        .execution_options(synchronize_session=False))
    now = utcnow()
    for r in rates.values():
        ctx.session.add(ForecastStageRate(
            tenant_id=ctx.tenant_id, as_of=day, window_days=window_days,
            pipeline_id=r.pipeline_id, stage=r.stage, entered=r.entered, closed=r.closed,
            won=r.won, avg_days_to_win=(round(r.avg_days_to_win, 4)
                                        if r.avg_days_to_win is not None else None),
            history_mark=mark, computed_at=now))
    ctx.session.flush()
    return rates
