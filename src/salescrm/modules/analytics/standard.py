"""Standard reports: revenue and payments by period, region, product, rep, source or
industry; receivables ageing; lead conversion; campaign ROI; activity counts per rep;
lost reasons. Each is one or a few grouped statements within the caller's scope.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from datetime import timedelta
from decimal import Decimal
from typing import Any

from sqlalchemy import ColumnElement, Date, and_, case, func, literal, select, type_coerce
from sqlalchemy.orm import InstrumentedAttribute

from salescrm.db.types import Money
from salescrm.models import (
    Account,
    Activity,
    Campaign,
    Department,
    Lead,
    Opportunity,
    Order,
    OrderLine,
    Payment,
    PaymentPlan,
    Product,
    User,
)
from salescrm.modules.analytics.currency import Currencies, currencies
from salescrm.modules.analytics.funnel import money, ratio
from salescrm.modules.analytics.params import Query, month_bounds, today
from salescrm.modules.analytics.sql import as_date, bucket, dialect_of, guarded
from salescrm.platform.errors import FieldError, ProblemError
from salescrm.platform.permissions import Withheld, visible_values
from salescrm.platform.permissions.field_levels import readable_in_full, visible_value
from salescrm.platform.records.service import base_criteria
from salescrm.platform.tenancy import Context

ZERO = Decimal(0)
MAX_ROWS = 1000
BOOKED_ORDER_STATUSES = ("approved", "fulfilled")
OPEN_PLAN_STATUSES = ("planned", "partially_paid", "overdue")
AGEING = (("not_due", None, -1), ("0-30", 0, 30), ("31-60", 31, 60), ("61-90", 61, 90),
          (">90", 91, None))
REVENUE_DIMENSIONS = ("month", "quarter", "region", "province", "industry", "owner",
                      "department", "source", "product")
ACTIVITY_KINDS = ("call", "visit", "meeting", "email", "note", "checkin")


def _scoped(ctx: Context, api_name: str) -> list[Any]:
    obj = ctx.object(api_name)
    ctx.permissions.require(obj, "read")
    return base_criteria(ctx, obj)


def _default_year(tz: str) -> tuple[Any, Any]:
    now = today(tz)
    return month_bounds(now.replace(day=1) - timedelta(days=330))[0], now


# --- labels --------------------------------------------------------------------------
# The object whose ``name`` labels a row keyed by a record of that table.
_NAMED = {User: "users", Department: "departments", Product: "products",
          Campaign: "campaigns", Account: "accounts"}


def _names(ctx: Context, model: Any, ids: set[Any]) -> dict[Any, str]:
    """id → name, as the caller may read names of that object (hidden: no label)."""
    ids = {i for i in ids if i}
    if not ids:
        return {}
    rows = ctx.session.execute(select(model.id, model.name).where(model.id.in_(sorted(ids))))
    names = {k: visible_value(ctx.permissions, _NAMED[model], "name", n) for k, n in rows}
    return {k: n for k, n in names.items() if n is not None}


def _label(ctx: Context, dim: str, keys: set[Any]) -> dict[Any, str]:
    model = {"owner": User, "department": Department, "product": Product,
             "campaign": Campaign}.get(dim)
    return _names(ctx, model, keys) if model is not None else {}


def _check_grouping(ctx: Context, q: Query, object_name: str, field: str) -> None:
    """Grouping rows by a field the caller may not read in full would list its values
    (as keys and labels): refused like the report builder's ``group_by``."""
    if readable_in_full(ctx.permissions, object_name, field):
        return
    try:
        label = ctx.object(object_name).fields[field].label(ctx.locale)
    except (ProblemError, KeyError):
        label = field
    q.errors.append(FieldError("by", "analytics.by_hidden", field=label))


def _money_figures(withheld: Withheld, object_name: str, *fields: str) -> Any:
    """``money`` for figures summed over the fields, or a function giving None when one
    of them is withheld from the caller."""
    return (lambda _value: None) if withheld.hides(object_name, *fields) else money


