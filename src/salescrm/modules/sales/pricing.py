"""Line and document arithmetic shared by quotes and orders, in Decimal only.

A line is worth ``quantity × unit_price × (1 − discount/100)``, rounded to cents
half-up; the document total is the sum of its rounded lines, so what a customer
sees on each line adds up to the total exactly. ``subtotal`` is the sum of the
undiscounted lines (each rounded) and ``discount_total = subtotal − total``.

Nothing here touches the database: orders import ``check_lines`` and
``quote_total`` so both documents agree to the cent.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Any

from salescrm.platform.errors import FieldError
from salescrm.platform.records.openapi import NOT_BLANK
from salescrm.platform.records.values import BLANK_CLASS, DECIMAL_TEXT, trim

CENT = Decimal("0.01")
HUNDRED = Decimal("100")
MAX_QUANTITY = Decimal("1000000000")
MAX_UNIT_PRICE = Decimal("1000000000000")
QUANTITY_PLACES = 4  # kilograms, metres, hours: fractional quantities are allowed
DISCOUNT_PLACES = 4
LINE_KEYS = ("product_id", "quantity", "unit_price", "discount", "description")


def to_cents(value: Decimal) -> Decimal:
    return value.quantize(CENT, rounding=ROUND_HALF_UP)


def money_text(value: Decimal) -> str:
    return f"{to_cents(value):.2f}"


def number_text(value: Decimal) -> str:
    """A decimal as plain text without exponent or trailing zeros ("2", "2.5")."""
    return format(value.normalize(), "f")


@dataclass(frozen=True)
class LineAmounts:
    gross: Decimal  # quantity × unit price, rounded
    discount: Decimal  # gross − net
    net: Decimal  # what the line is worth


@dataclass(frozen=True)
class Totals:
    subtotal: Decimal
    discount_total: Decimal
    total: Decimal

    def as_json(self) -> dict[str, str]:
        return {"subtotal": money_text(self.subtotal),
                "discount_total": money_text(self.discount_total),
                "total": money_text(self.total)}


def _dec(value: Any) -> Decimal:
    if isinstance(value, Decimal):
        return value
    if isinstance(value, bool) or value is None:
        raise ValueError("not a number")
    return Decimal(str(value))


def line_amounts(quantity: Any, unit_price: Any, discount: Any = 0) -> LineAmounts:
    """The amounts of one line; ``discount`` is a percentage 0–100."""
    qty, price = _dec(quantity), _dec(unit_price)
    pct = _dec(discount if discount is not None else 0)
    gross = to_cents(qty * price)
    net = to_cents(qty * price * (HUNDRED - pct) / HUNDRED)
    return LineAmounts(gross=gross, discount=gross - net, net=net)


def line_total(quantity: Any, unit_price: Any, discount: Any = 0) -> Decimal:
    """``quantity × unit_price × (1 − discount/100)`` rounded to cents, half-up."""
    return line_amounts(quantity, unit_price, discount).net


def quote_total(lines: Iterable[Mapping[str, Any]]) -> Totals:
    """Subtotal, discount total and total of lines ``{"quantity","unit_price","discount"}``.

    Values may be Decimal, int or decimal strings (never float in our own code).
    """
    subtotal = Decimal("0.00")
    total = Decimal("0.00")
    for line in lines:
        amounts = line_amounts(line["quantity"], line["unit_price"], line.get("discount"))
        subtotal += amounts.gross
        total += amounts.net
    return Totals(subtotal=subtotal, discount_total=subtotal - total, total=total)


# Orders call it too: same name, same arithmetic.
order_total = quote_total


def _parse(raw: Any, places: int) -> Decimal | None:
    """A finite decimal, not below zero as written, with at most ``places`` decimals, or
    None when it is not one. Text is plain decimal text (``values.DECIMAL_TEXT``)."""
    if isinstance(raw, bool) or not isinstance(raw, (int, str, Decimal, float)):
        return None
    if isinstance(raw, str):
        raw = trim(raw)
        if not DECIMAL_TEXT.fullmatch(raw) or raw.startswith("-"):
            return None
    try:
        value = Decimal(str(raw))
    except InvalidOperation:
        return None
    if not value.is_finite() or value.as_tuple().exponent < -places:  # type: ignore[operator]
        return None
    return abs(value) if value == 0 else value  # -0.0 is zero


# The JSON Schema of a line as ``check_line`` reads it (OpenAPI of quotes and orders).
_B = BLANK_CLASS
_DECIMAL = r"(\.[0-9]{1,%d})?"
QUANTITY_SCHEMA = {"description": "> 0, at most 1e9, up to 4 decimals", "oneOf": [
    {"type": "string", "pattern": rf"^[{_B}]*0*([1-9][0-9]{{0,8}}{_DECIMAL % 4}"
                                  rf"|1000000000(\.0{{1,4}})?"
                                  r"|0\.([1-9][0-9]{0,3}|0[1-9][0-9]{0,2}|00[1-9][0-9]?|000[1-9])"
                                  rf")[{_B}]*$"},
    {"type": "number", "exclusiveMinimum": 0, "maximum": 1e9, "multipleOf": 0.0001}]}
UNIT_PRICE_SCHEMA = {"description": ">= 0, at most 1e12, 2 decimals", "oneOf": [
    {"type": "string", "pattern": rf"^[{_B}]*0*([0-9]{{1,12}}{_DECIMAL % 2}"
                                  rf"|1000000000000(\.0{{1,2}})?)[{_B}]*$"},
    {"type": "number", "minimum": 0, "maximum": 1e12, "multipleOf": 0.01}]}
DISCOUNT_SCHEMA = {"description": "percent, 0–100, up to 4 decimals", "oneOf": [
    {"type": "string", "pattern": rf"^[{_B}]*(0*[0-9]{{1,2}}{_DECIMAL % 4}|0*100(\.0{{1,4}})?"
                                  rf"|[{_B}]*)[{_B}]*$"},
    {"type": "number", "minimum": 0, "maximum": 100, "multipleOf": 0.0001}]}
PRODUCT_ID_SCHEMA = {"type": "string", "maxLength": 64, "pattern": NOT_BLANK}
LINES_SCHEMA = {"type": "array", "maxItems": 500, "items": {
    "type": "object", "required": ["quantity"], "additionalProperties": False,
    # Without a product the line must name its price.
    "anyOf": [{"required": ["unit_price"], "properties": {"unit_price": UNIT_PRICE_SCHEMA}},
              {"required": ["product_id"], "properties": {"product_id": PRODUCT_ID_SCHEMA}}],
    "properties": {
        "product_id": {"anyOf": [PRODUCT_ID_SCHEMA, {"type": "null"}]},
        "quantity": QUANTITY_SCHEMA,
        "unit_price": {"anyOf": [UNIT_PRICE_SCHEMA, {"type": "null"}],
                       "description": "From the price book or the product when omitted"},
        "discount": {"anyOf": [DISCOUNT_SCHEMA, {"type": "null"}]},
        "description": {"anyOf": [{"type": "string", "maxLength": 500,
                                   "pattern": r"^[^\x00]*$"}, {"type": "null"}]},
        "amount": {"description": "Read-only: quantity × unit_price × (1 − discount/100), "
                                  "cents half-up (ignored when sent)"},
        "product_name": {"description": "Read-only (ignored when sent)"},
        "product_code": {"description": "Read-only (ignored when sent)"},
    }}}


def check_line(raw: Any, index: int, field: str = "lines", *,
               require_unit_price: bool = True) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """Validate one line; errors name ``lines.<i>.<key>``. Returns Decimal values."""
    at = f"{field}.{index}"
    if not isinstance(raw, dict):
        return {}, [FieldError(at, "error.body_not_object")]
    errors: list[dict[str, Any]] = []
    line: dict[str, Any] = {}
    for key in raw:
        if key not in LINE_KEYS and key not in ("amount", "product_name", "product_code"):
            errors.append(FieldError(f"{at}.{str(key)[:64]}", "field.unknown"))
    product_id = raw.get("product_id")
    if product_id is not None and (not isinstance(product_id, str) or not trim(product_id)
                                   or len(product_id) > 64 or "\x00" in product_id):
        errors.append(FieldError(f"{at}.product_id", "field.type_text"))
    elif product_id is not None:
        product_id = trim(product_id)
    line["product_id"] = product_id
    qty = _parse(raw.get("quantity"), QUANTITY_PLACES)
    if raw.get("quantity") is None:
        errors.append(FieldError(f"{at}.quantity", "field.required"))
    elif qty is None:
        errors.append(FieldError(f"{at}.quantity", "sales.quantity_invalid",
                                 places=QUANTITY_PLACES))
    elif qty <= 0 or qty > MAX_QUANTITY:
        errors.append(FieldError(f"{at}.quantity", "sales.quantity_positive"))
    line["quantity"] = qty
    price_raw = raw.get("unit_price")
    price = _parse(price_raw, 2)
    if price_raw is None:
        if require_unit_price:
            errors.append(FieldError(f"{at}.unit_price", "field.required"))
    elif price is None:
        errors.append(FieldError(f"{at}.unit_price", "field.type_money"))
    elif price < 0 or price > MAX_UNIT_PRICE:
        errors.append(FieldError(f"{at}.unit_price", "sales.price_negative"))
    line["unit_price"] = price
    disc_raw = raw.get("discount")
    no_discount = disc_raw is None or (isinstance(disc_raw, str) and not trim(disc_raw))
    discount = Decimal("0") if no_discount else _parse(disc_raw, DISCOUNT_PLACES)
    if discount is None or not Decimal("0") <= discount <= HUNDRED:
        errors.append(FieldError(f"{at}.discount", "sales.discount_range"))
    line["discount"] = discount
    description = raw.get("description")
    if description is not None and (not isinstance(description, str) or len(description) > 500
                                    or "\x00" in description):
        errors.append(FieldError(f"{at}.description", "field.too_long", max=500))
    line["description"] = description
    return line, errors


def check_lines(raw: Any, field: str = "lines", *, require_unit_price: bool = True,
                max_lines: int = 500) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """Validate a list of lines; every problem is reported, each naming its field."""
    if not isinstance(raw, list):
        return [], [FieldError(field, "field.type_list")]
    if len(raw) > max_lines:
        return [], [FieldError(field, "sales.too_many_lines", max=max_lines)]
    lines: list[dict[str, Any]] = []
    errors: list[dict[str, Any]] = []
    for i, item in enumerate(raw):
        line, errs = check_line(item, i, field, require_unit_price=require_unit_price)
        lines.append(line)
        errors.extend(errs)
    return lines, errors


def line_to_json(line: Mapping[str, Any]) -> dict[str, Any]:
    """A checked line as stored and served: numbers as decimal strings, with its amount."""
    amounts = line_amounts(line["quantity"], line["unit_price"], line.get("discount"))
    out: dict[str, Any] = {
        "product_id": line.get("product_id"),
        "quantity": number_text(_dec(line["quantity"])),
        "unit_price": money_text(_dec(line["unit_price"])),
        "discount": number_text(_dec(line.get("discount") or 0)),
        "amount": money_text(amounts.net),
    }
    for extra in ("description", "product_name", "product_code"):
        if line.get(extra) is not None:
            out[extra] = line[extra]
    return out
