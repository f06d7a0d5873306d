"""Invoices (开票) against an order or a contract.

Non-voided invoices of an order never add up to more than its total (of a contract
booked directly, its amount): a request that would is a 422 on ``amount``.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from salescrm.db.types import utcnow
from salescrm.models import Invoice
from salescrm.modules.orders.billing import Target, resolve_target
from salescrm.modules.orders.common import (
    ZERO,
    body_object,
    collect,
    live_sum,
    load_visible,
    money,
    status_name,
)
from salescrm.modules.orders.service import refresh_balances
from salescrm.platform.errors import FieldError, ProblemError, validation_error
from salescrm.platform.metadata import ObjectDef
from salescrm.platform.records import service as records
from salescrm.platform.tenancy import Context

TRANSITIONS = {"requested": {"issued", "voided"}, "issued": {"voided"}, "voided": set()}
# What may still change once an invoice is issued (the tax office has its amount).
AFTER_ISSUE = {"status", "number", "issued_on", "description"}


def _check_total(ctx: Context, target: Target, amount: Decimal,
                 excluding: str | None = None) -> None:
    where = [Invoice.status != "voided"]
    where.append(Invoice.order_id == target.order.id if target.order is not None
                 else Invoice.contract_id == target.main.id)
    if excluding:
        where.append(Invoice.id != excluding)
    invoiced = live_sum(ctx, Invoice.amount, *where)
    excess = invoiced + amount - target.total
    if excess > ZERO:
        raise validation_error([FieldError(
            "amount", "invoices.exceeds_total", excess=money(excess),
            available=money(max(target.total - invoiced, ZERO)))])


def _check_fields(values: dict[str, Any], current: Invoice | None,
                  errors: list[dict[str, Any]]) -> None:
    kind = values.get("type", getattr(current, "type", None))
    tax_number = values.get("tax_number", getattr(current, "tax_number", None))
    if kind == "special" and not tax_number:
        errors.append(FieldError("tax_number", "invoices.tax_number_required"))


def create_invoice(ctx: Context, obj: ObjectDef, body: Any, _params: Any = None) -> Invoice:
    ctx.permissions.require(obj, "create")
    errors: list[dict[str, Any]] = []
    values = collect(ctx, obj, body_object(body), True, errors)
    _check_fields(values, None, errors)
    if values.get("status") == "voided":
        errors.append(FieldError("status", "invoices.bad_transition", current="—",
                                 target=status_name("invoices", "voided")))
    target = resolve_target(ctx, values, errors)
    if errors or target is None:
        raise validation_error(errors)
    target.defaults(values)
    if values.get("status") == "issued" and not values.get("issued_on"):
        values["issued_on"] = utcnow().date()
    _check_total(ctx, target, values["amount"])
    row: Invoice = records.insert_record(ctx, obj, values)
    refresh_balances(ctx, target.order, target.contract)
    return row


def update_invoice(ctx: Context, obj: ObjectDef, invoice_id: str, body: Any) -> Invoice:
    row: Invoice = load_visible(ctx, obj, invoice_id, "update")
    data = body_object(body)
    records.check_version(row, data)
    errors: list[dict[str, Any]] = []
    values = collect(ctx, obj, data, False, errors)
    _check_fields(values, row, errors)
    target = resolve_target(ctx, values, errors, current=row)
    if errors or target is None:
        raise validation_error(errors)
    changed = {k for k, v in values.items()
               if v != records.stored_value(obj, obj.fields[k], row)}
    status = values.get("status", row.status)
    if status != row.status and status not in TRANSITIONS[row.status]:
        raise ProblemError(409, "invoices.bad_transition",
                           current=status_name("invoices", row.status),
                           target=status_name("invoices", status))
    if row.status != "requested" and changed - AFTER_ISSUE:
        raise ProblemError(409, "invoices.locked", state=status_name("invoices", row.status))
    if status == "issued" and not values.get("issued_on", row.issued_on):
        values["issued_on"] = utcnow().date()
    if "amount" in changed and status != "voided":
        _check_total(ctx, target, values["amount"], excluding=row.id)
    records.save_changes(ctx, obj, row, values)
    refresh_balances(ctx, target.order, target.contract)
    return row


def delete_invoice(ctx: Context, obj: ObjectDef, invoice_id: str) -> None:
    row: Invoice = load_visible(ctx, obj, invoice_id, "delete")
    if row.status == "issued":
        raise ProblemError(409, "invoices.issued_no_delete")
    target = resolve_target(ctx, {}, [], current=row)
    records.delete_record(ctx, obj, invoice_id)
    if target is not None:
        refresh_balances(ctx, target.order, target.contract)