# --- revenue and payments ----------------------------------------------------------
def _revenue_source(measure: str) -> dict[str, Any]:
    """Which table, date, amount and attribute columns a revenue measure reads."""
    if measure == "won":
        return {"model": Opportunity, "object": "opportunities", "field": "amount",
                "date": Opportunity.closed_at,
                "is_date": False, "amount": Opportunity.amount, "source": Opportunity.source,
                "currency": Opportunity.currency, "where": [Opportunity.status == "won"]}
    if measure == "ordered":
        return {"model": Order, "object": "orders", "field": "total",
                "date": Order.ordered_on, "is_date": True,
                "amount": Order.total, "source": Account.source, "currency": Order.currency,
                "where": [Order.status.in_(BOOKED_ORDER_STATUSES)]}
    return {"model": Payment, "object": "payments", "field": "amount",
            "date": Payment.paid_on, "is_date": True,
            "amount": Payment.amount, "source": Account.source, "currency": Payment.currency,
            "where": []}


def revenue(ctx: Context, params: dict[str, str], measure: str | None = None) -> dict[str, Any]:
    """``GET /analytics/revenue?by=…&measure=won|ordered|paid&from&to``."""
    q = Query(params, {"from", "to", "tz", "by"} | (set() if measure else {"measure"}))
    q.check_unknown()
    measure = measure or q.choice("measure", ("won", "ordered", "paid"), "won")
    by = q.choice("by", REVENUE_DIMENSIONS, "month")
    if by == "product" and measure != "ordered":
        q.errors.append(FieldError("by", "analytics.bad_choice", choices=", ".join(
            d for d in REVENUE_DIMENSIONS if d != "product")))
    period = q.period(_default_year(q.timezone()))
    src = _revenue_source(measure)
    listed = {"region": ("accounts", "region"), "province": ("accounts", "province"),
              "industry": ("accounts", "industry"), "owner": (src["object"], "owner_id"),
              "source": (src["object"] if measure == "won" else "accounts", "source")}.get(by)
    if listed is not None:
        _check_grouping(ctx, q, *listed)
    q.raise_errors()
    model = src["model"]
    dialect = dialect_of(ctx.session)
    withheld = Withheld(ctx.permissions)
    shown = _money_figures(withheld, src["object"], src["field"])
    if src["is_date"]:
        in_period = and_(src["date"] >= period.start, src["date"] <= period.end)
    else:
        in_period = and_(src["date"] >= period.start_at, src["date"] < period.end_at)
    amount = src["amount"]
    stmt = select().select_from(model)
    if by == "product":
        stmt = stmt.join(OrderLine, OrderLine.order_id == Order.id)
        amount = OrderLine.amount
    cur = currencies(ctx, model)
    amount = cur.amount(amount, src["currency"])
    keys: dict[str, Callable[[], ColumnElement[Any] | InstrumentedAttribute[Any]]] = {
        "month": lambda: bucket(src["date"], "month", dialect, period.tz,
                                is_date=src["is_date"]),
        "quarter": lambda: bucket(src["date"], "quarter", dialect, period.tz,
                                  is_date=src["is_date"]),
        "region": lambda: Account.region, "province": lambda: Account.province,
        "industry": lambda: Account.industry, "owner": lambda: model.owner_id,
        "department": lambda: User.department_id, "source": lambda: src["source"],
        "product": lambda: OrderLine.product_id}
    key = keys[by]().label("key")
    if by in ("region", "province", "industry") or (by == "source" and measure != "won"):
        stmt = stmt.join(Account, Account.id == model.account_id)
    if by == "department":
        stmt = stmt.outerjoin(User, User.id == model.owner_id)
    count = func.count(func.distinct(model.id)) if by == "product" else func.count()
    stmt = (stmt.add_columns(key, count, func.sum(func.coalesce(amount, literal(ZERO, Money()))))
            .where(in_period, *src["where"], *_scoped(ctx, src["object"]))
            .group_by("key"))
    # Ranked by amount unless the amounts are withheld (the order would tell them apart).
    stmt = stmt.order_by("key") if by in ("month", "quarter") or shown is not money else \
        stmt.order_by(func.sum(func.coalesce(amount, literal(ZERO, Money()))).desc())
    with guarded(ctx.session):
        rows = ctx.session.execute(stmt.limit(MAX_ROWS)).all()
    labels = _label(ctx, by, {r[0] for r in rows})
    total = sum((r[2] or ZERO for r in rows), ZERO)
    return withheld.mark({
        "measure": measure, "by": by, "period": period.view(), "currency": cur.view(),
        "rows": [{"key": r[0], "label": labels.get(r[0], r[0]), "count": int(r[1]),
                  "amount": shown(r[2])} for r in rows],
        "total": {"count": sum(int(r[1]) for r in rows), "amount": shown(total)}})


