"""A random sales history, and the funnel and forecast computed from it in plain Python.

``simulate`` walks deals through the default pipeline (advance, fall back, lose, win,
stall) with random waits; ``insert`` writes them as the sales module would (the
opportunity row and one stage-history row per stay). ``oracle_funnel`` and
``oracle_forecast`` restate the definitions of ``analytics/funnel.py`` and
``analytics/forecast.py`` over Python objects, independently of any SQL.
"""

from __future__ import annotations

import random
import uuid
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

OPEN = ["initial", "qualified", "proposal", "negotiation"]
PROB = {"initial": 10, "qualified": 30, "proposal": 60, "negotiation": 80, "won": 100,
        "lost": 0}
KIND = {**{k: "open" for k in OPEN}, "won": "won", "lost": "lost"}
CENT = Decimal("0.01")


@dataclass
class Stay:
    stage: str
    entered_at: datetime
    left_at: datetime | None
    amount: Decimal | None


@dataclass
class Deal:
    id: str
    owner_id: str
    account_id: str
    source: str | None
    amount: Decimal | None
    created_at: datetime
    close_date: date | None
    probability: int | None
    forecast_category: str | None
    deleted: bool = False
    history: list[Stay] = field(default_factory=list)

    @property
    def stage(self) -> str:
        return self.history[-1].stage

    @property
    def status(self) -> str:
        return KIND[self.stage]

    @property
    def stage_changed_at(self) -> datetime:
        return self.history[-1].entered_at

    @property
    def closed_at(self) -> datetime | None:
        return self.history[-1].entered_at if self.status != "open" else None


def rank(stage: str, order: list[str] = OPEN) -> int:
    if stage == "won":
        return 10_000
    return order.index(stage) if stage in order else -1


def _path(rng: random.Random, created: datetime, now: datetime) -> list[tuple[str, datetime]]:
    idx = rng.choices([0, 1, 2], [70, 20, 10])[0]
    t = created
    path = [(OPEN[idx], t)]
    while True:
        t = t + timedelta(days=rng.expovariate(1 / 12) + 0.01)
        if t >= now:
            return path
        r = rng.random()
        if r < 0.15:  # stalled: stays open for good
            return path
        if r < 0.2 and idx > 0:
            idx -= 1
            path.append((OPEN[idx], t))
        elif r < 0.45:
            path.append(("lost", t))
            return path
        elif idx == len(OPEN) - 1:
            path.append(("won", t))
            return path
        else:
            idx += 1
            path.append((OPEN[idx], t))


def simulate(rng: random.Random, owners: list[str], accounts: list[str], now: datetime,
             n: int, days_back: int = 500) -> list[Deal]:
    deals = []
    for _ in range(n):
        created = now - timedelta(seconds=rng.randint(3600, days_back * 86400))
        path = _path(rng, created, now)
        amount = (Decimal(rng.randint(100_00, 900_000_00)) / 100
                  if rng.random() > 0.05 else None)
        final = path[-1][0]
        deal = Deal(
            id=str(uuid.uuid4()), owner_id=rng.choice(owners),
            account_id=rng.choice(accounts), source=rng.choice(["web", "referral", "expo", None]),
            amount=amount, created_at=created,
            close_date=(path[-1][1].date() if KIND[final] != "open" else
                        now.date() + timedelta(days=rng.randint(-40, 200))
                        if rng.random() > 0.05 else None),
            probability=(rng.randint(0, 100) if KIND[final] == "open" and rng.random() < 0.1
                         else PROB[final]),
            forecast_category=("commit" if final == "won" else "omitted" if final == "lost"
                               else rng.choice(["pipeline", "best_case", "commit", None])),
            deleted=rng.random() < 0.03)
        for i, (stage, at) in enumerate(path):
            left = path[i + 1][1] if i + 1 < len(path) else None
            stay_amount = amount if (left is None or amount is None) else (
                amount * Decimal(rng.choice(["0.8", "1", "1", "1.2"]))).quantize(CENT)
            deal.history.append(Stay(stage, at, left, stay_amount))
        deals.append(deal)
    return deals


