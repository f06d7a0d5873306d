"""The sales forecast for a period: what the open pipeline is expected to bring in.

- ``weighted_amount``: each open deal whose expected close date (``close_date``) lies
  in the period, times its probability (the stage's unless set on the deal);
- ``historical_amount``: each open deal times the tenant's *observed* stage-to-win rate
  of its current stage over a trailing window (default 365 days), counted in the
  month it is expected to close judging by the observed time from that stage to a
  win. Where fewer than ``min_closed`` deals that passed the stage have closed, the
  stage probability and ``close_date`` stand in, and the stage says so
  (``rate_source: "stage_probability"`` with a ``note``);
- ``won_amount``: deals won in the period;
- ``commit_amount`` = won + open deals marked *commit*; ``best_case_amount`` = commit +
  open deals marked *best case* (the rep's judgement, ``forecast_category``);

by stage, by rep, by department (sub-departments rolled up) and by month.

The stage-to-win rates are a tenant-wide statistic (every deal of the tenant teaches
the rate, whoever may see it); the amounts they weight are the caller's own scope.
They are cached per day in ``forecast_stage_rates`` (see :mod:`.rates`).
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date
from decimal import Decimal
from typing import Any

from sqlalchemy import Date, and_, case, func, literal, select, type_coerce

from salescrm.db.types import Money, utcnow
from salescrm.models import Department, Opportunity, User
from salescrm.modules.analytics.funnel import money, ratio
from salescrm.modules.analytics.params import (
    Query,
    opportunity_slicers,
    quarter_bounds,
    today,
)
from salescrm.modules.analytics.pipeline_data import Stages, all_pipelines, opportunities
from salescrm.modules.analytics.rates import StageRate, stage_rates
from salescrm.modules.analytics.sql import add_days, as_date, bucket, dialect_of, guarded
from salescrm.platform.i18n import t
from salescrm.platform.records.service import base_criteria
from salescrm.platform.tenancy import Context

O = Opportunity  # noqa: E741
PARAMS = {"from", "to", "tz", "pipeline_id", "owner_id", "department_id", "region", "source",
          "campaign_id", "window_days", "min_closed"}
ZERO = Decimal(0)


class Model:
    """How an open deal is weighted and timed: rates and days-to-win per stage."""

    def __init__(self, pipelines: dict[str, Stages], rates: dict[tuple[str, str], StageRate],
                 min_closed: int) -> None:
        self.pipelines = pipelines
        self.rates = rates
        self.min_closed = min_closed

    def learned(self, pid: str, key: str) -> StageRate | None:
        """The observed rate when enough history backs it, else None (fallback)."""
        r = self.rates.get((pid, key))
        return r if r is not None and r.closed >= self.min_closed else None

    def rate(self, pid: str, key: str) -> Decimal:
        r = self.learned(pid, key)
        if r is not None:
            return (Decimal(r.won) / Decimal(r.closed)).quantize(Decimal("0.000001"))
        return Decimal(self.pipelines[pid].probability(key)) / 100

    def days_to_win(self, pid: str, key: str) -> float | None:
        r = self.learned(pid, key)
        return r.avg_days_to_win if r is not None else None

    def _open_pairs(self) -> list[tuple[str, str]]:
        return [(pid, k) for pid, st in self.pipelines.items() for k in st.open_keys]

    def rate_case(self, pipeline_col: Any, stage_col: Any) -> Any:
        whens = [(and_(pipeline_col == pid, stage_col == k), literal(self.rate(pid, k)))
                 for pid, k in self._open_pairs()]
        return case(*whens, else_=literal(ZERO)) if whens else literal(ZERO)

    def probability_case(self, pipeline_col: Any, stage_col: Any) -> Any:
        whens = [(and_(pipeline_col == pid, stage_col == k),
                  self.pipelines[pid].probability(k)) for pid, k in self._open_pairs()]
        return case(*whens, else_=0) if whens else literal(0)

    def expected_close(self, cols: Any, as_of: date, dialect: str) -> Any:
        """The date an open deal is expected to close: entering its stage plus the
        observed days from that stage to a win (never before ``as_of``); the deal's
        own close date where history is thin."""
        whens = []
        for pid, k in self._open_pairs():
            days = self.days_to_win(pid, k)
            if days is not None:
                whens.append((and_(cols.pipeline_id == pid, cols.stage == k),
                              literal(round(days, 4))))
        if not whens:
            return cols.close_date
        days_case = case(*whens, else_=None)
        moved = as_date(add_days(cols.entered_at, days_case, dialect), dialect)
        floor = literal(as_of, Date)
        later = func.greatest(moved, floor) if dialect == "postgresql" else func.max(moved,
                                                                                        floor)
        return case((days_case.is_(None), cols.close_date), else_=type_coerce(later, Date))


class LiveDeals:
    """Open deals now, straight from the opportunities table."""

    owner_id = O.owner_id
    pipeline_id = O.pipeline_id
    stage = O.stage
    amount = O.amount
    close_date = O.close_date
    forecast_category = O.forecast_category
    entered_at = func.coalesce(O.stage_changed_at, O.created_at)


def _sums(model: Model, cols: Any, period: Any, as_of: date, dialect: str,
          by_month_of: str) -> list[Any]:
    """Aggregate columns over open deals; ``by_month_of`` picks the month that groups."""
    in_close = and_(cols.close_date >= period.start, cols.close_date <= period.end)
    prob = func.coalesce(O.probability, model.probability_case(cols.pipeline_id, cols.stage)) \
        if cols is LiveDeals else model.probability_case(cols.pipeline_id, cols.stage)
    amount = func.coalesce(cols.amount, literal(ZERO, Money()))
    expected = model.expected_close(cols, as_of, dialect)
    in_expected = and_(expected >= literal(period.start, Date),
                       expected <= literal(period.end, Date))
    month_source = cols.close_date if by_month_of == "close" else expected
    return [
        bucket(month_source, "month", dialect, "UTC", is_date=True).label("month"),
        func.count().label("deals"),
        func.sum(case((in_close, amount), else_=None)).label("pipeline"),
        func.sum(case((in_close, type_coerce(amount * prob, Money())), else_=None))
        .label("weighted_pct"),
        func.sum(case((in_expected, type_coerce(
            amount * model.rate_case(cols.pipeline_id, cols.stage), Money())), else_=None))
        .label("historical"),
        func.sum(case((and_(in_close, cols.forecast_category == "commit"), amount),
                      else_=None)).label("commit"),
        func.sum(case((and_(in_close, cols.forecast_category == "best_case"), amount),
                      else_=None)).label("best_case"),
        func.sum(case((in_expected, 1), else_=0)).label("expected_deals"),
        func.sum(case((in_close, 1), else_=0)).label("closing_deals"),
    ]


def _open_rows(ctx: Context, model: Model, period: Any, scope: list[Any],
               by_month_of: str) -> list[Any]:
    dialect = dialect_of(ctx.session)
    as_of = today()
    cols = _sums(model, LiveDeals, period, as_of, dialect, by_month_of)
    expected = model.expected_close(LiveDeals, as_of, dialect)
    in_close = and_(O.close_date >= period.start, O.close_date <= period.end)
    in_expected = and_(expected >= literal(period.start, Date),
                       expected <= literal(period.end, Date))
    relevant = in_close if by_month_of == "close" else in_expected
    stmt = (select(O.owner_id, O.pipeline_id, O.stage, *cols)
            .where(O.status == "open", relevant, *scope)
            .group_by(O.owner_id, O.pipeline_id, O.stage, cols[0].name))
    return list(ctx.session.execute(stmt))


def _won_rows(ctx: Context, period: Any, scope: list[Any]) -> list[Any]:
    dialect = dialect_of(ctx.session)
    month = bucket(O.closed_at, "month", dialect, period.tz, is_date=False).label("month")
    stmt = (select(O.owner_id, O.pipeline_id, month, func.count(),
                   func.sum(func.coalesce(O.amount, literal(ZERO, Money()))))
            .where(O.status == "won", O.closed_at >= period.start_at,
                   O.closed_at < period.end_at, *scope)
            .group_by(O.owner_id, O.pipeline_id, "month"))
    return list(ctx.session.execute(stmt))


FIGURES = ("pipeline_amount", "weighted_amount", "historical_amount", "won_amount",
           "commit_amount", "best_case_amount")


def _blank() -> dict[str, Decimal]:
    return {k: ZERO for k in FIGURES}


def _finish(acc: dict[str, Decimal]) -> dict[str, str]:
    out = {k: money(v) for k, v in acc.items() if k in FIGURES}
    out["commit_amount"] = money(acc["commit_amount"] + acc["won_amount"])
    out["best_case_amount"] = money(acc["best_case_amount"] + acc["commit_amount"]
                                    + acc["won_amount"])
    return out


def forecast(ctx: Context, params: dict[str, str]) -> dict[str, Any]:
    """``GET /analytics/forecast``."""
    q = Query(params, PARAMS)
    q.check_unknown()
    tz = q.timezone()
    period = q.period(quarter_bounds(today(tz)))
    window = q.integer("window_days", 365, 30, 1830)
    min_closed = q.integer("min_closed", 10, 1, 10_000)
    obj = opportunities(ctx)
    ctx.permissions.require(obj, "read")
    pipelines = all_pipelines(ctx)
    pipeline_id = q.text("pipeline_id", 64)
    scope = [*base_criteria(ctx, obj), *opportunity_slicers(ctx, q, O)]
    if pipeline_id is not None:
        if pipeline_id not in pipelines:
            from salescrm.platform.errors import FieldError

            q.errors.append(FieldError("pipeline_id", "analytics.pipeline_unknown"))
        scope.append(O.pipeline_id == pipeline_id)
    q.raise_errors()
    with guarded(ctx.session):
        rates = stage_rates(ctx, utcnow(), window, pipelines)
        model = Model(pipelines, rates, min_closed)
        by_close = _open_rows(ctx, model, period, scope, "close")
        by_expected = _open_rows(ctx, model, period, scope, "expected")
        won = _won_rows(ctx, period, scope)
    return _assemble(ctx, model, period, window, by_close, by_expected, won)


def _assemble(ctx: Context, model: Model, period: Any, window: int, by_close: list[Any],
              by_expected: list[Any], won: list[Any]) -> dict[str, Any]:
    total = _blank()
    owners: dict[str | None, dict[str, Decimal]] = defaultdict(_blank)
    months: dict[str, dict[str, Decimal]] = defaultdict(_blank)
    stages: dict[tuple[str, str], dict[str, Any]] = defaultdict(
        lambda: {**_blank(), "closing_deals": 0, "expected_deals": 0})
    for r in by_close:
        figures = {"pipeline_amount": r.pipeline or ZERO,
                   "weighted_amount": (r.weighted_pct or ZERO) / 100,
                   "commit_amount": r.commit or ZERO, "best_case_amount": r.best_case or ZERO}
        for target in (total, owners[r.owner_id], months[r.month],
                       stages[(r.pipeline_id, r.stage)]):
            for k, v in figures.items():
                target[k] += v
        stages[(r.pipeline_id, r.stage)]["closing_deals"] += r.closing_deals
    for r in by_expected:
        for target in (total, owners[r.owner_id], months[r.month],
                       stages[(r.pipeline_id, r.stage)]):
            target["historical_amount"] += r.historical or ZERO
        stages[(r.pipeline_id, r.stage)]["expected_deals"] += r.expected_deals
    for owner_id, _pid, month, _n, amount in won:
        for target in (total, owners[owner_id], months[month]):
            target["won_amount"] += amount or ZERO
    return {
        "period": period.view(), "window_days": window, "min_closed": model.min_closed,
        **_finish(total),
        "by_stage": _stage_view(ctx, model, stages),
        "by_owner": _owner_view(ctx, owners),
        "by_department": _department_view(ctx, owners),
        "by_month": [{"month": m, **_finish(v)} for m, v in sorted(months.items())],
    }


def _stage_view(ctx: Context, model: Model,
                stages: dict[tuple[str, str], dict[str, Any]]) -> list[dict[str, Any]]:
    out = []
    for pid, st in model.pipelines.items():
        for s in st.stages:
            key = s["key"]
            if s.get("kind") != "open":
                continue
            acc = stages.get((pid, key), {**_blank(), "closing_deals": 0, "expected_deals": 0})
            observed = model.rates.get((pid, key))
            learned = model.learned(pid, key)
            view: dict[str, Any] = {
                "pipeline_id": pid, "key": key, "name": st.label(s, ctx.locale),
                "stage_probability": st.probability(key),
                "historical_rate": float(model.rate(pid, key)),
                "rate_source": "history" if learned else "stage_probability",
                "sample_entered": observed.entered if observed else 0,
                "sample_closed": observed.closed if observed else 0,
                "sample_won": observed.won if observed else 0,
                "observed_rate": ratio(observed.won, observed.closed) if observed else None,
                "avg_days_to_win": (round(learned.avg_days_to_win, 2)
                                    if learned and learned.avg_days_to_win is not None
                                    else None),
                "closing_deals": acc["closing_deals"], "expected_deals": acc["expected_deals"],
                "pipeline_amount": money(acc["pipeline_amount"]),
                "weighted_amount": money(acc["weighted_amount"]),
                "historical_amount": money(acc["historical_amount"]),
            }
            if not learned:
                view["note"] = t("forecast.history_thin", min=model.min_closed,
                                 days=(observed.window_days if observed else None) or "—")
            out.append(view)
    return out


def _owner_view(ctx: Context, owners: dict[str | None, dict[str, Decimal]]
                ) -> list[dict[str, Any]]:
    ids = [o for o in owners if o]
    users = {u.id: u for u in ctx.session.execute(
        select(User.id, User.name, User.department_id).where(User.id.in_(ids)))} if ids else {}
    rows = []
    for owner_id, acc in owners.items():
        u = users.get(owner_id or "")
        rows.append({"owner_id": owner_id, "name": u.name if u else None,
                     "department_id": u.department_id if u else None, **_finish(acc)})
    return sorted(rows, key=lambda r: (-Decimal(r["historical_amount"]), r["name"] or ""))


def _department_view(ctx: Context, owners: dict[str | None, dict[str, Decimal]]
                     ) -> list[dict[str, Any]]:
    """Each department's figures include its sub-departments'."""
    ids = [o for o in owners if o]
    if not ids:
        return []
    dept_of = dict(ctx.session.execute(select(User.id, User.department_id)
                                       .where(User.id.in_(ids))).all())
    depts = {d.id: d for d in ctx.session.execute(
        select(Department.id, Department.name, Department.parent_id)
        .where(Department.deleted_at.is_(None)))}
    totals: dict[str, dict[str, Decimal]] = defaultdict(_blank)
    for owner_id, acc in owners.items():
        dept = dept_of.get(owner_id or "")
        seen: set[str] = set()
        while dept is not None and dept in depts and dept not in seen:
            seen.add(dept)
            for k in FIGURES:
                totals[dept][k] += acc[k]
            dept = depts[dept].parent_id
    return sorted(({"department_id": d, "name": depts[d].name,
                    "parent_id": depts[d].parent_id, **_finish(acc)}
                   for d, acc in totals.items()), key=lambda r: r["name"])