def payments(ctx: Context, params: dict[str, str]) -> dict[str, Any]:
    """``GET /analytics/payments``: revenue received (回款), ``measure=paid``."""
    return revenue(ctx, params, measure="paid")


# --- receivables ageing --------------------------------------------------------------
def _age_band(age: Any) -> Any:
    whens = []
    for name, low, high in AGEING:
        cond = []
        if low is not None:
            cond.append(age >= low)
        if high is not None:
            cond.append(age <= high)
        whens.append((and_(*cond), name))
    return case(*whens, else_="not_due")


def _outstanding(ctx: Context, basis: str, as_of: Any, cur: Currencies
                 ) -> tuple[Any, Any, Any, list[Any]]:
    """(model, days old, amount outstanding in the tenant's currency, filters) for an
    ageing basis. A payment plan is in its order's currency."""
    dialect = dialect_of(ctx.session)
    model: Any
    since: Any
    outstanding: Any
    if basis == "order_date":
        since = func.coalesce(Order.ordered_on, as_date(Order.created_at, dialect))
        where = [Order.status.in_(BOOKED_ORDER_STATUSES), Order.receivable > 0,
                 *_scoped(ctx, "orders")]
        model, outstanding = Order, cur.amount(Order.receivable, Order.currency)
    else:
        since = PaymentPlan.due_date
        where = [PaymentPlan.status.in_(OPEN_PLAN_STATUSES),
                 PaymentPlan.amount > PaymentPlan.paid_amount, *_scoped(ctx, "payment_plans")]
        model, outstanding = PaymentPlan, PaymentPlan.amount - PaymentPlan.paid_amount
        if not cur.simple:
            order_currency = (select(Order.currency).where(Order.id == PaymentPlan.order_id)
                              .scalar_subquery())
            outstanding = cur.amount(type_coerce(outstanding, Money()), order_currency)
    if dialect == "postgresql":
        age = literal(as_of, Date) - since  # date − date is a whole number of days
    else:
        age = func.julianday(literal(as_of, Date)) - func.julianday(since)
    return model, age, outstanding, where


def receivables(ctx: Context, params: dict[str, str]) -> dict[str, Any]:
    """Outstanding money by age: ``basis=order_date`` (days since the order, over the
    orders' receivable) or ``basis=due_date`` (days past due, over open payment plans)."""
    q = Query(params, {"basis", "by", "tz"})
    q.check_unknown()
    basis = q.choice("basis", ("order_date", "due_date"), "order_date")
    by = q.choice("by", ("none", "owner", "account"), "none")
    tz = q.timezone()
    if by != "none":
        _check_grouping(ctx, q, "orders" if basis == "order_date" else "payment_plans",
                        f"{by}_id")
    q.raise_errors()
    as_of = today(tz)
    cur = currencies(ctx, Order)
    model, age, outstanding, where = _outstanding(ctx, basis, as_of, cur)
    group = {"none": None, "owner": model.owner_id, "account": model.account_id}[by]
    cols = [_age_band(age).label("bucket"), func.count(),
            func.sum(type_coerce(outstanding, Money()))]
    if group is not None:
        cols.insert(0, group.label("key"))
    stmt = select(*cols).where(*where).group_by(*(["key"] if group is not None else []),
                                                "bucket")
    with guarded(ctx.session):
        rows = ctx.session.execute(stmt).all()
    names = [a[0] for a in AGEING]
    withheld = Withheld(ctx.permissions)
    shown = (_money_figures(withheld, "orders", "receivable") if basis == "order_date" else
             _money_figures(withheld, "payment_plans", "amount", "paid_amount"))
    grouped: dict[Any, dict[str, Any]] = defaultdict(
        lambda: {n: {"count": 0, "amount": ZERO} for n in names})
    for r in rows:
        k, b, n, amount = (r[0], r[1], r[2], r[3]) if group is not None else (None, *r)
        grouped[k][b] = {"count": int(n), "amount": amount or ZERO}

    def view(buckets: dict[str, Any]) -> dict[str, Any]:
        return {"buckets": [{"bucket": n, "count": buckets[n]["count"],
                             "amount": shown(buckets[n]["amount"])} for n in names],
                "total": shown(sum((buckets[n]["amount"] for n in names), ZERO))}

    totals = {n: {"count": sum(g[n]["count"] for g in grouped.values()),
                  "amount": sum((g[n]["amount"] for g in grouped.values()), ZERO)}
              for n in names}
    out = {"basis": basis, "as_of": as_of.isoformat(), "currency": cur.view(),
           **view(totals)}
    if group is not None:
        model_for = {"owner": User, "account": Account}[by]
        labels = _names(ctx, model_for, set(grouped))
        out["rows"] = sorted(({"key": k, "label": labels.get(k), **view(g)}
                              for k, g in grouped.items()),
                             key=lambda r: (-Decimal(r["total"] or 0), str(r["key"])))
    return withheld.mark(out)


