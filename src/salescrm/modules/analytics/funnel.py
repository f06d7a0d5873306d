"""The sales funnel of a pipeline over a period, computed from the stage HISTORY.

For each stage S of the pipeline (in order):

- ``count``: deals that entered S during the period (each deal once per stage);
- ``amount``: their amounts (the highest recorded in the stage history since the
  period began);
- ``advanced``: of those, deals that entered a later open stage or a won stage at any
  time since the period began; ``conversion_rate`` = advanced / count (stage to next);
- ``won``: of those, deals that reached a won stage since the period began;
  ``win_rate`` = won / count (stage to win);
- ``reach_rate``: count / count of the pipeline's first stage;
- ``avg_days_in_stage``: mean length of the stays in S that began in the period and
  have ended.

``totals`` describe deals of the pipeline closed during the period: win rate
(won / (won + lost)), average won deal size, and sales-cycle length (creation to win).

Two aggregate statements, both within the caller's tenant and data scope.
"""

from __future__ import annotations

from datetime import timedelta
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from sqlalchemy import BigInteger, and_, case, func, literal_column, select

from salescrm.models import Opportunity, OpportunityStageHistory
from salescrm.modules.analytics.params import Query, opportunity_slicers, today
from salescrm.modules.analytics.pipeline_data import (
    WON_RANK,
    Stages,
    load_pipeline,
    opportunities,
)
from salescrm.modules.analytics.sql import days_between, dialect_of, guarded
from salescrm.platform.records.service import base_criteria
from salescrm.platform.tenancy import Context

H = OpportunityStageHistory
O = Opportunity  # noqa: E741
PARAMS = {"pipeline_id", "from", "to", "tz", "owner_id", "department_id", "region", "source",
          "campaign_id"}
CENT = Decimal("0.01")


def money(value: Any) -> str:
    return f"{Decimal(value or 0).quantize(CENT, rounding=ROUND_HALF_UP):.2f}"


def ratio(part: Any, whole: Any, places: int = 4) -> float | None:
    if not whole:
        return None
    return round(float(part or 0) / float(whole), places)


def deals_in_scope(ctx: Context, obj: Any, slicers: list[Any], column: Any) -> Any:
    """A filter on ``column`` (an opportunity id) keeping the deals the caller may see
    that match the slicers. Seeing every deal, with no slicer, it only leaves out the
    few deleted ones (a small anti-join) instead of matching against every deal."""
    if (ctx.permissions.data_scope == "all" or not obj.owned) and not slicers:
        return column.not_in(select(O.id).where(O.deleted_at.is_not(None)))
    return column.in_(select(O.id).where(*base_criteria(ctx, obj), *slicers))


def _by_stage(ctx: Context, stages: Stages, in_scope: Any, q_start: Any,
              q_end: Any) -> dict[str, tuple[Any, ...]]:
    """Per stage: count, amount, advanced, won, days in finished stays, their number.

    One pass over the history since the period began (one scan, one match against the
    deals in scope), grouped by deal into a few numbers: how far it got, which stages
    it entered in the period (a bit per stage), its amount, and per stage the length
    and number of its finished stays; then summed."""
    dialect = dialect_of(ctx.session)
    keys = [s["key"] for s in stages.stages]
    bit = case({k: literal_column(str(1 << i), BigInteger) for i, k in enumerate(keys)},
               value=H.stage, else_=literal_column("0", BigInteger))
    in_period = H.entered_at < q_end
    # Each stage's bit once per deal: OR on PostgreSQL, a sum of distinct bits on SQLite.
    mask = (func.bit_or(bit) if dialect == "postgresql" else func.sum(bit.distinct())
            ).filter(in_period)
    finished = and_(in_period, H.left_at.is_not(None))
    days = days_between(H.entered_at, H.left_at, dialect)
    stays = []
    for i, k in enumerate(keys):
        done = and_(finished, H.stage == k)
        stays += [func.sum(days).filter(done).label(f"d{i}"),
                  func.count().filter(done).label(f"c{i}")]
    per_deal = (select(func.max(stages.rank_expression(H.stage)).label("furthest"),
                       mask.label("mask"), func.max(H.amount).label("amount"), *stays)
                .where(H.pipeline_id == stages.pipeline_id, H.entered_at >= q_start, in_scope)
                .group_by(H.opportunity_id).subquery("per_deal"))
    d = per_deal.c
    won = d.furthest == WON_RANK
    sums = []
    for i, k in enumerate(keys):
        hit = d.mask.op("&")(literal_column(str(1 << i), BigInteger)) != 0
        sums += [func.sum(case((hit, 1), else_=0)),
                 func.sum(case((hit, d.amount), else_=None)),
                 func.sum(case((and_(hit, d.furthest > stages.rank(k)), 1), else_=0)),
                 func.sum(case((and_(hit, won), 1), else_=0)),
                 func.sum(d[f"d{i}"]), func.sum(d[f"c{i}"])]
    row = ctx.session.execute(select(*sums)).one()
    return {k: tuple(row[6 * i: 6 * i + 6]) for i, k in enumerate(keys)}