def insert(sessions: Any, tenant_id: str, pipeline_id: str, deals: list[Deal]) -> None:
    """Write the deals as rows of ``opportunities`` and ``opportunity_stage_history``."""
    from sqlalchemy import insert as sql_insert

    from salescrm.models import Opportunity, OpportunityStageHistory, Pipeline
    from salescrm.modules.sales import stage_paths

    opps, stays = [], []
    for d in deals:
        opps.append({
            "id": d.id, "tenant_id": tenant_id, "version": 1, "custom": {},
            "created_at": d.created_at, "updated_at": d.stage_changed_at,
            "deleted_at": d.stage_changed_at if d.deleted else None,
            "owner_id": d.owner_id, "name": f"Deal {d.id[:8]}", "account_id": d.account_id,
            "pipeline_id": pipeline_id, "stage": d.stage, "status": d.status,
            "amount": d.amount, "currency": "CNY", "close_date": d.close_date,
            "probability": d.probability, "source": d.source,
            "forecast_category": d.forecast_category, "stage_changed_at": d.stage_changed_at,
            "closed_at": d.closed_at, "lost_reason": "price" if d.status == "lost" else None})
        for s in d.history:
            stays.append({"id": str(uuid.uuid4()), "tenant_id": tenant_id,
                          "opportunity_id": d.id, "pipeline_id": pipeline_id,
                          "stage": s.stage, "entered_at": s.entered_at, "left_at": s.left_at,
                          "moved_by": d.owner_id, "amount": s.amount, "currency": "CNY"})
    with sessions() as session:
        session.info["tenant_id"] = tenant_id
        session.execute(sql_insert(Opportunity), opps)
        session.execute(sql_insert(OpportunityStageHistory), stays)
        # Bulk-written history is brought up to date the way a bulk load would be.
        stages = session.get(Pipeline, pipeline_id).stages
        stage_paths.recompute(session.connection(), pipeline_id, stages)
        session.commit()


# --- the definitions, in plain Python -------------------------------------------
def _money(v: Decimal) -> str:
    return f"{v.quantize(CENT, rounding=ROUND_HALF_UP):.2f}"


def _ratio(part: float, whole: float) -> float | None:
    return round(part / whole, 4) if whole else None


def visible(deals: list[Deal], owners: set[str] | None, **slicers: Any) -> list[Deal]:
    out = []
    for d in deals:
        if d.deleted or (owners is not None and d.owner_id not in owners):
            continue
        if any(getattr(d, k) != v for k, v in slicers.items() if k != "account_ids"):
            continue
        if "account_ids" in slicers and d.account_id not in slicers["account_ids"]:
            continue
        out.append(d)
    return out


