"""Contracts and orders: numbers, priced lines, the order status flow, balances.

Other modules call :func:`create_order` (a quote converts through it) and
:func:`refresh_balances` after they change money that belongs to an order.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any, cast

from sqlalchemy import delete, select

from salescrm.db.types import utcnow
from salescrm.models import Contract, Invoice, Order, OrderLine, Payment
from salescrm.modules.orders.common import (
    ZERO,
    body_object,
    collect,
    live_sum,
    load_visible,
    lock,
    status_name,
)
from salescrm.modules.orders.numbers import next_number
from salescrm.modules.sales.pricing import check_lines, line_total, money_text, number_text
from salescrm.platform.errors import FieldError, ProblemError, not_found, validation_error
from salescrm.platform.jobs import emit_event
from salescrm.platform.metadata import ObjectDef
from salescrm.platform.records import service as records
from salescrm.platform.tenancy import Context

# Which status may follow which. submitted/approved/rejected come from approvals only.
TRANSITIONS: dict[str, frozenset[str]] = {
    "draft": frozenset({"submitted", "cancelled"}),
    "submitted": frozenset({"approved", "rejected", "draft"}),  # draft = withdrawn
    "rejected": frozenset({"draft", "submitted", "cancelled"}),
    "approved": frozenset({"fulfilled", "cancelled"}),
    "fulfilled": frozenset(),
    "cancelled": frozenset(),
}
BY_APPROVAL = frozenset({"submitted", "approved", "rejected"})
# The commercial terms: changeable only while the order is a draft.
TERMS = ("account_id", "contract_id", "currency")
# Orders that count as ordered (in totals and reports): confirmed or awaiting approval.
ORDERED_STATUSES = ("submitted", "approved", "fulfilled")
# Money (payments, invoices) is booked only against a confirmed order (issue 10.8); a
# payment plan is a schedule, not money, and may be drafted before the order is approved.
PAYABLE = frozenset({"approved", "fulfilled"})
NOT_PAYABLE = frozenset({"cancelled", "rejected"})  # not even a plan
# A contract booked directly (no order) takes money once it is in force; not a draft
# or a terminated one (an expired contract still collects what is owed).
CONTRACT_NOT_PAYABLE = frozenset({"draft", "terminated"})
CONTRACT_NO_PLANS = frozenset({"terminated"})


# --- numbers -------------------------------------------------------------------------
def _check_number(ctx: Context, model: Any, number: str, own_id: str | None = None) -> None:
    clash = ctx.session.scalar(select(model.id).where(
        model.number == number, model.deleted_at.is_(None),
        *([model.id != own_id] if own_id else [])).limit(1))
    if clash is not None:
        raise ProblemError(409, "orders.number_taken", number=number,
                           errors=[FieldError("number", "orders.number_taken", number=number)])


# --- contracts -----------------------------------------------------------------------
def _contract_checks(values: dict[str, Any], current: Any, errors: list[dict[str, Any]]) -> None:
    start = values.get("start_date", getattr(current, "start_date", None))
    end = values.get("end_date", getattr(current, "end_date", None))
    if start and end and end < start:
        errors.append(FieldError("end_date", "orders.dates_order"))


def create_contract(ctx: Context, obj: ObjectDef, body: Any, _params: Any = None) -> Contract:
    ctx.permissions.require(obj, "create")
    errors: list[dict[str, Any]] = []
    values = collect(ctx, obj, body_object(body), True, errors)
    _contract_checks(values, None, errors)
    if errors:
        raise validation_error(errors)
    if values.get("number"):
        _check_number(ctx, Contract, values["number"])
    else:
        values["number"] = next_number(ctx, "HT")
    values["receivable"] = values.get("amount") or ZERO
    return cast("Contract", records.insert_record(ctx, obj, values))


def delete_contract(ctx: Context, obj: ObjectDef, contract_id: str) -> None:
    """To the recycle bin, unless orders or money are still booked against it."""
    load_visible(ctx, obj, contract_id, "delete")
    for model in (Order, Payment, Invoice):
        if ctx.session.scalar(select(model.id).where(model.contract_id == contract_id,
                                                     model.deleted_at.is_(None)).limit(1)):
            raise ProblemError(409, "error.in_use")
    records.delete_record(ctx, obj, contract_id)


def update_contract(ctx: Context, obj: ObjectDef, contract_id: str, body: Any) -> Contract:
    row = load_visible(ctx, obj, contract_id, "update")
    data = body_object(body)
    records.check_version(row, data)
    errors: list[dict[str, Any]] = []
    values = collect(ctx, obj, data, False, errors)
    _contract_checks(values, row, errors)
    if "number" in values and not values["number"]:
        errors.append(FieldError("number", "field.required"))
    if errors:
        raise validation_error(errors)
    if values.get("number") and values["number"] != row.number:
        _check_number(ctx, Contract, values["number"], row.id)
    if "amount" in values:
        values["receivable"] = (values["amount"] or ZERO) - row.paid_amount
    return cast("Contract", records.save_changes(ctx, obj, row, values))


# --- order lines ---------------------------------------------------------------------
def _products(ctx: Context, ids: set[str]) -> tuple[str, dict[str, Any]] | None:
    """The products object's label and its visible rows by id (name, list price);
    None while no products module is installed."""
    try:
        pobj = ctx.object("products")
    except ProblemError:
        return None
    if not ids:
        return pobj.label(ctx.locale), {}
    model = pobj.model
    price = getattr(model, "price", None)
    rows = ctx.session.execute(select(model.id, model.name, *([price] if price else [])).where(
        model.id.in_(sorted(ids)), *records.base_criteria(ctx, pobj))).all()
    return pobj.label(ctx.locale), {r[0]: r for r in rows}


def checked_lines(ctx: Context, raw: Any, errors: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Validate order lines (quantity > 0, discount 0–100, prices, visible products);
    a line without a unit price takes the product's list price."""
    lines, line_errors = check_lines(raw, require_unit_price=False)
    errors.extend(line_errors)
    bad = {e["field"] for e in line_errors}
    found = _products(ctx, {ln["product_id"] for ln in lines
                            if isinstance(ln.get("product_id"), str) and ln["product_id"]})
    label, products = found if found is not None else ("", {})
    for i, line in enumerate(lines):
        product_id = line.get("product_id")
        product = products.get(product_id) if isinstance(product_id, str) else None
        missing = bool(product_id) and product is None and found is not None
        if missing and f"lines.{i}.product_id" not in bad:
            errors.append(FieldError(f"lines.{i}.product_id", "field.lookup", target=label))
        # A product that is not found has no price to miss: its lookup error says it all.
        if line.get("unit_price") is None and f"lines.{i}.unit_price" not in bad and (
                not missing):
            price = product[2] if product is not None and len(product) > 2 else None
            if price is None:
                errors.append(FieldError(f"lines.{i}.unit_price", "orders.unit_price_unknown"))
            line["unit_price"] = price
        if product is not None and not line.get("description"):
            line["description"] = product[1]
    return lines


