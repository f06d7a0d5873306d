"""Cell values for spreadsheets: formula injection neutralized, types kept.

A spreadsheet treats a CSV cell that starts with ``= + - @`` (or a tab / carriage
return before one) as a formula, so text written by users — a contact named
``=cmd|' /C calc'!A0`` — could run when a colleague opens the export. In CSV such
text is written with a leading apostrophe, the convention OWASP recommends (the
import takes it off again). An XLSX cell says its own type: such text is written
as a text cell marked "quote prefix" (Excel's own way of showing text that looks
like a formula), never as a formula, and without an apostrophe in its value, so
``=1+2`` exported and imported back is still ``=1+2``. Dates and timestamps are
real date cells (timestamps in UTC, as the API gives them).
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime
from decimal import Decimal, InvalidOperation
from typing import Any

from salescrm.platform.metadata import FieldDef

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
NUMERIC_TYPES = {"money", "number", "integer"}
# XML 1.0 cannot hold these; openpyxl refuses them.
_ILLEGAL_XML = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


def neutralize(text: str) -> str:
    """``=1+1`` → ``'=1+1``: shown as text, never evaluated."""
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def _number(value: Any) -> Decimal | None:
    if isinstance(value, bool):
        return None
    try:
        number = Decimal(str(value))
    except (InvalidOperation, ValueError):
        return None
    return number if number.is_finite() else None


def csv_cell(f: FieldDef | None, value: Any) -> str:
    """The text of one CSV cell for a JSON-ready value of field ``f``."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        value = ";".join(str(v) for v in value)
    if f is not None and f.type in NUMERIC_TYPES and _number(value) is not None:
        return str(value)  # a negative amount is a number, not a formula
    return neutralize(str(value))


def xlsx_cell(sheet: Any, f: FieldDef | None, value: Any) -> Any:
    """One XLSX cell: numbers as numbers, booleans as booleans, dates and timestamps
    as dates, else text — a text cell even when it starts with ``=``."""
    from openpyxl.cell import WriteOnlyCell

    if value is None:
        return None
    if isinstance(value, bool):
        return value
    if f is not None and f.type in NUMERIC_TYPES:
        number = _number(value)
        if number is not None:
            return int(number) if f.type == "integer" else number
    moment = _moment(f, value)
    if moment is not None:
        cell = WriteOnlyCell(sheet, value=moment)
        cell.number_format = "yyyy-mm-dd" if f and f.type == "date" else "yyyy-mm-dd hh:mm:ss"
        return cell
    if isinstance(value, list):
        value = ";".join(str(v) for v in value)
    text = _ILLEGAL_XML.sub("", str(value))
    if not text.startswith(FORMULA_STARTS):
        return text
    cell = WriteOnlyCell(sheet, value=text)
    cell.data_type = "s"  # openpyxl would make a formula of "=…"
    cell.quotePrefix = True
    return cell


def _moment(f: FieldDef | None, value: Any) -> date | datetime | None:
    """A date field's value as a date, a date-time's as a naive UTC datetime (Excel
    has no time zones); masked values stay text."""
    if f is None or f.type not in ("date", "datetime") or not isinstance(value, str):
        return None
    try:
        if f.type == "date":
            return date.fromisoformat(value)
        moment = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None
    if moment.tzinfo is not None:
        moment = moment.astimezone(UTC).replace(tzinfo=None)
    return moment