def oracle_funnel(deals: list[Deal], start: datetime, end: datetime,
                  order: list[str] = OPEN) -> dict[str, Any]:
    """``order``: the open stages in the pipeline's order (the default one's unless an
    administrator reordered them)."""
    stages: dict[str, dict[str, Any]] = {}
    for key in [*OPEN, "won", "lost"]:
        # Each deal's first entry into the stage in the period, and what came after.
        entries = [(d, i) for d in deals for i, s in enumerate(d.history)
                   if s.stage == key and start <= s.entered_at < end
                   and not any(p.stage == key and start <= p.entered_at < s.entered_at
                               for p in d.history[:i])]
        cohort = [d for d, _ in entries]
        stays = [(s.left_at - s.entered_at).total_seconds() / 86400
                 for d in deals for s in d.history
                 if s.stage == key and start <= s.entered_at < end and s.left_at is not None]

        def furthest(d: Deal, i: int) -> int:
            return max(rank(s.stage, order) for s in d.history[i:])

        advanced = sum(1 for d, i in entries if furthest(d, i) > rank(key, order))
        won = sum(1 for d, i in entries if furthest(d, i) == rank("won"))
        amounts = [d.history[i].amount for d, i in entries]
        is_open = key in OPEN
        stages[key] = {
            "count": len(cohort), "amount": _money(sum((a for a in amounts if a is not None),
                                                       Decimal(0))),
            "advanced": advanced if is_open else None,
            "conversion_rate": _ratio(advanced, len(cohort)) if is_open else None,
            "won": won if is_open else None,
            "win_rate": _ratio(won, len(cohort)) if is_open else None,
            "avg_days_in_stage": round(sum(stays) / len(stays), 2) if stays else None,
        }
    # Reach: of the deals whose first entry into the top stage is in the period, the
    # share whose furthest stage from that entry on is the stage or beyond it.
    top = order[0]
    tops = [max(rank(s.stage, order) for s in d.history[i:])
            for d in deals for i, s in enumerate(d.history)
            if s.stage == top and start <= s.entered_at < end
            and not any(p.stage == top and start <= p.entered_at < s.entered_at
                        for p in d.history[:i])]
    for key, v in stages.items():
        v["reach_rate"] = None if rank(key, order) < 0 else _ratio(
            sum(1 for f in tops if f >= rank(key, order)), len(tops))
    closed = [d for d in deals if d.closed_at is not None and start <= d.closed_at < end]
    won_deals = [d for d in closed if d.status == "won"]
    won_amount = sum(((d.amount or Decimal(0)) for d in won_deals), Decimal(0))
    cycles = [(d.closed_at - d.created_at).total_seconds() / 86400 for d in won_deals
              if d.closed_at]
    totals = {"won_count": len(won_deals), "lost_count": len(closed) - len(won_deals),
              "won_amount": _money(won_amount), "win_rate": _ratio(len(won_deals), len(closed)),
              "avg_deal_size": _money(won_amount / len(won_deals)) if won_deals else None,
              "sales_cycle_days": round(sum(cycles) / len(cycles), 2) if cycles else None}
    return {"stages": stages, "totals": totals}


AGES = (0, 30, 90, 180, 365)


@dataclass
class Rate:
    alive: int
    won: int
    avg_days: float | None


def oracle_rates(deals: list[Deal], as_of: datetime, window_days: int = 365,
                 horizon_days: int = 180) -> dict[tuple[str, int], Rate]:
    """(stage, age) → of the deals of that age's cohort still open at that age, how many
    were won within the horizon, and how many days after that age. Over every live
    deal of the tenant (not only the caller's)."""
    oldest = as_of - timedelta(days=window_days + AGES[-1] + horizon_days)
    acc: dict[tuple[str, int], list[Any]] = defaultdict(lambda: [0, 0, []])
    for d in deals:
        if d.deleted:
            continue
        state = next((s for s in d.history if s.entered_at < as_of
                      and (s.left_at is None or s.left_at > as_of)), None)
        closed_at = state.entered_at if (state is not None and KIND[state.stage] != "open"
                                         and state.entered_at >= oldest) else None
        won = closed_at is not None and state is not None and state.stage == "won"
        for key in OPEN:
            times = [s.entered_at for s in d.history
                     if s.stage == key and oldest <= s.entered_at < as_of]
            if not times:
                continue
            entered = min(times)
            open_for = ((closed_at or as_of) - entered).total_seconds() / 86400
            to_win = (closed_at - entered).total_seconds() / 86400 if won and closed_at \
                else None
            for age in AGES:
                cohort_end = as_of - timedelta(days=age + horizon_days)
                if not (cohort_end - timedelta(days=window_days) <= entered < cohort_end):
                    continue
                if open_for <= age:
                    continue
                a = acc[(key, age)]
                a[0] += 1
                if to_win is not None and to_win <= age + horizon_days:
                    a[1] += 1
                    a[2].append(to_win - age)
    return {(key, age): Rate(acc[(key, age)][0], acc[(key, age)][1],
                             round(sum(acc[(key, age)][2]) / len(acc[(key, age)][2]), 4)
                             if acc[(key, age)][2] else None)
            for key in OPEN for age in AGES}


def age_band(entered_at: datetime, as_of: datetime) -> int:
    return max(a for a in AGES if entered_at <= as_of - timedelta(days=a)) \
        if entered_at <= as_of else 0