def lines_total(lines: list[dict[str, Any]]) -> Decimal:
    total = ZERO
    for line in lines:
        total += line_total(line["quantity"], line["unit_price"], line["discount"])
    return total


def line_json(line: dict[str, Any]) -> dict[str, Any]:
    """A checked line as the order shows it: decimal strings and its amount."""
    amount = line_total(line["quantity"], line["unit_price"], line["discount"])
    return {"product_id": line.get("product_id"), "description": line.get("description"),
            "quantity": number_text(line["quantity"]),
            "unit_price": money_text(line["unit_price"]),
            "discount": number_text(line["discount"]), "amount": money_text(amount)}


def _write_lines(ctx: Context, order: Order, lines: list[dict[str, Any]]) -> None:
    ctx.session.execute(delete(OrderLine).where(OrderLine.order_id == order.id)
                        .execution_options(synchronize_session=False))
    for position, line in enumerate(lines):
        ctx.session.add(OrderLine(
            tenant_id=ctx.tenant_id, order_id=order.id, position=position,
            product_id=line.get("product_id"), description=line.get("description"),
            quantity=line["quantity"], unit_price=line["unit_price"],
            discount=line["discount"],
            amount=line_total(line["quantity"], line["unit_price"], line["discount"])))
    ctx.session.flush()


