"""Backtest of the forecast methods: replay the stage history month by month.

For each of the last N complete months M, stand at M's first instant (UTC) and look
only at what was known then: the deals open at that moment (their stage and amount
from the history), and stage-to-win rates learned from the window before it. Each
method predicts the amount won during M; the actual is what the history shows won in
M. The error of a method is its MAPE over the months (mean of |predicted − actual| /
actual, months with nothing won left out).

Methods:

- ``pipeline``: every open deal expected to close in M counts in full;
- ``stage_probability``: weighted by the stage probability;
- ``historical``: weighted by the observed chance that a deal of that stage and age
  is won within the horizon, timed by the observed days to those wins (the
  forecast's ``historical_amount``);
- ``weighted_close_date``: the forecast's ``weighted_amount`` — stage probability, timed
  by the deals' ``close_date``. Close dates are not historized, so today's values are
  used: an optimistic replay of this method.

``pipeline`` and ``stage_probability`` use the historical method's timing (the
observed days to a win, or the deal's close date where the history is thin), so they
differ from it only in the weights.

A replay is only worth reading when wins happened in enough of its months: with fewer
than ``MIN_MONTHS_WITH_WINS`` months that won anything (or, replaying fewer months,
not every one of them), the result says ``thin`` (and
the command prints why, and where the recorded wins are, instead of a table of zeros).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from sqlalchemy import Date, and_, case, func, literal, or_, select, type_coerce

from salescrm.db.types import Money, utcnow
from salescrm.models import Opportunity, OpportunityStageHistory
from salescrm.modules.analytics.forecast import Model
from salescrm.modules.analytics.params import month_bounds
from salescrm.modules.analytics.pipeline_data import Stages, all_pipelines
from salescrm.modules.analytics.rates import compute_rates, kind_predicate
from salescrm.modules.analytics.sql import dialect_of, guarded
from salescrm.platform.tenancy import Context

H = OpportunityStageHistory
METHODS = ("pipeline", "stage_probability", "historical", "weighted_close_date")
ZERO = Decimal(0)
MIN_MONTHS_WITH_WINS = 3


@dataclass
class MonthResult:
    month: str
    actual: Decimal
    predicted: dict[str, Decimal]


def _at(d: date) -> datetime:
    return datetime.combine(d, time(), UTC)


def _open_at(as_of: datetime, pipelines: dict[str, Stages]) -> Any:
    """The deals open at ``as_of``: the stay covering that moment, in an open stage."""
    return (select(H.pipeline_id, H.stage, H.amount, H.entered_at,
                   Opportunity.close_date)
            .join(Opportunity, Opportunity.id == H.opportunity_id)
            .where(H.entered_at <= as_of, or_(H.left_at.is_(None), H.left_at > as_of),
                   kind_predicate(pipelines, ("open",)), Opportunity.deleted_at.is_(None))
            .subquery("open_at"))


def predict(ctx: Context, model: Model, as_of: datetime, first: date,
            last: date) -> dict[str, Decimal]:
    """Each method's prediction of the amount won in [first, last], known at ``as_of``."""
    deals = _open_at(as_of, model.pipelines)
    cols = deals.c
    age = model.age_bucket(cols.entered_at)
    amount = func.coalesce(cols.amount, literal(ZERO, Money()))
    expected = type_coerce(model.expected_close(cols, age), Date)
    in_expected = and_(expected >= literal(first, Date), expected <= literal(last, Date))
    in_close = and_(cols.close_date >= first, cols.close_date <= last)
    prob = model.probability_case(cols)
    by_prob = type_coerce(amount * prob, Money())  # × 100: whole percent, exact
    by_rate = model.by_rate(amount, cols, age, dialect_of(ctx.session))

    def total(cond: Any, value: Any) -> Any:
        return func.sum(case((cond, value), else_=None))

    row = ctx.session.execute(select(
        total(in_expected, amount), total(in_expected, by_prob), total(in_expected, by_rate),
        total(in_close, by_prob)).select_from(deals)).one()
    pipeline, prob_pct, historical, close_pct = (v or ZERO for v in row)
    return {"pipeline": pipeline, "stage_probability": cents(prob_pct / 100),
            "historical": historical, "weighted_close_date": cents(close_pct / 100)}


def cents(value: Decimal) -> Decimal:
    """Money rounded half-up to the cent (Decimal's own formatting rounds half-even)."""
    return value.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def won_in(ctx: Context, pipelines: dict[str, Stages], first: date, last: date) -> Decimal:
    """What the history shows won in [first, last]: the amount of each win's stay."""
    stmt = (select(func.sum(H.amount))
            .join(Opportunity, Opportunity.id == H.opportunity_id)
            .where(H.entered_at >= _at(first), H.entered_at < _at(last + timedelta(days=1)),
                   kind_predicate(pipelines, ("won",)), Opportunity.deleted_at.is_(None)))
    total: Decimal | None = ctx.session.scalar(stmt)
    return total or ZERO


def backtest(ctx: Context, months: int = 12, window_days: int = 365,
             horizon_days: int = 180, min_sample: int = 20,
             until: date | None = None) -> dict[str, Any]:
    """Replay the last ``months`` complete months before ``until`` (default: today)."""
    pipelines = all_pipelines(ctx)
    end = (until or utcnow().date()).replace(day=1)
    results: list[MonthResult] = []
    with guarded(ctx.session, timeout_ms=600_000):
        for i in range(months, 0, -1):
            first = end
            for _ in range(i):
                first = (first - timedelta(days=1)).replace(day=1)
            last = month_bounds(first)[1]
            as_of = _at(first)
            rates = compute_rates(ctx, as_of, window_days, horizon_days, pipelines)
            model = Model(pipelines, rates, min_sample, as_of)
            results.append(MonthResult(first.strftime("%Y-%m"),
                                       won_in(ctx, pipelines, first, last),
                                       predict(ctx, model, as_of, first, last)))
    with_wins = sum(1 for r in results if r.actual)
    return {"window_days": window_days, "horizon_days": horizon_days,
            "min_sample": min_sample, "months": results,
            "mape": mape(results), "months_with_wins": with_wins,
            "thin": with_wins < min(MIN_MONTHS_WITH_WINS, months), "wins_span": wins_span(ctx, pipelines)}


def wins_span(ctx: Context, pipelines: dict[str, Stages]) -> tuple[date, date] | None:
    """The first and last day a deal was won in the stage history (None: never)."""
    first, last = ctx.session.execute(
        select(func.min(H.entered_at), func.max(H.entered_at))
        .join(Opportunity, Opportunity.id == H.opportunity_id)
        .where(kind_predicate(pipelines, ("won",)), Opportunity.deleted_at.is_(None))).one()
    return (first.date(), last.date()) if first is not None and last is not None else None


def mape(results: list[MonthResult]) -> dict[str, float | None]:
    out: dict[str, float | None] = {}
    for method in METHODS:
        errors = [abs(r.predicted[method] - r.actual) / r.actual for r in results if r.actual]
        out[method] = round(float(sum(errors) / len(errors)), 4) if errors else None
    return out
