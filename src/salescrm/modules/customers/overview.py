"""The 360° view of one account: its contacts, deals, contracts, orders, payments and
follow-ups (newest first) and the money totals — all within the caller's data scope
and field permissions.

It costs a fixed number of SQL statements whatever the account holds: one per
section (each capped at ``limit`` rows, ``more`` says when there are others) and one
for all the totals, so a customer with 50 orders is as cheap as one with 5.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from sqlalchemy import func, select

from salescrm.modules.orders.service import ORDERED_STATUSES
from salescrm.platform.errors import ProblemError
from salescrm.platform.metadata import ObjectDef
from salescrm.platform.permissions import Withheld
from salescrm.platform.records import service as records
from salescrm.platform.records.query import page_limit
from salescrm.platform.records.serialize import builtin_columns, readable_fields, row_to_record
from salescrm.platform.tenancy import Context

DEFAULT_LIMIT = 50
MAX_LIMIT = 200
# section → (object, newest-first sort columns); each is filtered by account_id.
SECTIONS: dict[str, tuple[str, tuple[str, ...]]] = {
    "contacts": ("contacts", ("created_at",)),
    "opportunities": ("opportunities", ("created_at",)),
    "contracts": ("contracts", ("created_at",)),
    "orders": ("orders", ("created_at",)),
    "payments": ("payments", ("paid_on", "created_at")),
    "activities": ("activities", ("occurred_at",)),
}
ZERO = Decimal("0.00")


def _readable(ctx: Context, name: str) -> ObjectDef | None:
    """The object if it is installed and the caller may read it; else the section is
    simply empty (a rep without access to payments still gets the rest)."""
    try:
        obj = ctx.object(name)
    except ProblemError:
        return None
    return obj if ctx.permissions.can(name, "read") else None


def _section(ctx: Context, obj: ObjectDef, account_id: str, sort: tuple[str, ...],
             limit: int) -> tuple[list[dict[str, Any]], bool]:
    model = obj.model
    fields = readable_fields(obj, ctx.permissions)
    order = [getattr(model, c).desc() for c in sort] + [model.id.desc()]
    rows = ctx.session.execute(
        select(*builtin_columns(obj, fields))
        .where(model.account_id == account_id, *records.base_criteria(ctx, obj))
        .order_by(*order).limit(limit + 1)).all()
    items = [row_to_record(obj, fields, r, ctx.permissions) for r in rows[:limit]]
    return items, len(rows) > limit


def _sum(ctx: Context, obj: ObjectDef | None, column: str, account_id: str,
         *where: Any) -> Any:
    """A scalar subquery summing one money column of the account's visible records."""
    if obj is None:
        return None
    model = obj.model
    return (select(func.sum(getattr(model, column)))
            .where(model.account_id == account_id, *records.base_criteria(ctx, obj), *where)
            .scalar_subquery())


# total → the (section, money field)s it sums (docs/decisions/0143-money-on-confirmed-orders.md).
TOTALS: dict[str, tuple[tuple[str, str], ...]] = {
    "won_amount": (("opportunities", "amount"),),
    "ordered_amount": (("orders", "total"),),
    "paid_amount": (("orders", "paid_amount"), ("payments", "amount")),
    "receivable": (("orders", "receivable"),)}


def _totals(ctx: Context, objs: dict[str, ObjectDef | None], account_id: str,
            withheld: Withheld) -> dict[str, str | None]:
    """won, ordered, paid and receivable in ONE statement of scalar subqueries; a total
    over a field the caller may not read in full is null (withheld).

    ``ordered_amount``, ``receivable`` and the order part of ``paid_amount`` come from
    the same counted orders (ORDERED_STATUSES), so paid + receivable = ordered when
    every payment is booked on an order; payments booked on a contract alone add to
    ``paid_amount`` only.
    """
    opps, orders, payments = objs["opportunities"], objs["orders"], objs["payments"]
    counted = [orders.model.status.in_(ORDERED_STATUSES)] if orders else []
    parts = {
        "won_amount": _sum(ctx, opps, "amount", account_id,
                           *([opps.model.status == "won"] if opps else [])),
        "ordered_amount": _sum(ctx, orders, "total", account_id, *counted),
        "paid_amount": _sum(ctx, orders, "paid_amount", account_id, *counted),
        "paid_on_contracts": _sum(ctx, payments, "amount", account_id,
                                  *([payments.model.order_id.is_(None)] if payments else [])),
        "receivable": _sum(ctx, orders, "receivable", account_id, *counted),
    }
    # A list, not a generator: every withheld field gets named in hidden_fields.
    shown = {k for k, figures in TOTALS.items()
             if not any([withheld.hides(SECTIONS[section][0], field)
                         for section, field in figures])}
    if "paid_amount" in shown:
        shown.add("paid_on_contracts")
    present = {k: v for k, v in parts.items() if v is not None and k in shown}
    values: dict[str, Any] = {}
    if present:
        row = ctx.session.execute(select(*[v.label(k) for k, v in present.items()])).one()
        values = dict(row._mapping)
    values["paid_amount"] = (values.get("paid_amount") or ZERO) + (
        values.pop("paid_on_contracts", None) or ZERO)
    return {k: f"{(values.get(k) or ZERO):.2f}" if k in shown else None for k in TOTALS}


def parse_limit(params: dict[str, str]) -> int:
    return page_limit(params, DEFAULT_LIMIT, MAX_LIMIT)


def account_overview(ctx: Context, account_id: str, limit: int = DEFAULT_LIMIT
                     ) -> dict[str, Any]:
    """``{"account", "contacts", "opportunities", "contracts", "orders", "payments",
    "activities", "totals", "more"}``; 404 when the account is not visible."""
    account = records.get_record(ctx, ctx.object("accounts"), account_id)
    objs = {name: _readable(ctx, obj_name) for name, (obj_name, _s) in SECTIONS.items()}
    out: dict[str, Any] = {"account": account}
    more: dict[str, bool] = {}
    for name, (_obj_name, sort) in SECTIONS.items():
        obj = objs[name]
        out[name], more[name] = _section(ctx, obj, account_id, sort, limit) if obj else ([],
                                                                                          False)
    withheld = Withheld(ctx.permissions)
    out["totals"] = _totals(ctx, objs, account_id, withheld)
    out["more"] = more
    return withheld.mark(out)
