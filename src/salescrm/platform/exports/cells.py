"""Cell values for spreadsheets: formula injection neutralized, types kept.

A spreadsheet treats a cell that starts with ``= + - @`` (or a tab / carriage
return before one) as a formula, so text written by users — a contact named
``=cmd|' /C calc'!A0`` — could run when a colleague opens the export. Such text
is written with a leading apostrophe, the convention OWASP recommends.
"""

from __future__ import annotations

import re
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


def xlsx_cell(f: FieldDef | None, value: Any) -> Any:
    """The value of one XLSX cell: numbers as numbers, booleans as booleans, else text."""
    if value is None:
        return None
    if isinstance(value, bool):
        return value
    if f is not None and f.type in NUMERIC_TYPES:
        number = _number(value)
        if number is not None:
            return int(number) if f.type == "integer" else number
    if isinstance(value, list):
        value = ";".join(str(v) for v in value)
    return neutralize(_ILLEGAL_XML.sub("", str(value)))
