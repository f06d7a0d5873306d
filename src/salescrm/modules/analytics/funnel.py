"""The sales funnel of a pipeline over a period, computed from the stage HISTORY.

For each stage S of the pipeline (in order):

- ``count``: deals that entered S during the period (each deal once per stage: its
  first entry into S in the period);
- ``amount``: their amounts when they entered S (that first entry);
- ``advanced``: of those, deals that went on to enter a later open stage or a won
  stage (at any time up to now); ``conversion_rate`` = advanced / count (stage to next);
- ``won``: of those, deals that went on to a won stage; ``win_rate`` = won / count
  (stage to win);
- ``reach_rate``: of the deals that entered the pipeline's first stage in the period
  (each once), the share that went on to reach S or a stage beyond it (any won stage
  for a won stage); never above 1. Null for lost stages (losing is not a step of the
  funnel) and when no deal entered the first stage. Dividing ``count`` by the first
  stage's ``count`` gave 3.18 when deals entered the period at later stages (imports,
  deals created before the period);
- ``avg_days_in_stage``: mean length of the stays in S that began in the period and
  have ended.

Amounts are in the tenant's currency (``currency``: converted with the exchange rates;
a currency without a rate is left out and named, see ``currency.py``).

``totals`` describe deals of the pipeline closed during the period: win rate
(won / (won + lost)), average won deal size, and sales-cycle length (creation to win,
in days; a deal closed before its recorded creation — a few milliseconds of clock
skew, or a history imported inconsistently — counts 0, never a negative length).

Two aggregate statements, both within the caller's tenant and data scope.
"""

from __future__ import annotations

from datetime import timedelta
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from sqlalchemy import and_, case, func, or_, select

from salescrm.models import Opportunity, OpportunityStageHistory
from salescrm.modules.analytics.currency import Currencies, currencies
from salescrm.modules.analytics.params import Query, opportunity_slicers, today
from salescrm.modules.analytics.pipeline_data import Stages, load_pipeline, opportunities
from salescrm.modules.analytics.sql import days_between, dialect_of, guarded, sum_days
from salescrm.modules.sales.stage_paths import WON_RANK, rank_of, stage_ranks
from salescrm.platform.permissions import Withheld
from salescrm.platform.records.service import base_criteria
from salescrm.platform.tenancy import Context

H = OpportunityStageHistory
O = Opportunity  # noqa: E741
PARAMS = {"pipeline_id", "from", "to", "tz", "owner_id", "department_id", "region", "source",
          "campaign_id", "product_id"}
CENT = Decimal("0.01")
# Every figure of the answer summed from the deals' amounts.
MONEY_FIGURES = ("amount", "won_amount", "avg_deal_size")


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


def _by_stage(ctx: Context, stages: Stages, cur: Currencies, in_scope: Any, q_start: Any,
              q_end: Any) -> dict[str, tuple[Any, ...]]:
    """Per stage: count, amount, advanced, won, days in finished stays, their number,
    then (meaningful in the first stage's row only) how many of its first entries went
    on to reach each rank of ``reach_ranks`` or beyond.

    One pass over the stays that began in the period, grouped by stage. Each stay
    carries whether it is the deal's first entry into its stage since the period began
    (its previous entry is older) and the furthest stage the deal entered from it on
    (kept by ``modules/sales/stage_paths.py``), so no deal's path is rebuilt here."""
    ranks = stage_ranks(stages.stages)
    first = or_(H.prior_entry_at.is_(None), H.prior_entry_at < q_start)
    furthest = rank_of(H.furthest_stage, ranks)
    finished = H.left_at.is_not(None)
    # A list of stage keys, not the rank CASE: five of those per row cost a fifth more.
    from_top = and_(H.stage == stages.stages[0]["key"], first) if stages.stages else None
    reached = [func.count().filter(and_(from_top, H.furthest_stage.in_(
        [k for k, rank in ranks.items() if rank >= r]))) for r in reach_ranks(ranks)] \
        if from_top is not None else []
    stmt = (select(H.stage, func.count().filter(first), func.sum(cur.amount(H.amount, H.currency)).filter(first),
                   func.count().filter(and_(first, furthest > rank_of(H.stage, ranks))),
                   func.count().filter(and_(first, furthest == WON_RANK)),
                   sum_days(H.entered_at, H.left_at, dialect_of(ctx.session), finished),
                   func.count().filter(finished), *reached)
            .where(H.pipeline_id == stages.pipeline_id, H.entered_at >= q_start,
                   H.entered_at < q_end, in_scope)
            .group_by(H.stage))
    return {row[0]: tuple(row[1:]) for row in ctx.session.execute(stmt)}