# --- orders --------------------------------------------------------------------------
def _order_checks(ctx: Context, values: dict[str, Any], current: Order | None,
                  errors: list[dict[str, Any]]) -> None:
    contract_id = values.get("contract_id", getattr(current, "contract_id", None))
    account_id = values.get("account_id", getattr(current, "account_id", None))
    if contract_id and account_id and ("contract_id" in values or "account_id" in values):
        contract = ctx.session.get(Contract, contract_id)
        if contract is not None and contract.account_id != account_id:
            errors.append(FieldError("contract_id", "orders.contract_account"))


def create_order(ctx: Context, body: Any, params: Any = None) -> Order:
    """Create a draft order with its lines; ``body`` is the API.md order body.

    Quotes convert through this (passing ``quote_id``). Raises 422 naming every bad
    field (``lines.0.quantity`` …), 409 for a number already used.
    """
    obj = ctx.object("orders")
    ctx.permissions.require(obj, "create")
    data = body_object(body)
    raw_lines = data.pop("lines", None)
    errors: list[dict[str, Any]] = []
    values = collect(ctx, obj, data, True, errors)
    lines = checked_lines(ctx, raw_lines if raw_lines is not None else [], errors)
    if values.get("status") not in (None, "draft"):
        errors.append(FieldError("status", "orders.create_as_draft"))
    _order_checks(ctx, values, None, errors)
    if errors:
        raise validation_error(errors)
    if values.get("number"):
        _check_number(ctx, Order, values["number"])
    else:
        values["number"] = next_number(ctx, "SO")
    total = lines_total(lines)
    values.update(status="draft", total=total, receivable=total,
                  lines=[line_json(ln) for ln in lines])
    if not values.get("ordered_on"):
        values["ordered_on"] = utcnow().date()
    row: Order = records.insert_record(ctx, obj, values)
    _write_lines(ctx, row, lines)
    return row


def _check_transition(current: str, target: str) -> None:
    if target not in TRANSITIONS.get(current, frozenset()):
        raise ProblemError(409, "orders.bad_transition", current=status_name("orders", current),
                           target=status_name("orders", target))


def update_order(ctx: Context, obj: ObjectDef, order_id: str, body: Any) -> Order:
    row: Order = load_visible(ctx, obj, order_id, "update")
    data = body_object(body)
    records.check_version(row, data)
    if row.status in ("submitted", "fulfilled", "cancelled"):
        raise ProblemError(409, "orders.locked", state=status_name("orders", row.status))
    raw_lines = data.pop("lines", None)
    errors: list[dict[str, Any]] = []
    values = collect(ctx, obj, data, False, errors)
    lines = checked_lines(ctx, raw_lines, errors) if raw_lines is not None else None
    if "number" in values and not values["number"]:
        errors.append(FieldError("number", "field.required"))
    _order_checks(ctx, values, row, errors)
    if errors:
        raise validation_error(errors)
    changing_terms = lines is not None or any(
        k in values and values[k] != getattr(row, k) for k in TERMS)
    if changing_terms and row.status != "draft":
        raise ProblemError(409, "orders.lines_locked",
                           state=status_name("orders", row.status))
    if values.get("account_id", row.account_id) != row.account_id and (
            row.paid_amount != ZERO or row.invoiced_amount != ZERO):
        # Its payments and invoices belong to the customer who paid.
        raise ProblemError(409, "orders.has_payments", paid=f"{row.paid_amount:.2f}")
    target = values.get("status", row.status)
    if target != row.status:
        if target in BY_APPROVAL:
            raise ProblemError(409, "orders.status_by_approval",
                                target=status_name("orders", target))
        _status_side_effects(row, target, values)
    elif "status" in values:
        del values["status"]
    if values.get("number") and values["number"] != row.number:
        _check_number(ctx, Order, values["number"], row.id)
    if lines is not None:
        _write_lines(ctx, row, lines)
        values["lines"] = [line_json(ln) for ln in lines]
        values["total"] = lines_total(lines)
        values["receivable"] = values["total"] - row.paid_amount
    return cast("Order", records.save_changes(ctx, obj, row, values))


