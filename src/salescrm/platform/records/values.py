"""Coerce and check one field value against its FieldDef. Shared by every write
path (API, import, automation) and by list filters, so they agree on types."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime
from decimal import Decimal, InvalidOperation
from typing import Any

from salescrm.platform.errors import FieldError
from salescrm.platform.metadata import FieldDef

# What counts as blank around a value: every Unicode space. Python's ``\s`` and the
# ECMAScript ``\s`` of JSON Schema patterns differ (U+001C–U+001F, U+0085, U+FEFF), so
# the server trims exactly this set and the OpenAPI patterns spell the same class out.
BLANK_CLASS = (r"\t\n\x0b\x0c\r\x1c-\x1f \x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f"
               r"\u205f\u3000\ufeff")
BLANKS = "".join(chr(c) for c in range(0x110000)
                 if re.fullmatch(f"[{BLANK_CLASS}]", chr(c)))
# Formats of text-like types, as patterns both Python and JSON Schema read alike (no
# ``\s``, no ``\d``: they mean other characters in the two dialects).
FORMATS = {"email": rf"[^@{BLANK_CLASS}\x00]+@[^@{BLANK_CLASS}\x00]+\.[^@{BLANK_CLASS}\x00]+",
           "phone": r"\+?[0-9 ()\-]{3,40}",
           "url": rf"[Hh][Tt][Tt][Pp][Ss]?://[^{BLANK_CLASS}\x00]+"}
EMAIL_RE = re.compile(f"^{FORMATS['email']}$")
PHONE_RE = re.compile(f"^{FORMATS['phone']}$")
URL_RE = re.compile(f"^{FORMATS['url']}$")
# Decimal text: ASCII digits, an optional minus and fraction, nothing else (no
# exponent, no "+", no "_" grouping): exactly what the OpenAPI patterns promise.
DECIMAL_TEXT = re.compile(r"-?[0-9]+(\.[0-9]+)?")
INTEGER_TEXT = re.compile(r"-?[0-9]+")
MONEY_LIMIT = Decimal("1e16")  # exclusive: NUMERIC(18,2)
NUMBER_LIMIT = Decimal("1e15")  # exclusive
INTEGER_MAX = 2**53


def trim(text: str) -> str:
    return text.strip(BLANKS)


def is_blank(raw: Any) -> bool:
    return isinstance(raw, str) and trim(raw) == ""


class ValueInvalid(Exception):
    def __init__(self, key: str, **params: Any) -> None:
        self.key = key
        self.params = params
        super().__init__(key)

    def field_error(self, field: str) -> FieldError:
        return FieldError(field, self.key, **self.params)


def parse_decimal(raw: Any, key: str) -> Decimal:
    """A JSON number or decimal text (see ``DECIMAL_TEXT``); floats as they are spelled."""
    if isinstance(raw, bool) or not isinstance(raw, (int, float, str, Decimal)):
        raise ValueInvalid(key)
    if isinstance(raw, str):
        raw = trim(raw)
        if not DECIMAL_TEXT.fullmatch(raw):
            raise ValueInvalid(key)
    try:
        value = Decimal(str(raw))
    except InvalidOperation as exc:
        raise ValueInvalid(key) from exc
    if not value.is_finite():
        raise ValueInvalid(key)
    return value


def parse_datetime(raw: Any) -> datetime:
    if not isinstance(raw, str):
        raise ValueInvalid("field.type_datetime")
    try:
        value = datetime.fromisoformat(trim(raw).replace("Z", "+00:00"))
    except ValueError as exc:
        raise ValueInvalid("field.type_datetime") from exc
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value


def parse_date(raw: Any) -> date:
    if not isinstance(raw, str) or not re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", trim(raw)):
        raise ValueInvalid("field.type_date")
    try:
        return date.fromisoformat(trim(raw))
    except ValueError as exc:
        raise ValueInvalid("field.type_date") from exc


def _text(raw: Any, f: FieldDef) -> str:
    if not isinstance(raw, str):
        raise ValueInvalid("field.type_text")
    limit = f.limit()
    if limit and len(raw) > limit:  # as sent: the published maxLength counts blanks too
        raise ValueInvalid("field.too_long", max=limit)
    if "\x00" in raw:
        raise ValueInvalid("field.type_text")
    return trim(raw)


def coerce(f: FieldDef, raw: Any) -> Any:
    """Return the Python value to store, or raise ValueInvalid. ``None`` clears."""
    if raw is None or (f.type != "multi_picklist" and is_blank(raw)):
        return None
    t = f.type
    if t in ("text", "textarea"):
        return _text(raw, f)
    if t == "email":
        value = _text(raw, f).lower()
        if not EMAIL_RE.match(value):
            raise ValueInvalid("field.type_email")
        return value
    if t == "phone":
        value = _text(raw, f)
        if not PHONE_RE.match(value):
            raise ValueInvalid("field.type_phone")
        return value
    if t == "url":
        value = _text(raw, f)
        if not URL_RE.match(value):
            raise ValueInvalid("field.type_url")
        return value
    if t == "money":
        amount = parse_decimal(raw, "field.type_money")
        _signed_text(f, raw)
        amount = abs(amount) if amount == 0 else amount  # -0.0 is zero
        if amount.as_tuple().exponent < -2 or abs(amount) >= MONEY_LIMIT:  # type: ignore[operator]
            raise ValueInvalid("field.type_money")
        return _range(f, amount.quantize(Decimal("0.01")))
    if t == "number":
        number = parse_decimal(raw, "field.type_number")
        _signed_text(f, raw)
        number = abs(number) if number == 0 else number
        if abs(number) >= NUMBER_LIMIT:
            raise ValueInvalid("field.type_number")
        return _range(f, number)
    if t == "integer":
        return _range(f, parse_integer(raw))
    if t == "boolean":
        if isinstance(raw, bool):
            return raw
        if isinstance(raw, str) and raw.lower() in ("true", "false", "1", "0"):
            return raw.lower() in ("true", "1")
        raise ValueInvalid("field.type_boolean")
    if t == "date":
        return parse_date(raw)
    if t == "datetime":
        return parse_datetime(raw)
    if t == "picklist":
        value = _text(raw, f)
        if f.options and value not in f.options:
            raise ValueInvalid("field.option", value=value[:50])
        return value
    if t == "multi_picklist":
        items = raw if isinstance(raw, list) else None
        if items is None or not all(isinstance(i, str) for i in items):
            raise ValueInvalid("field.type_list")
        for item in items:
            if f.options and item not in f.options:
                raise ValueInvalid("field.option", value=item[:50])
        return list(dict.fromkeys(items))
    if t == "json":
        if not isinstance(raw, dict):
            raise ValueInvalid("field.type_text")
        return raw
    if t == "lookup":
        # An id no record has (too long, a NUL) is simply not found, like any other.
        if not isinstance(raw, str) or len(raw) > 64 or "\x00" in raw:
            raise ValueInvalid("field.lookup", target=f.target or "")
        return trim(raw)
    raise ValueInvalid("field.type_text")


def parse_integer(raw: Any) -> int:
    """A JSON integer (``2.0`` is one too) or integer text, within ±2**53."""
    if isinstance(raw, float) and raw.is_integer():
        raw = int(raw)
    if isinstance(raw, str) and INTEGER_TEXT.fullmatch(trim(raw)):
        raw = int(trim(raw))
    if isinstance(raw, bool) or not isinstance(raw, int) or abs(raw) > INTEGER_MAX:
        raise ValueInvalid("field.type_integer")
    return raw


def _signed_text(f: FieldDef, raw: Any) -> None:
    """No minus sign where none is allowed, not even on zero (the patterns say so)."""
    if isinstance(raw, str) and trim(raw).startswith("-") and (
            f.minimum is not None and f.minimum >= 0):
        raise ValueInvalid("field.at_least", min=f.minimum)


def _range(f: FieldDef, value: Any) -> Any:
    low: Any = f.minimum
    high: Any = f.maximum
    if isinstance(value, Decimal):  # 0.01 as a float is a hair above Decimal("0.01")
        low = None if low is None else Decimal(str(low))
        high = None if high is None else Decimal(str(high))
    if (low is not None and value < low) or (high is not None and value > high):
        if f.maximum is None:
            raise ValueInvalid("field.at_least", min=f.minimum)
        if f.minimum is None:
            raise ValueInvalid("field.at_most", max=f.maximum)
        raise ValueInvalid("field.out_of_range", min=f.minimum, max=f.maximum)
    return value


def to_json(f: FieldDef, value: Any) -> Any:
    """The JSON form of a stored value: money as a decimal string, dates ISO 8601."""
    if value is None:
        return None
    if isinstance(value, Decimal):
        return f"{value:.2f}" if f.type == "money" else format(value.normalize(), "f")
    if isinstance(value, datetime):
        if value.tzinfo is None:
            value = value.replace(tzinfo=UTC)
        return value.isoformat()
    if isinstance(value, date):
        return value.isoformat()
    return value


def to_custom_storage(f: FieldDef, value: Any) -> Any:
    """Custom-field values live in JSON: keep exact text for money, ISO for dates."""
    if value is None:
        return None
    if isinstance(value, Decimal):
        return f"{value:.2f}" if f.type == "money" else format(value.normalize(), "f")
    if isinstance(value, datetime):
        # Every stored moment in UTC: the JSON text then sorts and compares in time order.
        return value.astimezone(UTC).isoformat()
    if isinstance(value, date):
        return value.isoformat()
    return value
