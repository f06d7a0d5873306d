"""The sales forecast for a period: what the open pipeline is expected to bring in.

- ``weighted_amount``: each open deal whose expected close date (``close_date``) lies
  in the period, times its probability (the stage's unless set on the deal);
- ``historical_amount``: each open deal times the tenant's *observed* chance that a
  deal in its stage, open that long already, is won within ``horizon_days`` — counted
  in the month it is expected to close by the observed days to those wins (see
  :mod:`.rates`). Where fewer than ``min_sample`` deals back a figure, the stage
  probability and the deal's ``close_date`` stand in, and the stage says so
  (``rate_source: "stage_probability"`` with a ``note``);
- ``won_amount``: deals won in the period;
- ``commit_amount`` = won + open deals marked *commit*; ``best_case_amount`` = commit +
  open deals marked *best case* (the rep's judgement, ``forecast_category``);

by stage, by rep, by department (sub-departments rolled up) and by month.

The rates are a tenant-wide statistic (every deal of the tenant teaches them,
whoever may see it); the amounts they weight are the caller's own scope. Two
statements: one pass over the open deals (grouped four ways at once) and one over
the deals won in the period.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import datetime, timedelta
from decimal import Decimal
from typing import Any

from sqlalchemy import (
    Date,
    String,
    and_,
    case,
    func,
    literal,
    literal_column,
    select,
    tuple_,
    union_all,
)
from sqlalchemy import type_coerce as coerce

from salescrm.db.types import Money, utcnow
from salescrm.models import Department, Opportunity, User
from salescrm.modules.analytics.currency import Currencies, currencies
from salescrm.modules.analytics.funnel import money, ratio
from salescrm.modules.analytics.params import Query, opportunity_slicers, quarter_bounds, today
from salescrm.modules.analytics.pipeline_data import Stages, all_pipelines, opportunities
from salescrm.modules.analytics.rates import AGES, StageRate, stage_rates
from salescrm.modules.analytics.sql import MICROS, bucket, dialect_of, guarded, money_times
from salescrm.platform.errors import FieldError
from salescrm.platform.i18n import t
from salescrm.platform.permissions import Withheld
from salescrm.platform.permissions.field_levels import visible_value
from salescrm.platform.records.service import base_criteria
from salescrm.platform.tenancy import Context

O = Opportunity  # noqa: E741
PARAMS = {"from", "to", "tz", "pipeline_id", "owner_id", "department_id", "region", "source",
          "campaign_id", "product_id", "window_days", "horizon_days", "min_sample"}
ZERO = Decimal(0)
FIGURES = ("pipeline_amount", "weighted_amount", "historical_amount", "won_amount",
           "commit_amount", "best_case_amount")


class Model:
    """How an open deal is weighted and timed, from the rates by stage and age."""

    def __init__(self, pipelines: dict[str, Stages],
                 rates: dict[tuple[str, str, int], StageRate], min_sample: int,
                 as_of: datetime) -> None:
        self.pipelines = pipelines
        self.rates = rates
        self.min_sample = min_sample
        self.as_of = as_of

    def learned(self, pid: str, key: str, age: int) -> StageRate | None:
        """The observed figure when enough deals back it, else None (fall back)."""
        r = self.rates.get((pid, key, age))
        return r if r is not None and r.alive >= self.min_sample else None

    def rate(self, pid: str, key: str, age: int) -> Decimal:
        r = self.learned(pid, key, age)
        if r is not None:
            return (Decimal(r.won) / Decimal(r.alive)).quantize(Decimal("0.000001"))
        return Decimal(self.pipelines[pid].probability(key)) / 100

    def expected_date(self, pid: str, key: str, age: int) -> Any:
        """The date a deal of that stage and age is expected to close, or None when the
        history is too thin to say (the deal's own close date is used then)."""
        r = self.learned(pid, key, age)
        if r is None or r.avg_days_to_win is None:
            return None
        return (self.as_of + timedelta(days=r.avg_days_to_win)).date()

    def age_bucket(self, entered_at: Any) -> Any:
        """0, 30, 90, 180 or 365: the age band of a deal that entered its stage then."""
        whens = [(entered_at <= self.as_of - timedelta(days=age), age)
                 for age in reversed(AGES[1:])]
        return case(*whens, else_=0)

    def _by_stage(self, cols: Any, age_col: Any, value: Any, default: Any) -> Any:
        """A nested simple CASE over pipeline, stage and (unless ``age_col`` is None) age
        band: equality tests only, cheap per row."""
        per_pipeline = {}
        for pid, st in self.pipelines.items():
            per_stage = {k: (value(pid, k, 0) if age_col is None else
                             case({age: value(pid, k, age) for age in AGES}, value=age_col,
                                  else_=default))
                         for k in st.open_keys}
            per_pipeline[pid] = case(per_stage, value=cols.stage, else_=default) \
                if per_stage else default
        if not per_pipeline:
            return default
        if len(per_pipeline) == 1:
            return next(iter(per_pipeline.values()))
        return case(per_pipeline, value=cols.pipeline_id, else_=default)

    def rate_case(self, cols: Any, age_col: Any) -> Any:
        """The rate by stage and age in whole millionths (see sql.money_times)."""
        return self._by_stage(cols, age_col,
                              lambda p, k, a: literal(int(self.rate(p, k, a) * MICROS)),
                              literal(0))

    def by_rate(self, amount: Any, cols: Any, age_col: Any, dialect: str) -> Any:
        """``amount`` weighted by the learned rate, rounded to the cent."""
        return coerce(money_times(amount, self.rate_case(cols, age_col), MICROS, dialect),
                      Money())

    def probability_case(self, cols: Any) -> Any:
        return self._by_stage(cols, None, lambda p, k, a: self.pipelines[p].probability(k),
                              0)

    def expected_close(self, cols: Any, age_col: Any) -> Any:
        def value(p: str, k: str, a: int) -> Any:
            d = self.expected_date(p, k, a)
            return literal(d, Date) if d is not None else cols.close_date

        return self._by_stage(cols, age_col, value, cols.close_date)


def open_deals(model: Model, cols: Any, probability: Any, where: list[Any], dialect: str,
               first: Any, last: Any, cur: Currencies) -> Any:
    """Per open deal, computed once: amount, probability-weighted amount (×100),
    history-weighted amount, close date and expected close date. PostgreSQL streams
    it (OFFSET 0 keeps the expressions from being inlined and evaluated again);
    SQLite materializes it for the four groupings."""
    age = model.age_bucket(cols.entered_at)
    amount = func.coalesce(cur.amount(cols.amount, cols.currency), literal(ZERO, Money()))
    expected = coerce(model.expected_close(cols, age), Date)
    start, end = literal(first, Date), literal(last, Date)
    stmt = select(cols.owner_id.label("owner_id"), cols.pipeline_id.label("pipeline_id"),
                  cols.stage.label("stage"), cols.forecast_category.label("category"),
                  amount.label("amount"),
                  coerce(amount * probability, Money()).label("w_pct"),
                  model.by_rate(amount, cols, age, dialect).label("h"),
                  cols.close_date.label("close_date"), expected.label("expected"),
                  case((and_(cols.close_date >= start, cols.close_date <= end), 1),
                       else_=0).label("in_close"),
                  case((and_(expected >= start, expected <= end), 1), else_=0).label("in_exp"),
                  ).where(*where)
    if dialect == "postgresql":
        return stmt.offset(0).subquery("deals")
    return stmt.cte("deals").prefix_with("MATERIALIZED")


# GROUPING(owner_id, stage, close month, expected month) of each grouping set.
GROUPING_KIND = {0b0111: "owner", 0b1011: "stage", 0b1101: "close_month",
                 0b1110: "expected_month"}


def grouped_figures(ctx: Context, deals: Any) -> list[tuple[Any, ...]]:
    """The open deals' figures by owner, by stage, by close month and by expected
    month, in one statement: GROUPING SETS on PostgreSQL, UNION ALL on SQLite.
    Rows are ``(kind, key1, key2, pipeline, weighted×100, historical, commit,
    best case, closing deals, expected deals)``."""
    dialect = dialect_of(ctx.session)
    d = deals.c
    in_close, in_exp = d.in_close == 1, d.in_exp == 1

    def total(cond: Any, value: Any) -> Any:
        return func.sum(case((cond, value), else_=None))

    figures = [total(in_close, d.amount), total(in_close, d.w_pct), total(in_exp, d.h),
               total(and_(in_close, d.category == "commit"), d.amount),
               total(and_(in_close, d.category == "best_case"), d.amount),
               total(in_close, 1), total(in_exp, 1)]
    close_month = bucket(d.close_date, "month", dialect, "UTC", is_date=True)
    exp_month = bucket(d.expected, "month", dialect, "UTC", is_date=True)
    if dialect == "postgresql":
        sets = func.grouping_sets(tuple_(d.owner_id), tuple_(d.pipeline_id, d.stage),
                                  tuple_(close_month), tuple_(exp_month))
        stmt = (select(func.grouping(d.owner_id, d.stage, close_month, exp_month),
                       d.owner_id, d.pipeline_id, d.stage, close_month, exp_month, *figures)
                .where(in_close | in_exp).group_by(sets))
        out = []
        for r in ctx.session.execute(stmt):
            kind = GROUPING_KIND[r[0]]
            keys = {"owner": (r[1], None), "stage": (r[2], r[3]),
                    "close_month": (r[4], None), "expected_month": (r[5], None)}[kind]
            out.append((kind, *keys, *r[6:]))
        return out
    none = literal(None, String)

    def part(kind: str, keys: list[Any], where: Any) -> Any:
        cols = [literal(kind, String), *keys, *[none] * (2 - len(keys))]
        return (select(*[c.label(f"k{i}") for i, c in enumerate(cols)], *figures)
                .where(where).group_by(*keys))

    either = in_close | in_exp
    union = union_all(part("owner", [d.owner_id], either),
                      part("stage", [d.pipeline_id, d.stage], either),
                      part("close_month", [close_month], in_close),
                      part("expected_month", [exp_month], in_exp))
    return [tuple(r) for r in ctx.session.execute(union)]


class LiveDeals:
    """Open deals now, straight from the opportunities table."""

    owner_id = O.owner_id
    pipeline_id = O.pipeline_id
    stage = O.stage
    amount = O.amount
    currency = O.currency
    close_date = O.close_date
    forecast_category = O.forecast_category
    entered_at = func.coalesce(O.stage_changed_at, O.created_at)


def _won_rows(ctx: Context, period: Any, scope: list[Any], cur: Currencies) -> list[Any]:
    dialect = dialect_of(ctx.session)
    month = bucket(O.closed_at, "month", dialect, period.tz, is_date=False).label("month")
    amount = func.coalesce(cur.amount(O.amount, O.currency), literal(ZERO, Money()))
    stmt = (select(O.owner_id, month, func.sum(amount))
            .where(O.status == literal_column("'won'"), O.closed_at >= period.start_at,
                   O.closed_at < period.end_at, *scope)
            .group_by(O.owner_id, "month"))
    return list(ctx.session.execute(stmt))


def forecast(ctx: Context, params: dict[str, str]) -> dict[str, Any]:
    """``GET /analytics/forecast``."""
    q = Query(params, PARAMS)
    q.check_unknown()
    tz = q.timezone()
    period = q.period(quarter_bounds(today(tz)))
    window = q.integer("window_days", 365, 30, 1830)
    horizon = q.integer("horizon_days", 180, 7, 730)
    min_sample = q.integer("min_sample", 20, 1, 100_000)
    obj = opportunities(ctx)
    ctx.permissions.require(obj, "read")
    pipelines = all_pipelines(ctx)
    pipeline_id = q.text("pipeline_id", 64)
    scope = [*base_criteria(ctx, obj), *opportunity_slicers(ctx, q, O)]
    if pipeline_id is not None:
        if pipeline_id not in pipelines:
            q.errors.append(FieldError("pipeline_id", "analytics.pipeline_unknown"))
        scope.append(O.pipeline_id == pipeline_id)
    q.raise_errors()
    as_of = utcnow()
    dialect = dialect_of(ctx.session)
    with guarded(ctx.session):
        rates, rates_at = stage_rates(ctx, as_of, window, horizon, pipelines)
        model = Model(pipelines, rates, min_sample, as_of)
        probability = func.coalesce(O.probability, model.probability_case(LiveDeals))
        cur = currencies(ctx, O)
        deals = open_deals(model, LiveDeals, probability,
                           [O.status == literal_column("'open'"), *scope], dialect,
                           period.start, period.end, cur)
        grouped = grouped_figures(ctx, deals)
        won = _won_rows(ctx, period, scope, cur)
    result = _assemble(ctx, model, period, window, horizon, grouped, won)
    result["currency"] = cur.view()
    result["rates_computed_at"] = rates_at.isoformat() if rates_at else None
    if rates_at is None:
        result["notice"] = t("forecast.rates_pending")
    withheld = Withheld(ctx.permissions)
    if withheld.hides(obj.api_name, "amount"):  # every figure sums deals' amounts
        withheld.blank(result, FIGURES)
    for row in (*result["by_owner"], *result["by_department"]):
        row["name"] = visible_value(ctx.permissions, "departments" if "parent_id" in row
                                    else "users", "name", row["name"])
    return withheld.mark(result)


def _blank() -> dict[str, Any]:
    return {**dict.fromkeys(FIGURES, ZERO), "closing_deals": 0, "expected_deals": 0}


def _finish(acc: dict[str, Any]) -> dict[str, str]:
    out = {k: money(acc[k]) for k in FIGURES}
    out["commit_amount"] = money(acc["commit_amount"] + acc["won_amount"])
    out["best_case_amount"] = money(acc["best_case_amount"] + acc["commit_amount"]
                                    + acc["won_amount"])
    return out


def _add(acc: dict[str, Any], row: Any) -> None:
    pipeline, weighted_pct, historical, commit, best_case, closing, expected = row[3:]
    acc["pipeline_amount"] += pipeline or ZERO
    acc["weighted_amount"] += (weighted_pct or ZERO) / 100
    acc["historical_amount"] += historical or ZERO
    acc["commit_amount"] += commit or ZERO
    acc["best_case_amount"] += best_case or ZERO
    acc["closing_deals"] += int(closing or 0)
    acc["expected_deals"] += int(expected or 0)


def _assemble(ctx: Context, model: Model, period: Any, window: int, horizon: int,
              grouped: list[Any], won: list[Any]) -> dict[str, Any]:
    total = _blank()
    owners: dict[Any, dict[str, Any]] = defaultdict(_blank)
    months: dict[Any, dict[str, Any]] = defaultdict(_blank)
    stages: dict[tuple[Any, Any], dict[str, Any]] = defaultdict(_blank)
    for row in grouped:
        kind, k1, k2 = row[0], row[1], row[2]
        if kind == "owner":
            _add(owners[k1], row)
            _add(total, row)
        elif kind == "stage":
            _add(stages[(k1, k2)], row)
        elif (kind == "close_month" and row[8]) or (kind == "expected_month" and row[9]):
            acc = months[k1]
            before = {k: acc[k] for k in FIGURES}
            _add(acc, row)
            # A close month carries the close-date figures, an expected month the
            # historical one: keep each only from its own grouping.
            keep = ("historical_amount",) if kind == "expected_month" else (
                "pipeline_amount", "weighted_amount", "commit_amount", "best_case_amount")
            for k in FIGURES:
                if k not in keep:
                    acc[k] = before[k]
    for owner_id, month, amount in won:
        for target in (total, owners[owner_id], months[month]):
            target["won_amount"] += amount or ZERO
    people = _people(ctx, owners)
    return {
        "period": period.view(), "as_of": model.as_of.isoformat(), "window_days": window,
        "horizon_days": horizon, "min_sample": model.min_sample, **_finish(total),
        "by_stage": _stage_view(ctx, model, stages, window),
        "by_owner": _owner_view(owners, people),
        "by_department": _department_view(ctx, owners, people),
        "by_month": [{"month": m, **_finish(v)} for m, v in sorted(months.items())],
    }


def _stage_view(ctx: Context, model: Model, stages: dict[tuple[Any, Any], dict[str, Any]],
                window: int) -> list[dict[str, Any]]:
    out = []
    for pid, st in model.pipelines.items():
        for s in st.stages:
            key = s["key"]
            if s.get("kind") != "open":
                continue
            acc = stages.get((pid, key), _blank())
            ages = []
            for age in AGES:
                r = model.rates.get((pid, key, age))
                ages.append({"age_from": age, "sample": r.alive if r else 0,
                             "won": r.won if r else 0,
                             "observed_rate": ratio(r.won, r.alive) if r else None,
                             "rate": float(model.rate(pid, key, age)),
                             "avg_days_to_win": r.avg_days_to_win if r else None,
                             "source": "history" if model.learned(pid, key, age)
                             else "stage_probability"})
            view: dict[str, Any] = {
                "pipeline_id": pid, "key": key, "name": st.label(s, ctx.locale),
                "stage_probability": st.probability(key),
                "historical_rate": ages[0]["rate"], "rate_source": ages[0]["source"],
                "by_age": ages, "closing_deals": acc["closing_deals"],
                "expected_deals": acc["expected_deals"],
                "pipeline_amount": money(acc["pipeline_amount"]),
                "weighted_amount": money(acc["weighted_amount"]),
                "historical_amount": money(acc["historical_amount"]),
            }
            if ages[0]["source"] != "history":
                view["note"] = t("forecast.history_thin", min=model.min_sample, days=window)
            out.append(view)
    return out


def _people(ctx: Context, owners: dict[Any, dict[str, Any]]) -> dict[str, Any]:
    ids = [o for o in owners if o]
    if not ids:
        return {}
    stmt = select(User.id, User.name, User.department_id)
    # Hundreds of owners: reading the tenant's users beats an IN list of hundreds.
    if len(ids) <= 100:
        stmt = stmt.where(User.id.in_(ids))
    return {u.id: u for u in ctx.session.execute(stmt)}


def _owner_view(owners: dict[Any, dict[str, Any]], people: dict[str, Any]
                ) -> list[dict[str, Any]]:
    rows = []
    for owner_id, acc in owners.items():
        u = people.get(owner_id or "")
        rows.append({"owner_id": owner_id, "name": u.name if u else None,
                     "department_id": u.department_id if u else None, **_finish(acc)})
    return sorted(rows, key=lambda r: (-Decimal(r["historical_amount"]), r["name"] or ""))


def _department_view(ctx: Context, owners: dict[Any, dict[str, Any]], people: dict[str, Any]
                     ) -> list[dict[str, Any]]:
    """Each department's figures include its sub-departments'."""
    if not people:
        return []
    depts = {d.id: d for d in ctx.session.execute(
        select(Department.id, Department.name, Department.parent_id)
        .where(Department.deleted_at.is_(None)))}
    totals: dict[str, dict[str, Any]] = defaultdict(_blank)
    for owner_id, acc in owners.items():
        person = people.get(owner_id or "")
        dept = person.department_id if person else None
        seen: set[str] = set()
        while dept is not None and dept in depts and dept not in seen:
            seen.add(dept)
            for k in FIGURES:
                totals[dept][k] += acc[k]
            dept = depts[dept].parent_id
    return sorted(({"department_id": d, "name": depts[d].name,
                    "parent_id": depts[d].parent_id, **_finish(acc)}
                   for d, acc in totals.items()), key=lambda r: r["name"])