def reach_ranks(ranks: dict[str, int]) -> list[int]:
    """The ranks a reach rate is asked of: each open stage's but the first, and won."""
    return sorted({r for r in ranks.values() if r > 0})


def reach_rates(stages: list[dict[str, Any]], top_row: tuple[Any, ...]
                ) -> dict[str, float | None]:
    """Per stage: the share of the first stage's cohort (its first entries in the
    period) that reached the stage or beyond; None for lost stages."""
    ranks = stage_ranks(stages)
    cohort = int(top_row[0] or 0) if top_row else 0
    counts = dict(zip(reach_ranks(ranks), top_row[6:], strict=False)) if top_row else {}
    out: dict[str, float | None] = {}
    for s in stages:
        rank = ranks.get(s["key"], -1)
        if rank < 0 or (rank == 0 and s is not stages[0]):
            out[s["key"]] = None
        else:
            out[s["key"]] = ratio(cohort if rank == 0 else counts.get(rank, 0), cohort)
    return out


def _closed_totals(ctx: Context, stages: Stages, cur: Currencies, scope: list[Any],
                   q_start: Any, q_end: Any) -> dict[str, Any]:
    dialect = dialect_of(ctx.session)
    is_won = O.status == "won"
    # The average won deal is over the deals whose amount could be converted.
    sized = and_(is_won, cur.convertible(O.currency))
    stmt = (select(func.sum(case((is_won, 1), else_=0)),
                   func.sum(case((O.status == "lost", 1), else_=0)),
                   func.sum(case((is_won, cur.amount(O.amount, O.currency)), else_=None)),
                   func.sum(case((sized, 1), else_=0)),
                   func.avg(case((and_(is_won, O.closed_at < O.created_at), 0.0),
                                 (is_won, days_between(O.created_at, O.closed_at, dialect)),
                                 else_=None)))
            .where(O.pipeline_id == stages.pipeline_id, O.closed_at >= q_start,
                   O.closed_at < q_end, O.status.in_(("won", "lost")), *scope))
    won, lost, won_amount, n_sized, cycle = ctx.session.execute(stmt).one()
    won, lost, n_sized = int(won or 0), int(lost or 0), int(n_sized or 0)
    return {
        "won_count": won, "lost_count": lost, "won_amount": money(won_amount),
        "win_rate": ratio(won, won + lost),
        "avg_deal_size": money(Decimal(won_amount or 0) / n_sized) if n_sized else None,
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
        cur = currencies(ctx, O)
        per_stage = _by_stage(ctx, stages, cur, in_scope, start, end)
        totals = _closed_totals(ctx, stages, cur, scope, start, end)
        top = per_stage.get(stages.stages[0]["key"], ()) if stages.stages else ()
        reach = reach_rates(stages.stages, top)
    out = []
    for s in stages.stages:
        key = s["key"]
        count, amount, advanced, won, days_sum, stays_count = per_stage.get(key, (0,) * 6)[:6]
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
            "reach_rate": reach[key],
            "avg_days_in_stage": (round(float(days_sum) / stays_count, 2)
                                  if stays_count else None),
        })
    answer = {"pipeline": {"id": stages.pipeline_id, "name": stages.name},
              "period": period.view(), "currency": cur.view(), "stages": out,
              "totals": totals}
    withheld = Withheld(ctx.permissions)
    if withheld.hides(obj.api_name, "amount"):
        withheld.blank(answer, MONEY_FIGURES)
    return withheld.mark(answer)