def _closed_totals(ctx: Context, stages: Stages, scope: list[Any], q_start: Any,
                   q_end: Any) -> dict[str, Any]:
    dialect = dialect_of(ctx.session)
    is_won = O.status == "won"
    stmt = (select(func.sum(case((is_won, 1), else_=0)),
                   func.sum(case((O.status == "lost", 1), else_=0)),
                   func.sum(case((is_won, O.amount), else_=None)),
                   func.avg(case((is_won, days_between(O.created_at, O.closed_at, dialect)),
                                 else_=None)))
            .where(O.pipeline_id == stages.pipeline_id, O.closed_at >= q_start,
                   O.closed_at < q_end, O.status.in_(("won", "lost")), *scope))
    won, lost, won_amount, cycle = ctx.session.execute(stmt).one()
    won, lost = int(won or 0), int(lost or 0)
    return {
        "won_count": won, "lost_count": lost, "won_amount": money(won_amount),
        "win_rate": ratio(won, won + lost),
        "avg_deal_size": money(Decimal(won_amount) / won) if won else None,
        "sales_cycle_days": round(float(cycle), 2) if cycle is not None else None,
    }


def funnel(ctx: Context, params: dict[str, str]) -> dict[str, Any]:
    """``GET /analytics/funnel``."""
    q = Query(params, PARAMS)
    q.check_unknown()
    tz = q.timezone()
    now = today(tz)
    period = q.period((now - timedelta(days=89), now))
    stages = load_pipeline(ctx, q.text("pipeline_id", 64), q.errors)
    obj = opportunities(ctx)
    ctx.permissions.require(obj, "read")
    slicers = opportunity_slicers(ctx, q, O)
    scope = [*base_criteria(ctx, obj), *slicers]
    q.raise_errors()
    if stages is None:
        return {"pipeline": None, "period": period.view(), "stages": [], "totals": {}}
    start, end = period.start_at, period.end_at
    with guarded(ctx.session):
        in_scope = deals_in_scope(ctx, obj, slicers, H.opportunity_id)
        per_stage = _by_stage(ctx, stages, in_scope, start, end)
        totals = _closed_totals(ctx, stages, scope, start, end)
    first = int(per_stage[stages.stages[0]["key"]][0] or 0) if stages.stages else 0
    out = []
    for s in stages.stages:
        key = s["key"]
        count, amount, advanced, won, days_sum, stays_count = per_stage[key]
        count, stays_count = int(count or 0), int(stays_count or 0)
        is_open = s.get("kind") == "open"
        out.append({
            "key": key, "name": stages.label(s, ctx.locale), "kind": s.get("kind"),
            "probability": stages.probability(key), "count": int(count),
            "amount": money(amount),
            "advanced": int(advanced or 0) if is_open else None,
            "conversion_rate": ratio(advanced, count) if is_open else None,
            "won": int(won or 0) if is_open else None,
            "win_rate": ratio(won, count) if is_open else None,
            "reach_rate": ratio(count, first),
            "avg_days_in_stage": (round(float(days_sum) / stays_count, 2)
                                  if stays_count else None),
        })
    return {"pipeline": {"id": stages.pipeline_id, "name": stages.name},
            "period": period.view(), "stages": out, "totals": totals}