# --- leads, campaigns ------------------------------------------------------------------
def lead_conversion(ctx: Context, params: dict[str, str]) -> dict[str, Any]:
    """Leads created in the period by source (or campaign): how many converted, into how
    many opportunities, and how much of that was won."""
    q = Query(params, {"from", "to", "tz", "by"})
    q.check_unknown()
    by = q.choice("by", ("source", "campaign", "utm_source", "owner"), "source")
    period = q.period(_default_year(q.timezone()))
    _check_grouping(ctx, q, "leads", {"campaign": "campaign_id", "owner": "owner_id"}.get(by, by))
    q.raise_errors()
    key = {"source": Lead.source, "campaign": Lead.campaign_id, "utm_source": Lead.utm_source,
           "owner": Lead.owner_id}[by].label("key")
    won = and_(Opportunity.status == "won")
    cur = currencies(ctx, Opportunity)
    stmt = (select(key, func.count(),
                   func.sum(case((Lead.status == "converted", 1), else_=0)),
                   func.sum(case((Lead.status == "qualified", 1), else_=0)),
                   func.count(Opportunity.id),
                   func.sum(case((won, 1), else_=0)),
                   func.sum(case((won, cur.amount(Opportunity.amount, Opportunity.currency)),
                                 else_=None)))
            .select_from(Lead)
            .outerjoin(Opportunity, and_(Opportunity.id == Lead.converted_opportunity_id,
                                         Opportunity.deleted_at.is_(None)))
            .where(Lead.created_at >= period.start_at, Lead.created_at < period.end_at,
                   *_scoped(ctx, "leads"))
            .group_by("key").order_by(func.count().desc()).limit(MAX_ROWS))
    with guarded(ctx.session):
        rows = ctx.session.execute(stmt).all()
    labels = _label(ctx, "campaign" if by == "campaign" else by, {r[0] for r in rows})
    withheld = Withheld(ctx.permissions)
    shown = _money_figures(withheld, "opportunities", "amount")
    return withheld.mark({"by": by, "period": period.view(), "currency": cur.view(), "rows": [
        {"key": k, "label": labels.get(k, k), "leads": int(n), "converted": int(conv or 0),
         "qualified": int(qual or 0), "conversion_rate": ratio(conv, n),
         "opportunities": int(opps), "won": int(w or 0), "won_amount": shown(amount)}
        for k, n, conv, qual, opps, w, amount in rows]})


