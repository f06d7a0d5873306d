"""CSV and XLSX files of a report's rows, safe to open in a spreadsheet.

A text cell that starts with ``= + - @`` (or a tab / carriage return) would be run
as a formula by Excel or WPS; such cells are prefixed with ``'`` (OWASP "CSV
injection"). Numbers stay numbers: a negative amount is not a formula.
"""

from __future__ import annotations

import csv
import io
import re
from decimal import Decimal
from typing import Any
from urllib.parse import quote

from openpyxl import Workbook
from starlette.responses import Response

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
NUMBER_RE = re.compile(r"^-?\d+(\.\d+)?$")
CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def neutralize(value: Any) -> Any:
    """The cell value with formula injection disarmed."""
    if isinstance(value, str) and value.startswith(FORMULA_START) and not NUMBER_RE.match(value):
        return "'" + value
    return value


def _cell(value: Any, column_type: str) -> Any:
    """Numbers as numbers (Decimal keeps cents exact), everything else as safe text."""
    if value is None:
        return None
    if isinstance(value, bool):
        return value
    if column_type in ("money", "number", "integer") and isinstance(value, (str, int)):
        try:
            return Decimal(str(value)) if column_type != "integer" else int(value)
        except (ArithmeticError, ValueError):
            return neutralize(str(value))
    return neutralize(value if isinstance(value, (int, Decimal)) else str(value))


def table(result: dict[str, Any]) -> tuple[list[str], list[list[Any]]]:
    """Header labels and cell rows of a report result (lookup labels next to ids,
    stages and choices by name)."""
    cols: list[tuple[str, str, str]] = []
    for c in result["columns"]:
        cols.append((c["key"], neutralize(c["label"]), c["type"]))
        if c["type"] == "lookup":
            cols.append((c["key"] + "_label", neutralize(c["label"]) + " ·", "text"))
    header = [label for _k, label, _t in cols]
    # A stage or a choice is written by its name (``stage_label``), never its key.
    rows = [[_cell(r.get(key) if typ == "lookup" or key.endswith("_label")
                   else r.get(key + "_label", r.get(key)), typ) for key, _l, typ in cols]
            for r in result["rows"]]
    return header, rows


def to_csv(result: dict[str, Any]) -> bytes:
    header, rows = table(result)
    buf = io.StringIO()
    writer = csv.writer(buf)
    writer.writerow(header)
    writer.writerows(rows)
    # A BOM so that Excel reads UTF-8 (Chinese names) correctly.
    return ("\ufeff" + buf.getvalue()).encode("utf-8")


def to_xlsx(result: dict[str, Any], title: str = "Report") -> bytes:
    header, rows = table(result)
    wb = Workbook(write_only=True)
    ws = wb.create_sheet(title=_sheet_title(title))
    ws.append(header)
    for row in rows:
        ws.append(row)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def _sheet_title(title: str) -> str:
    cleaned = re.sub(r"[\[\]:*?/\\]", " ", title).strip() or "Report"
    return cleaned[:31]


def file_response(result: dict[str, Any], fmt: str, name: str) -> Response:
    body = to_csv(result) if fmt == "csv" else to_xlsx(result, name)
    safe = re.sub(r"[^A-Za-z0-9_.-]+", "_", name).strip("_") or "report"
    disposition = (f'attachment; filename="{safe}.{fmt}"; '
                   f"filename*=UTF-8''{quote(name)}.{fmt}")
    return Response(body, media_type=CONTENT_TYPES[fmt],
                    headers={"Content-Disposition": disposition})
