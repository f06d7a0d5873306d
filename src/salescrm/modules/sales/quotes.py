"""Quotes: priced lines with discounts, totals in Decimal, and quote → order.

Lines are stored as JSON with decimal strings; a line without a unit price takes
it from the quote's price book (then the standard book, then the product's list
price). Totals use :mod:`salescrm.modules.sales.pricing`, the same arithmetic as
orders. Lines can only change while the quote is a draft.
"""

from __future__ import annotations

from typing import Any, cast

from sqlalchemy import select

from salescrm.models import Opportunity, Quote
from salescrm.modules.sales.catalog import check_currency, prices_for, products_by_id
from salescrm.modules.sales.pipelines import without_fields
from salescrm.modules.sales.pricing import check_lines, line_to_json, quote_total
from salescrm.platform.errors import FieldError, ProblemError, body_object, validation_error
from salescrm.platform.metadata import ObjectDef
from salescrm.platform.records import service as records
from salescrm.platform.tenancy import Context


def priced_lines(ctx: Context, raw: Any, price_book_id: str | None,
                 field: str = "lines") -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """Check lines, resolve products and missing unit prices; JSON-ready lines."""
    lines, errors = check_lines(raw, field, require_unit_price=False)
    if errors:
        return [], errors
    products = products_by_id(ctx, [ln["product_id"] for ln in lines if ln["product_id"]])
    prices = prices_for(ctx, products, price_book_id)
    label = ctx.object("products").label(ctx.locale)
    out: list[dict[str, Any]] = []
    for i, line in enumerate(lines):
        pid = line["product_id"]
        product = products.get(pid) if pid else None
        if pid and product is None:
            errors.append(FieldError(f"{field}.{i}.product_id", "field.lookup", target=label))
            continue
        if product is not None and not product.is_active:
            errors.append(FieldError(f"{field}.{i}.product_id", "sales.product_inactive"))
            continue
        if line["unit_price"] is None:
            line["unit_price"] = prices.get(pid) if pid else None
            if line["unit_price"] is None:
                key = "sales.product_no_price" if pid else "field.required"
                errors.append(FieldError(f"{field}.{i}.unit_price", key))
                continue
        if product is not None:
            line["product_name"] = product.name
            line["product_code"] = product.code
        out.append(line_to_json(line))
    return out, errors


def _set_lines(values: dict[str, Any], lines: list[dict[str, Any]]) -> None:
    values["lines"] = lines
    totals = quote_total(lines)
    values["subtotal"] = totals.subtotal
    values["discount_total"] = totals.discount_total
    values["total"] = totals.total


def _opportunity(ctx: Context, opportunity_id: Any) -> Opportunity | None:
    if not isinstance(opportunity_id, str) or len(opportunity_id) > 64:
        return None
    obj = ctx.object("opportunities")
    return ctx.session.scalar(select(Opportunity).where(Opportunity.id == opportunity_id,
                                                        *records.base_criteria(ctx, obj)))


def _check_account(ctx: Context, values: dict[str, Any], row: Quote | None
                   ) -> list[dict[str, Any]]:
    opp_id = values.get("opportunity_id", row.opportunity_id if row else None)
    account_id = values.get("account_id", row.account_id if row else None)
    opp = _opportunity(ctx, opp_id) if opp_id else None
    if opp is not None and account_id and opp.account_id != account_id:
        return [FieldError("opportunity_id", "sales.quote_account_mismatch")]
    return []


def create_quote(ctx: Context, obj: ObjectDef, body: Any, _params: Any = None) -> Quote:
    ctx.permissions.require(obj, "create")
    rest = dict(body_object(body))
    raw_lines = rest.pop("lines", None)
    if rest.get("account_id") is None and rest.get("opportunity_id"):
        opp = _opportunity(ctx, rest["opportunity_id"])
        if opp is not None:
            rest["account_id"] = opp.account_id
    errors: list[dict[str, Any]] = []
    values: dict[str, Any] = {}
    try:
        values = records.validate(ctx, without_fields(obj, "lines"), rest, creating=True)
        check_currency(values, creating=True)
    except ProblemError as exc:
        errors.extend(exc.errors)
    lines, line_errors = priced_lines(ctx, raw_lines if raw_lines is not None else [],
                                      values.get("price_book_id"))
    errors.extend(line_errors)
    errors.extend(_check_account(ctx, values, None))
    if errors:
        raise validation_error(errors)
    values["status"] = values.get("status") or "draft"
    _set_lines(values, lines)
    return cast("Quote", records.insert_record(ctx, obj, values))


def update_quote(ctx: Context, obj: ObjectDef, quote_id: str, body: Any) -> Quote:
    ctx.permissions.require(obj, "read")
    row: Quote = records.load_for_write(ctx, obj, quote_id)
    ctx.permissions.require(obj, "update")
    rest = dict(body_object(body))
    records.check_version(row, rest)
    has_lines = "lines" in rest
    raw_lines = rest.pop("lines", None)
    values = records.validate(ctx, without_fields(obj, "lines"), rest, creating=False,
                              current=row)
    check_currency(values, creating=False)
    errors: list[dict[str, Any]] = []
    for name in ("account_id", "status"):
        if name in values and values[name] is None:
            errors.append(FieldError(name, "field.required"))
    errors.extend(_check_account(ctx, values, row))
    if errors:
        raise validation_error(errors)
    if has_lines:
        if row.status != "draft" or row.order_id:
            raise ProblemError(409, "sales.quote_locked", state=row.status,
                               errors=[FieldError("lines", "sales.quote_locked",
                                                  state=row.status)])
        lines, line_errors = priced_lines(ctx, raw_lines,
                                          values.get("price_book_id", row.price_book_id))
        if line_errors:
            raise validation_error(line_errors)
        _set_lines(values, lines)
    return cast("Quote", records.save_changes(ctx, obj, row, values))


def convert_to_order(ctx: Context, quote_id: str, body: Any = None) -> dict[str, Any]:
    """``POST /quotes/{id}/convert_to_order``: an order with the quote's lines.

    The quote becomes ``accepted`` and remembers its order; converting twice → 409.
    """
    obj = ctx.object("quotes")
    ctx.permissions.require(obj, "read")
    row: Quote = records.load_for_write(ctx, obj, quote_id)
    ctx.permissions.require(obj, "update")
    extra = dict(body_object(body)) if body is not None else {}
    if row.order_id:
        raise ProblemError(409, "sales.quote_converted", extra={"order_id": row.order_id})
    if row.status == "rejected":
        raise ProblemError(403, "sales.quote_rejected")
    if not row.lines:
        raise validation_error([FieldError("lines", "sales.quote_no_lines")])
    try:
        from salescrm.modules.orders.service import create_order
    except ImportError as exc:
        raise ProblemError(501, "sales.orders_unavailable") from exc
    order_body: dict[str, Any] = {
        "account_id": row.account_id, "opportunity_id": row.opportunity_id,
        "quote_id": row.id, "currency": row.currency,
        "lines": [{k: line[k] for k in ("product_id", "quantity", "unit_price", "discount")}
                  for line in row.lines],
    }
    # The caller may add order fields (contract_id, ordered_on …); lines come from the quote.
    order_body.update({k: v for k, v in extra.items() if k not in ("lines", "quote_id")})
    order = create_order(ctx, {k: v for k, v in order_body.items() if v is not None})
    records.save_changes(ctx, obj, row, {"order_id": order.id, "status": "accepted"})
    return {"order_id": order.id, "quote_id": row.id}
