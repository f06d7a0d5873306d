"""Payments (回款) and payment plans: balances, plan allocation, overdue detection.

A payment locks its order (and contract), is inserted, and the order's
``paid_amount``/``receivable`` are recomputed from the live payments — all in one
transaction, so two concurrent payments cannot both slip under the total.
Payments fill the plans of their order (or contract) in due-date order.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from sqlalchemy import select

from salescrm.db.types import utcnow
from salescrm.models import Payment, PaymentPlan
from salescrm.modules.collaboration.service import notify
from salescrm.modules.orders.billing import Target, resolve_target
from salescrm.modules.orders.common import (
    ZERO,
    body_object,
    collect,
    live_sum,
    load_visible,
    money,
)
from salescrm.modules.orders.service import refresh_balances
from salescrm.platform.errors import FieldError, ProblemError, validation_error
from salescrm.platform.jobs import emit_event
from salescrm.platform.metadata import ObjectDef
from salescrm.platform.permissions.field_levels import shown_to
from salescrm.platform.records import service as records
from salescrm.platform.tenancy import Context
from salescrm.platform.tenancy.system import system_context

TRUE = ("true", "1", "yes")
OPEN_PLAN_STATUSES = ("planned", "partially_paid")


# --- payments ------------------------------------------------------------------------
def _allow_overpayment(data: dict[str, Any], params: Any) -> bool:
    flag = data.pop("allow_overpayment", None)
    query = (params or {}).get("allow_overpayment", "") if isinstance(params, dict) else ""
    return flag is True or str(flag).lower() in TRUE or str(query).lower() in TRUE


def _paid_so_far(ctx: Context, target: Target, excluding: str | None) -> Decimal:
    where = [Payment.order_id == target.order.id] if target.order is not None else [
        Payment.contract_id == target.main.id]
    if excluding:
        where.append(Payment.id != excluding)
    return live_sum(ctx, Payment.amount, *where)


def _check_overpayment(ctx: Context, target: Target, amount: Decimal,
                       excluding: str | None = None) -> None:
    paid = _paid_so_far(ctx, target, excluding)
    excess = paid + amount - target.total
    if excess > ZERO:
        raise validation_error([FieldError(
            "amount", "payments.overpaid", excess=money(excess),
            receivable=money(target.total - paid))])


def settle(ctx: Context, target: Target) -> None:
    """Recompute balances and re-fill the plans after money moved."""
    refresh_balances(ctx, target.order, target.contract)
    allocate_plans(ctx, target)


def create_payment(ctx: Context, obj: ObjectDef, body: Any, params: Any = None) -> Payment:
    ctx.permissions.require(obj, "create")
    data = body_object(body)
    allow = _allow_overpayment(data, params)
    errors: list[dict[str, Any]] = []
    values = collect(ctx, obj, data, True, errors)
    target = resolve_target(ctx, values, errors)
    if errors or target is None:
        raise validation_error(errors)
    target.defaults(values)
    if not allow:
        _check_overpayment(ctx, target, values["amount"])
    row: Payment = records.insert_record(ctx, obj, values)
    settle(ctx, target)
    return row


def update_payment(ctx: Context, obj: ObjectDef, payment_id: str, body: Any) -> Payment:
    row: Payment = load_visible(ctx, obj, payment_id, "update")
    data = body_object(body)
    allow = _allow_overpayment(data, ctx.query)
    records.check_version(row, data)
    errors: list[dict[str, Any]] = []
    values = collect(ctx, obj, data, False, errors)
    target = resolve_target(ctx, values, errors, current=row)
    if errors or target is None:
        raise validation_error(errors)
    if "amount" in values and not allow:
        _check_overpayment(ctx, target, values["amount"], excluding=row.id)
    records.save_changes(ctx, obj, row, values)
    settle(ctx, target)
    return row


def delete_payment(ctx: Context, obj: ObjectDef, payment_id: str) -> None:
    row: Payment = load_visible(ctx, obj, payment_id, "delete")
    target = resolve_target(ctx, {}, [], current=row)
    records.delete_record(ctx, obj, payment_id)
    if target is not None:
        settle(ctx, target)


# --- payment plans -------------------------------------------------------------------
def _check_plans_total(ctx: Context, target: Target, amount: Decimal,
                       excluding: str | None = None) -> None:
    if target.order is not None:
        where = [PaymentPlan.order_id == target.order.id]
    else:
        where = [PaymentPlan.contract_id == target.main.id, PaymentPlan.order_id.is_(None)]
    if excluding:
        where.append(PaymentPlan.id != excluding)
    excess = live_sum(ctx, PaymentPlan.amount, *where) + amount - target.total
    if excess > ZERO:
        raise validation_error([FieldError("amount", "payments.plans_exceed_total",
                                           excess=money(excess))])


def create_plan(ctx: Context, obj: ObjectDef, body: Any, _params: Any = None) -> PaymentPlan:
    ctx.permissions.require(obj, "create")
    errors: list[dict[str, Any]] = []
    values = collect(ctx, obj, body_object(body), True, errors)
    target = resolve_target(ctx, values, errors, money=False)
    if errors or target is None:
        raise validation_error(errors)
    target.defaults(values)
    _check_plans_total(ctx, target, values["amount"])
    values.update(status="planned", paid_amount=ZERO)
    row: PaymentPlan = records.insert_record(ctx, obj, values)
    allocate_plans(ctx, target)
    return row


def update_plan(ctx: Context, obj: ObjectDef, plan_id: str, body: Any) -> PaymentPlan:
    row: PaymentPlan = load_visible(ctx, obj, plan_id, "update")
    data = body_object(body)
    records.check_version(row, data)
    errors: list[dict[str, Any]] = []
    values = collect(ctx, obj, data, False, errors)
    target = resolve_target(ctx, values, errors, current=row)
    if errors or target is None:
        raise validation_error(errors)
    if "amount" in values:
        _check_plans_total(ctx, target, values["amount"], excluding=row.id)
    if "due_date" in values and row.status == "overdue" and values["due_date"] >= utcnow().date():
        values["status"] = "partially_paid" if row.paid_amount > ZERO else "planned"
    records.save_changes(ctx, obj, row, values)
    allocate_plans(ctx, target)
    return row


def delete_plan(ctx: Context, obj: ObjectDef, plan_id: str) -> None:
    row: PaymentPlan = load_visible(ctx, obj, plan_id, "delete")
    target = resolve_target(ctx, {}, [], current=row)
    records.delete_record(ctx, obj, plan_id)
    if target is not None:
        allocate_plans(ctx, target)


def _plan_status(plan: PaymentPlan, paid: Decimal) -> str:
    if paid >= plan.amount:
        return "paid"
    if plan.status == "overdue":
        return "overdue"  # stays overdue until paid; only the job marks a plan overdue
    return "partially_paid" if paid > ZERO else "planned"


def allocate_plans(ctx: Context, target: Target) -> None:
    """Fill the target's plans with its paid amount, earliest due date first."""
    if target.order is not None:
        where = [PaymentPlan.order_id == target.order.id]
    else:
        where = [PaymentPlan.contract_id == target.main.id, PaymentPlan.order_id.is_(None)]
    remaining = target.main.paid_amount
    obj = ctx.object("payment_plans")
    plans = ctx.session.scalars(select(PaymentPlan).where(
        PaymentPlan.deleted_at.is_(None), *where)
        .order_by(PaymentPlan.due_date, PaymentPlan.created_at, PaymentPlan.id))
    for plan in list(plans):
        paid = min(plan.amount, max(remaining, ZERO))
        remaining -= paid
        status = _plan_status(plan, paid)
        if paid != plan.paid_amount or status != plan.status:
            records.save_changes(ctx, obj, plan, {"paid_amount": paid, "status": status})


