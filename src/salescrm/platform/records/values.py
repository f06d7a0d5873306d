"""Coerce and check one field value against its FieldDef. Shared by every write
path (API, import, automation) and by list filters, so they agree on types."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime
from decimal import Decimal, InvalidOperation
from typing import Any

from salescrm.platform.errors import FieldError
from salescrm.platform.metadata import FieldDef

EMAIL_RE = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
PHONE_RE = re.compile(r"^\+?[0-9 ()\-]{3,40}$")
URL_RE = re.compile(r"^https?://[^\s]+$", re.IGNORECASE)
MONEY_MAX = Decimal("9999999999999999.99")
NUMBER_MAX = Decimal("1e15")


class ValueInvalid(Exception):
    def __init__(self, key: str, **params: Any) -> None:
        self.key = key
        self.params = params
        super().__init__(key)

    def field_error(self, field: str) -> FieldError:
        return FieldError(field, self.key, **self.params)


def parse_decimal(raw: Any, key: str) -> Decimal:
    if isinstance(raw, bool) or not isinstance(raw, (int, float, str, Decimal)):
        raise ValueInvalid(key)
    try:
        value = Decimal(str(raw).strip())
    except InvalidOperation as exc:
        raise ValueInvalid(key) from exc
    if not value.is_finite():
        raise ValueInvalid(key)
    return value


def parse_datetime(raw: Any) -> datetime:
    if not isinstance(raw, str):
        raise ValueInvalid("field.type_datetime")
    try:
        value = datetime.fromisoformat(raw.strip().replace("Z", "+00:00"))
    except ValueError as exc:
        raise ValueInvalid("field.type_datetime") from exc
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value


def parse_date(raw: Any) -> date:
    if not isinstance(raw, str) or not re.fullmatch(r"\d{4}-\d{2}-\d{2}", raw.strip()):
        raise ValueInvalid("field.type_date")
    try:
        return date.fromisoformat(raw.strip())
    except ValueError as exc:
        raise ValueInvalid("field.type_date") from exc


def _text(raw: Any, f: FieldDef) -> str:
    if not isinstance(raw, str):
        raise ValueInvalid("field.type_text")
    value = raw.strip()
    limit = f.limit()
    if limit and len(value) > limit:
        raise ValueInvalid("field.too_long", max=limit)
    if "\x00" in value:
        raise ValueInvalid("field.type_text")
    return value


def coerce(f: FieldDef, raw: Any) -> Any:
    """Return the Python value to store, or raise ValueInvalid. ``None`` clears."""
    if raw is None or (isinstance(raw, str) and raw.strip() == "" and f.type != "multi_picklist"):
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
        value = parse_decimal(raw, "field.type_money")
        if value.as_tuple().exponent < -2 or abs(value) > MONEY_MAX:  # type: ignore[operator]
            raise ValueInvalid("field.type_money")
        return _range(f, value.quantize(Decimal("0.01")))
    if t == "number":
        value = parse_decimal(raw, "field.type_number")
        if abs(value) > NUMBER_MAX:
            raise ValueInvalid("field.type_number")
        return _range(f, value)
    if t == "integer":
        if isinstance(raw, bool) or not isinstance(raw, (int, str)):
            raise ValueInvalid("field.type_integer")
        try:
            ivalue = int(raw)
        except ValueError as exc:
            raise ValueInvalid("field.type_integer") from exc
        if abs(ivalue) > 2**53:
            raise ValueInvalid("field.type_integer")
        return _range(f, ivalue)
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
        if not isinstance(raw, str) or len(raw) > 64:
            raise ValueInvalid("field.lookup", target=f.target or "")
        return raw.strip()
    raise ValueInvalid("field.type_text")


def _range(f: FieldDef, value: Any) -> Any:
    if (f.minimum is not None and value < f.minimum) or (
        f.maximum is not None and value > f.maximum
    ):
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