def weight_and_date(rates: dict[tuple[str, int], Rate], stage: str, age: int,
                    as_of: datetime, close_date: date | None,
                    min_sample: int) -> tuple[Decimal, date | None]:
    r = rates[(stage, age)]
    if r.alive >= min_sample:
        rate = (Decimal(r.won) / Decimal(r.alive)).quantize(Decimal("0.000001"))
        when = (as_of + timedelta(days=r.avg_days)).date() if r.avg_days is not None \
            else close_date
        return rate, when
    return Decimal(PROB[stage]) / 100, close_date


def oracle_forecast(all_deals: list[Deal], mine: list[Deal], as_of: datetime,
                    period: tuple[date, date], window_days: int = 365,
                    horizon_days: int = 180, min_sample: int = 20) -> dict[str, Any]:
    rates = oracle_rates(all_deals, as_of, window_days, horizon_days)
    first, last = period
    start_at = datetime.combine(first, datetime.min.time(), UTC)
    end_at = datetime.combine(last + timedelta(days=1), datetime.min.time(), UTC)
    sums: dict[str, Decimal] = defaultdict(Decimal)
    by_owner: dict[str, dict[str, Decimal]] = defaultdict(lambda: defaultdict(Decimal))
    for d in mine:
        amount = d.amount or Decimal(0)
        if d.status == "won" and d.closed_at and start_at <= d.closed_at < end_at:
            sums["won"] += amount
            by_owner[d.owner_id]["won"] += amount
        if d.status != "open":
            continue
        rate, expected = weight_and_date(rates, d.stage, age_band(d.stage_changed_at, as_of),
                                         as_of, d.close_date, min_sample)
        if expected is not None and first <= expected <= last:
            sums["historical"] += amount * rate
            by_owner[d.owner_id]["historical"] += amount * rate
        if d.close_date is None or not first <= d.close_date <= last:
            continue
        prob = d.probability if d.probability is not None else PROB[d.stage]
        sums["pipeline"] += amount
        sums["weighted"] += amount * prob / 100
        by_owner[d.owner_id]["weighted"] += amount * prob / 100
        if d.forecast_category in ("commit", "best_case"):
            sums[d.forecast_category] += amount
    return {
        "rates": rates, "by_owner": by_owner,
        "pipeline_amount": sums["pipeline"], "weighted_amount": sums["weighted"],
        "historical_amount": sums["historical"], "won_amount": sums["won"],
        "commit_amount": sums["won"] + sums["commit"],
        "best_case_amount": sums["won"] + sums["commit"] + sums["best_case"],
    }


def oracle_backtest_month(deals: list[Deal], first: date, last: date, window_days: int = 365,
                          horizon_days: int = 180, min_sample: int = 20
                          ) -> tuple[Decimal, dict[str, Decimal]]:
    """(won in the month, each method's prediction at the month's first instant)."""
    as_of = datetime.combine(first, datetime.min.time(), UTC)
    rates = oracle_rates(deals, as_of, window_days, horizon_days)
    preds: dict[str, Decimal] = defaultdict(Decimal)
    actual = Decimal(0)
    for d in deals:
        if d.deleted:
            continue
        for s in d.history:
            if s.stage == "won" and first <= s.entered_at.date() <= last:
                actual += s.amount or Decimal(0)
        stay = next((s for s in d.history if s.entered_at <= as_of
                     and (s.left_at is None or s.left_at > as_of)), None)
        if stay is None or stay.stage not in OPEN:
            continue
        rate, expected = weight_and_date(rates, stay.stage, age_band(stay.entered_at, as_of),
                                         as_of, d.close_date, min_sample)
        prob = Decimal(PROB[stay.stage]) / 100
        amount = stay.amount or Decimal(0)
        if expected is not None and first <= expected <= last:
            preds["pipeline"] += amount
            preds["stage_probability"] += amount * prob
            preds["historical"] += amount * rate
        if d.close_date is not None and first <= d.close_date <= last:
            preds["weighted_close_date"] += amount * prob
    return actual, preds
