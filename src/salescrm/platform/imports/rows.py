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
from functools import lru_cache
from typing import Any

from salescrm.platform.exports.cells import FORMULA_STARTS
from salescrm.platform.imports.dates import (
    AUTO,
    FORMAT_NAMES,
    DateUnreadable,
    read_day,
    read_moment,
)
from salescrm.platform.imports.mapping import (
    EXTERNAL_ID,
    FIRST_NAME,
    HISTORY_FIELDS,
    LAST_NAME,
    STAGE_ENTERED,
    Plan,
)
from salescrm.platform.imports.templates import Template, external_key
from salescrm.platform.metadata import FieldDef, ObjectDef

TRUE_WORDS = {"true", "1", "yes", "y", "是", "对", "√", "✓", "x"}
FALSE_WORDS = {"false", "0", "no", "n", "否", "不", "×", ""}
_CURRENCY = re.compile(r"^(?:[¥￥$€£]|RMB|CNY|USD)\s*|\s*(?:元|RMB|CNY|USD)$", re.IGNORECASE)
_CJK = re.compile(r"[\u3400-\u9fff]")
_MULTI_SEP = re.compile(r"\s*[;；,，|]\s*")


class CellInvalid(Exception):
    """A cell no spelling of the field's type reads (a date, a picklist value)."""

    def __init__(self, key: str, **params: Any) -> None:
        self.key = key
        self.params = params
        super().__init__(key)


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
            value = unexported(cells[i].strip())
            if value:
                return value
    return ""


def unexported(text: str) -> str:
    """Undo what an export added: the apostrophe that keeps ``=1+2`` from being run
    as a formula when the file is opened (``'=1+2`` → ``=1+2``)."""
    if text.startswith("'") and text[1:].startswith(FORMULA_STARTS):
        return text[1:]
    return text


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
        if target in HISTORY_FIELDS or target.startswith(STAGE_ENTERED):
            body[target] = raw  # a migration's history: read by the object's service
            continue
        f = obj.fields.get(target)
        if f is None:  # a target that is not a field (a user's roles): read later
            body[target] = raw
            continue
        try:
            body[target] = clean(f, raw, plan.formats.get(target, AUTO))
        except CellInvalid as exc:
            # Reported with the others of the row; the cell stays out of the body.
            row.errors.append(RowError(target, exc.key, exc.params))
            continue
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


def clean(f: FieldDef, raw: str, date_format: str = AUTO) -> Any:
    """Forgive spreadsheet habits for one value; ``None`` for an empty cell.
    Raises :class:`CellInvalid` for a date or a choice that cannot be read."""
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
    if t in ("date", "datetime"):
        text = unicodedata.normalize("NFKC", raw)
        try:
            return read_day(text, date_format).isoformat() if t == "date" else (
                read_moment(text, date_format))
        except DateUnreadable as exc:
            shown = FORMAT_NAMES.get(date_format, {"en": date_format, "zh-CN": date_format})
            raise CellInvalid(exc.key, value=raw[:50], format=shown) from exc
    if t == "picklist":
        return chosen(raw, field_choices(f), f.options, choices_shown(f))
    if t == "multi_picklist":
        return [chosen(part, field_choices(f), f.options, choices_shown(f))
                for part in _MULTI_SEP.split(raw) if part]
    return raw


def field_choices(f: FieldDef) -> dict[str, str]:
    """A picklist's choices by key and by their labels in either language, folded →
    key: a file exported with labels (or typed by a person) reads back."""
    labels = tuple((key, en, zh) for key, (en, zh) in (f.option_labels or {}).items())
    return _choices_with_labels(f.options, labels)


@lru_cache(maxsize=1024)
def _choices_with_labels(options: tuple[str, ...], labels: tuple[tuple[str, str, str], ...]
                         ) -> dict[str, str]:
    by_name = dict(_keys_by_name(options))
    for key, en, zh in labels:
        by_name.setdefault(folded(en), key)
        by_name.setdefault(folded(zh), key)
    return by_name


def choices_shown(f: FieldDef) -> dict[str, str] | None:
    """The choices as an error lists them: by label in each language, when labelled."""
    if not f.option_labels:
        return None
    return {"en": ", ".join(f.option_label(o, "en") for o in f.options),
            "zh-CN": "、".join(f.option_label(o, "zh-CN") for o in f.options)}


def folded(text: str) -> str:
    """Case and spaces do not tell choices apart: ``Closed Won`` = ``closedwon``."""
    return "".join(unicodedata.normalize("NFKC", text).casefold().split())


def option(raw: str, options: tuple[str, ...], labels: dict[str, str] | None = None,
           shown: dict[str, str] | None = None) -> str:
    """The choice ``raw`` names, by key or label (``labels``: label → key); an
    unknown one raises :class:`CellInvalid` listing the choices (``shown``: how
    to list them per language, keys by default)."""
    if not options:
        return raw
    return chosen(raw, options_by_name(options, labels), options, shown)


def options_by_name(options: tuple[str, ...], labels: dict[str, str] | None = None
                    ) -> dict[str, str]:
    """Each choice's key and labels, folded → its key (see :func:`option`)."""
    if not labels:
        return _keys_by_name(options)
    by_name = dict(_keys_by_name(options))
    for label, key in labels.items():
        by_name.setdefault(folded(label), key)
    return by_name


@lru_cache(maxsize=1024)
def _keys_by_name(options: tuple[str, ...]) -> dict[str, str]:
    # Cached: the same field's options are folded again for every row of a file.
    return {folded(o): o for o in options}


def chosen(raw: str, by_name: dict[str, str], options: tuple[str, ...],
           shown: dict[str, str] | None = None) -> str:
    """:func:`option` with the choices already folded (``options_by_name``), for a
    caller that checks many cells against the same choices."""
    if not options:
        return raw
    found = by_name.get(folded(raw))
    if found is None:
        listed = shown or {"en": ", ".join(options), "zh-CN": "、".join(options)}
        raise CellInvalid("import.option_unknown", value=raw[:50], options=listed)
    return found