# --- overdue detection (scheduled) ---------------------------------------------------
def mark_overdue_plans(ctx: Context) -> int:
    """Mark the tenant's plans whose due date has passed unpaid as overdue, once, and
    notify each plan's owner. Returns how many were marked."""
    today = utcnow().date()
    obj = ctx.object("payment_plans")
    due = ctx.session.scalars(select(PaymentPlan).where(
        PaymentPlan.deleted_at.is_(None), PaymentPlan.status.in_(OPEN_PLAN_STATUSES),
        PaymentPlan.due_date < today).order_by(PaymentPlan.due_date))
    count = 0
    for plan in list(due):
        records.save_changes(ctx, obj, plan, {"status": "overdue"})
        emit_event(ctx.session, ctx.tenant_id, "payment_plans.overdue",
                   {"id": plan.id, "object": "payment_plans", "order_id": plan.order_id,
                    "contract_id": plan.contract_id, "due_date": plan.due_date.isoformat(),
                    "amount": money(plan.amount), "paid_amount": money(plan.paid_amount)})
        if plan.owner_id:
            params = shown_to(ctx.session, plan.owner_id, "payment_plans", {
                "amount": ("amount", money(plan.amount)),
                "due_date": ("due_date", plan.due_date.isoformat()),
                "paid": ("paid_amount", money(plan.paid_amount))})
            notify(ctx.session, ctx.tenant_id, plan.owner_id, "payment_overdue",
                   "notify.plan_overdue.title", "notify.plan_overdue.body", params=params,
                   object="payment_plans", record_id=plan.id)
        count += 1
    return count


def mark_overdue_job(session: Any, _job: Any) -> None:
    """Runs for every tenant that has plans falling due (one scheduled job)."""
    today = utcnow().date()
    session.info["tenant_id"] = None
    tenant_ids = list(session.scalars(select(PaymentPlan.tenant_id).where(
        PaymentPlan.deleted_at.is_(None), PaymentPlan.status.in_(OPEN_PLAN_STATUSES),
        PaymentPlan.due_date < today).distinct()))
    for tenant_id in tenant_ids:
        try:
            mark_overdue_plans(system_context(session, tenant_id))
        except ProblemError:
            continue  # a tenant without an administrator (being deleted): nothing to do
        finally:
            session.info["tenant_id"] = None