def campaign_roi(ctx: Context, params: dict[str, str]) -> dict[str, Any]:
    """Per campaign: cost → leads → opportunities → won amount → payments, and ROI
    ((won − cost) / cost, and the same on money received)."""
    q = Query(params, {"from", "to", "tz"})
    q.check_unknown()
    period = q.period(_default_year(q.timezone())) if ("from" in params or "to" in params) \
        else None
    q.raise_errors()
    where = [*_scoped(ctx, "campaigns")]
    if period is not None:
        where += [func.coalesce(Campaign.start_date, as_date(Campaign.created_at, dialect_of(
            ctx.session))) >= period.start,
                  func.coalesce(Campaign.start_date, as_date(Campaign.created_at, dialect_of(
                      ctx.session))) <= period.end]
    campaigns = ctx.session.execute(
        select(Campaign.id, Campaign.name, Campaign.channel, Campaign.budget,
               Campaign.actual_cost).where(*where).order_by(Campaign.name).limit(MAX_ROWS)).all()
    ids = [c.id for c in campaigns]
    cur = currencies(ctx, Opportunity, Payment)
    if not ids:
        return {"period": period.view() if period else None, "currency": cur.view(),
                "rows": []}
    with guarded(ctx.session):
        leads = {k: (n, conv) for k, n, conv in ctx.session.execute(
            select(Lead.campaign_id, func.count(),
                   func.sum(case((Lead.status == "converted", 1), else_=0)))
            .where(Lead.campaign_id.in_(ids), *_scoped(ctx, "leads"))
            .group_by(Lead.campaign_id))}
        opps = {k: (n, w, amount) for k, n, w, amount in ctx.session.execute(
            select(Opportunity.campaign_id, func.count(),
                   func.sum(case((Opportunity.status == "won", 1), else_=0)),
                   func.sum(case((Opportunity.status == "won",
                                  cur.amount(Opportunity.amount, Opportunity.currency)),
                                 else_=None)))
            .where(Opportunity.campaign_id.in_(ids), *_scoped(ctx, "opportunities"))
            .group_by(Opportunity.campaign_id))}
        paid: dict[Any, Any] = dict(ctx.session.execute(
            select(Opportunity.campaign_id, func.sum(cur.amount(Payment.amount,
                                                                Payment.currency)))
            .join(Order, Order.id == Payment.order_id)
            .join(Opportunity, Opportunity.id == Order.opportunity_id)
            .where(Opportunity.campaign_id.in_(ids), Opportunity.deleted_at.is_(None),
                   *_scoped(ctx, "payments"))
            .group_by(Opportunity.campaign_id)).all())
    rows = [_campaign_row(c, leads, opps, paid) for c in campaigns]
    return CampaignFigures(ctx).view({"period": period.view() if period else None,
                                      "currency": cur.view(), "rows": rows})


class CampaignFigures:
    """Which of a campaign row's figures the caller may see: cost over the campaign's
    budget and actual cost, won over deals' amounts, received over payments; each ROI
    needs both of its sides."""

    def __init__(self, ctx: Context) -> None:
        self.withheld = Withheld(ctx.permissions)
        w = self.withheld
        self.blank = {k for k, hidden in (
            ("cost", w.hides("campaigns", "budget", "actual_cost")),
            ("won_amount", w.hides("opportunities", "amount")),
            ("paid_amount", w.hides("payments", "amount"))) if hidden}
        self.ctx = ctx

    def view(self, answer: dict[str, Any]) -> dict[str, Any]:
        derived = {"cost_per_lead": {"cost"}, "roi": {"cost", "won_amount"},
                   "cash_roi": {"cost", "paid_amount"}}
        keys = self.blank | {k for k, needs in derived.items() if needs & self.blank}
        for row in answer["rows"]:
            row.update(visible_values(self.ctx.permissions, "campaigns",
                                      {"name": row.pop("name"), "channel": row.pop("channel")}))
        return self.withheld.mark(self.withheld.blank(answer, keys))


def _campaign_row(c: Any, leads: dict[Any, Any], opps: dict[Any, Any],
                  paid: dict[Any, Any]) -> dict[str, Any]:
    cost = c.actual_cost if c.actual_cost is not None else (c.budget or ZERO)
    n_leads, converted = leads.get(c.id, (0, 0))
    n_opps, n_won, won_amount = opps.get(c.id, (0, 0, None))
    received = paid.get(c.id) or ZERO
    won_amount = won_amount or ZERO
    return {"campaign_id": c.id, "name": c.name, "channel": c.channel,
            "cost": money(cost), "leads": int(n_leads),
            "converted_leads": int(converted or 0), "opportunities": int(n_opps),
            "won": int(n_won or 0), "won_amount": money(won_amount),
            "paid_amount": money(received),
            "cost_per_lead": money(cost / n_leads) if n_leads else None,
            "roi": ratio(won_amount - cost, cost) if cost else None,
            "cash_roi": ratio(received - cost, cost) if cost else None}