def _status_side_effects(row: Order, target: str, values: dict[str, Any]) -> None:
    """Validate a status change and add what goes with it to ``values``."""
    _check_transition(row.status, target)
    if target == "cancelled" and row.paid_amount != ZERO:
        raise ProblemError(409, "orders.has_payments", paid=f"{row.paid_amount:.2f}")
    values["status"] = target
    if target == "approved":
        values["approved_at"] = utcnow()
    elif target == "fulfilled":
        values["fulfilled_at"] = utcnow()


def change_status(ctx: Context, order_id: str, target: str, *, scoped: bool = True) -> Order:
    """Move an order to ``target`` (409 when the flow does not allow it).

    Approval hooks pass ``scoped=False``: the approver acts on the order whatever
    their own data scope is.
    """
    obj = ctx.object("orders")
    row = load_visible(ctx, obj, order_id, "update") if scoped else lock(ctx, Order, order_id)
    if row is None:
        raise not_found()
    values: dict[str, Any] = {}
    _status_side_effects(row, target, values)
    records.save_changes(ctx, obj, row, values)
    if target == "approved":
        emit_event(ctx.session, ctx.tenant_id, "orders.approved",
                   {"id": row.id, "object": "orders", "number": row.number,
                    "account_id": row.account_id, "total": f"{row.total:.2f}"})
    return cast("Order", row)


def fulfill_order(ctx: Context, order_id: str) -> Order:
    return change_status(ctx, order_id, "fulfilled")


def cancel_order(ctx: Context, order_id: str) -> Order:
    return change_status(ctx, order_id, "cancelled")


def delete_order(ctx: Context, obj: ObjectDef, order_id: str) -> None:
    """To the recycle bin, unless money is booked against it or approval is pending."""
    row: Order = load_visible(ctx, obj, order_id, "delete")
    if row.status == "submitted":
        raise ProblemError(409, "orders.locked", state=status_name("orders", row.status))
    if row.paid_amount != ZERO or row.invoiced_amount != ZERO:
        raise ProblemError(409, "orders.has_payments", paid=f"{row.paid_amount:.2f}")
    records.delete_record(ctx, obj, order_id)


def submit_check(ctx: Context, order_id: str) -> None:
    """Before an order goes to approval: a draft (or rejected) order with lines."""
    obj = ctx.object("orders")
    row = records.load_for_write(ctx, obj, order_id)
    if row.status not in ("draft", "rejected"):
        raise ProblemError(409, "orders.bad_transition",
                           current=status_name("orders", row.status),
                           target=status_name("orders", "submitted"))
    if not row.lines:
        raise validation_error([FieldError("lines", "orders.no_lines")])


# --- balances ------------------------------------------------------------------------
def refresh_balances(ctx: Context, order: Order | None = None,
                     contract: Contract | None = None) -> None:
    """Recompute paid, invoiced and receivable of an order and/or a contract from the
    live payments and non-voided invoices (the caller holds the row locks)."""
    if order is not None:
        paid = live_sum(ctx, Payment.amount, Payment.order_id == order.id)
        invoiced = live_sum(ctx, Invoice.amount, Invoice.order_id == order.id,
                            Invoice.status != "voided")
        records.save_changes(ctx, ctx.object("orders"), order, {
            "paid_amount": paid, "invoiced_amount": invoiced,
            "receivable": order.total - paid})
    if contract is not None:
        paid = live_sum(ctx, Payment.amount, Payment.contract_id == contract.id)
        invoiced = live_sum(ctx, Invoice.amount, Invoice.contract_id == contract.id,
                            Invoice.status != "voided")
        records.save_changes(ctx, ctx.object("contracts"), contract, {
            "paid_amount": paid, "invoiced_amount": invoiced,
            "receivable": contract.amount - paid})
