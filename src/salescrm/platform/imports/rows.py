"""A file row → the body a create or update would receive.

Spreadsheet habits are forgiven here, before the records layer's own validation
sees the value: full-width digits, ``¥12,500.00``, ``2026/11/27`` or
``2026年11月27日``, ``是/否``, ``www.example.com`` without a scheme, a picklist
value in another case. Anything still wrong is reported by ``validate`` with
the field named.
"""

from __future__ import annotations

import dataclasses
import re
import unicodedata
from dataclasses import dataclass
from typing import Any

from salescrm.platform.imports.mapping import EXTERNAL_ID, FIRST_NAME, LAST_NAME, Plan
from salescrm.platform.imports.templates import Template, external_key
from salescrm.platform.metadata import FieldDef, ObjectDef

TRUE_WORDS = {"true", "1", "yes", "y", "是", "对", "√", "✓", "x"}
FALSE_WORDS = {"false", "0", "no", "n", "否", "不", "×", ""}
_CURRENCY = re.compile(r"^(?:[¥￥$€£]|RMB|CNY|USD)\s*|\s*(?:元|RMB|CNY|USD)$", re.IGNORECASE)
_DATE_CN = re.compile(r"^(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日?$")
_DATE_SEP = re.compile(r"^(\d{4})[/.\-](\d{1,2})[/.\-](\d{1,2})$")
_DATETIME = re.compile(r"^(\d{4}[/.\-]\d{1,2}[/.\-]\d{1,2})[ T](\d{1,2}:\d{2}(?::\d{2})?)(.*)$")
_CJK = re.compile(r"[\u3400-\u9fff]")
_MULTI_SEP = re.compile(r"\s*[;；,，|]\s*")


@dataclass
class RowError:
    field: str
    code: str
    params: dict[str, Any] = dataclasses.field(default_factory=dict)


@dataclass
class ParsedRow:
    line: int
    cells: list[str]
    body: dict[str, Any]
    external_id: str | None = None
    # Lookups fed by several columns (an id and a name): the other candidates, in order.
    alternatives: dict[str, list[str]] = dataclasses.field(default_factory=dict)
    errors: list[RowError] = dataclasses.field(default_factory=list)
    # The record an upsert will update, once the key is matched.
    existing_id: str | None = None


def _cell(cells: list[str], columns: list[int]) -> str:
    """The first non-empty cell among the columns mapped to one target."""
    for i in columns:
        if i < len(cells):
            value = cells[i].strip()
            if value:
                return value
    return ""


def full_name(first: str, last: str) -> str:
    """Chinese names read family name first without a space (王 + 小明 → 王小明)."""
    if _CJK.search(first + last):
        return f"{last}{first}"
    return f"{first} {last}".strip()


def parse_row(obj: ObjectDef, plan: Plan, template: Template | None, system: str | None,
              line: int, cells: list[str]) -> ParsedRow:
    """The body of one row. Empty cells are left out: an update leaves those fields
    alone, and a new record gets the fields' defaults."""
    body: dict[str, Any] = {}
    row = ParsedRow(line, cells, body)
    for target, columns in plan.targets.items():
        raw = _cell(cells, columns)
        if target == EXTERNAL_ID:
            row.external_id = external_key(system, raw) if raw else None
            continue
        if target in (FIRST_NAME, LAST_NAME):
            continue
        if template and raw.lower() in template.values.get(target, {}):
            raw = template.values[target][raw.lower()]
        if raw == "":
            continue
        f = obj.fields[target]
        body[target] = clean(f, raw)
        if f.type == "lookup" and len(columns) > 1:
            others = [c for c in (_cell(cells, [i]) for i in columns) if c and c != raw]
            if others:
                row.alternatives[target] = others
    if obj.name_field not in body or body[obj.name_field] in ("", None):
        first = _cell(cells, plan.targets.get(FIRST_NAME, []))
        last = _cell(cells, plan.targets.get(LAST_NAME, []))
        if first or last:
            body[obj.name_field] = full_name(first, last)
    return row


def clean(f: FieldDef, raw: str) -> Any:
    """Forgive spreadsheet habits for one value; ``None`` for an empty cell."""
    if raw == "":
        return [] if f.type == "multi_picklist" else None
    t = f.type
    if t in ("money", "number", "integer"):
        text = unicodedata.normalize("NFKC", raw)
        text = _CURRENCY.sub("", text).replace(",", "").replace(" ", "")
        return text
    if t in ("phone", "email"):
        text = unicodedata.normalize("NFKC", raw).strip()
        return text.replace(".", "-") if t == "phone" and "@" not in text else text
    if t == "url":
        return raw if re.match(r"^[a-z][a-z0-9+.\-]*://", raw, re.I) or " " in raw else (
            f"http://{raw}")
    if t == "boolean":
        word = unicodedata.normalize("NFKC", raw).strip().lower()
        if word in TRUE_WORDS:
            return True
        if word in FALSE_WORDS:
            return False
        return raw
    if t == "date":
        return _date(unicodedata.normalize("NFKC", raw))
    if t == "datetime":
        return _datetime(unicodedata.normalize("NFKC", raw))
    if t == "picklist":
        return _option(f, raw)
    if t == "multi_picklist":
        return [_option(f, part) for part in _MULTI_SEP.split(raw) if part]
    return raw


def _date(text: str) -> str:
    match = _DATE_CN.match(text) or _DATE_SEP.match(text)
    if match:
        y, m, d = match.groups()
        return f"{y}-{int(m):02d}-{int(d):02d}"
    dt = _DATETIME.match(text)
    if dt:
        return _date(dt.group(1))
    return text


def _datetime(text: str) -> str:
    match = _DATETIME.match(text)
    if match:
        day, clock, rest = match.groups()
        if clock.count(":") == 1:
            clock += ":00"
        hour, rest_clock = clock.split(":", 1)
        return f"{_date(day)}T{int(hour):02d}:{rest_clock}{rest.strip()}"
    day = _date(text)
    return f"{day}T00:00:00" if re.fullmatch(r"\d{4}-\d{2}-\d{2}", day) else text


def _option(f: FieldDef, raw: str) -> str:
    if not f.options or raw in f.options:
        return raw
    folded = {o.casefold(): o for o in f.options}
    return folded.get(raw.casefold(), raw)