# --- activities, lost reasons -------------------------------------------------------
def activities(ctx: Context, params: dict[str, str]) -> dict[str, Any]:
    """Follow-ups per rep in the period, by kind (calls, visits, check-ins …)."""
    q = Query(params, {"from", "to", "tz", "owner_id"})
    q.check_unknown()
    tz = q.timezone()
    now = today(tz)
    period = q.period((now - timedelta(days=29), now))
    owner = q.text("owner_id", 64)
    q.raise_errors()
    where = [Activity.occurred_at >= period.start_at, Activity.occurred_at < period.end_at,
             *_scoped(ctx, "activities")]
    if owner:
        where.append(Activity.owner_id == owner)
    stmt = (select(Activity.owner_id, Activity.kind, func.count())
            .where(*where).group_by(Activity.owner_id, Activity.kind))
    with guarded(ctx.session):
        rows = ctx.session.execute(stmt).all()
    per: dict[Any, dict[str, int]] = defaultdict(lambda: dict.fromkeys(ACTIVITY_KINDS, 0))
    for owner_id, kind, n in rows:
        per[owner_id][kind] = per[owner_id].get(kind, 0) + int(n)
    names = _names(ctx, User, set(per))
    out = [{"owner_id": o, "name": names.get(o), "total": sum(k.values()), **k}
           for o, k in per.items()]
    return {"period": period.view(), "kinds": list(ACTIVITY_KINDS),
            "rows": sorted(out, key=lambda r: (-r["total"], r["name"] or ""))}


def lost_reasons(ctx: Context, params: dict[str, str]) -> dict[str, Any]:
    """Deals lost in the period by reason: how many, how much."""
    q = Query(params, {"from", "to", "tz", "pipeline_id", "owner_id"})
    q.check_unknown()
    period = q.period(_default_year(q.timezone()))
    pipeline = q.text("pipeline_id", 64)
    owner = q.text("owner_id", 64)
    q.raise_errors()
    where = [Opportunity.status == "lost", Opportunity.closed_at >= period.start_at,
             Opportunity.closed_at < period.end_at, *_scoped(ctx, "opportunities")]
    if pipeline:
        where.append(Opportunity.pipeline_id == pipeline)
    if owner:
        where.append(Opportunity.owner_id == owner)
    cur = currencies(ctx, Opportunity)
    amount = cur.amount(Opportunity.amount, Opportunity.currency)
    stmt = (select(Opportunity.lost_reason, func.count(), func.sum(amount))
            .where(*where).group_by(Opportunity.lost_reason)
            .order_by(func.count().desc()).limit(MAX_ROWS))
    with guarded(ctx.session):
        rows = ctx.session.execute(stmt).all()
    total = sum(int(r[1]) for r in rows)
    withheld = Withheld(ctx.permissions)
    shown = _money_figures(withheld, "opportunities", "amount")
    return withheld.mark({"period": period.view(), "currency": cur.view(), "total": total,
                          "rows": [{"reason": visible_value(ctx.permissions, "opportunities",
                                                            "lost_reason", reason),
                                    "count": int(n), "share": ratio(n, total),
                                    "amount": shown(amount)} for reason, n, amount in rows]})


REPORTS = {"revenue": revenue, "payments": payments, "receivables": receivables,
           "lead_conversion": lead_conversion, "campaign_roi": campaign_roi,
           "activities": activities, "lost_reasons": lost_reasons}
# The query parameters each report reads (for the API documentation).
PARAMS = {"revenue": ("from", "to", "tz", "by", "measure"), "payments": ("from", "to", "tz", "by"),
          "receivables": ("basis", "by", "tz"), "lead_conversion": ("from", "to", "tz", "by"),
          "campaign_roi": ("from", "to", "tz"), "activities": ("from", "to", "tz", "owner_id"),
          "lost_reasons": ("from", "to", "tz", "pipeline_id", "owner_id")}
