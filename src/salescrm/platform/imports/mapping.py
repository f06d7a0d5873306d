"""Which file column feeds which field: an explicit mapping, a saved one, a
template (Salesforce, HubSpot), or headers that name a field (api name or label
in either language, so an exported file imports back)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from salescrm.platform.errors import FieldError
from salescrm.platform.i18n import t
from salescrm.platform.imports.dates import AUTO, DATE_FORMATS
from salescrm.platform.imports.extras import extras_for
from salescrm.platform.imports.templates import BY_NAME, Template, normalize_header
from salescrm.platform.metadata import FieldDef, ObjectDef
from salescrm.platform.permissions import Permissions

EXTERNAL_ID = "external_id"
FIRST_NAME = "name.first"
LAST_NAME = "name.last"
KEY_TYPES = {"text", "email", "phone", "url", "integer", "picklist"}
# A migration (administrators only) may also carry these, for objects whose create
# service keeps history (its behaviour's ``import_history``): read-only dates as they were,
# and "entered <stage> on" columns (target ``stage_entered:<stage key or name>``).
HISTORY_FIELDS = ("created_at", "closed_at")
STAGE_ENTERED = "stage_entered:"
_ENTERED_HEADER = re.compile(
    r"^(?:entered\s+(?:stage\s+)?(?P<en>.+?)\s+(?:on|at|date)|"
    r"进入(?:阶段)?(?P<zh>.+?)(?:的)?(?:日期|时间))$", re.IGNORECASE)


def history_target(header: str, obj: ObjectDef) -> str | None:
    """``created_at`` / ``创建时间`` → ``created_at``; ``Entered Proposal on`` /
    ``进入阶段方案报价日期`` → ``stage_entered:Proposal``."""
    for name in HISTORY_FIELDS:
        f = obj.fields.get(name)
        if f is not None and normalize_header(header) in {
                normalize_header(n) for n in (f.api_name, f.label_en, f.label_zh)}:
            return name
    match = _ENTERED_HEADER.match(header.strip())
    if match is None:
        return None
    return STAGE_ENTERED + (match.group("en") or match.group("zh") or "").strip()


@dataclass
class Plan:
    """The columns to read, each with its target, in order of preference per target."""

    targets: dict[str, list[int]] = field(default_factory=dict)
    headers: list[str] = field(default_factory=list)
    ignored: list[str] = field(default_factory=list)
    # date or date-time target → the format its column is written in (dates.DATE_FORMATS)
    formats: dict[str, str] = field(default_factory=dict)

    def to_json(self) -> dict[str, Any]:
        return {"targets": self.targets, "headers": self.headers, "ignored": self.ignored,
                "formats": self.formats}

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Plan:
        return cls(dict(data.get("targets") or {}), list(data.get("headers") or []),
                   list(data.get("ignored") or []), dict(data.get("formats") or {}))


def special_targets(obj: ObjectDef) -> set[str]:
    out = {EXTERNAL_ID} if EXTERNAL_ID not in obj.fields else set()
    out |= set(extras_for(obj.api_name).targets)
    if obj.name_field in obj.fields:
        out |= {FIRST_NAME, LAST_NAME}
    return out


def source_system(headers: list[str]) -> str | None:
    """The system of an export's first "Source id (salesforce)" column, if any."""
    for header in headers:
        for loc in ("en", "zh-CN"):
            before, _, after = t("export.source_id", locale=loc, system="\x00").partition("\x00")
            text = header.strip()
            if text.startswith(before) and text.endswith(after) and len(text) > len(
                    before + after):
                return text[len(before):len(text) - len(after)]
    return None


def auto_mapping(obj: ObjectDef, headers: list[str], perms: Permissions,
                 locale: str) -> dict[str, str]:
    """Headers that name a field: ``email``, ``Email``, ``邮箱``, or an export's
    ``所属客户（名称）`` (names of a lookup's records)."""
    names: dict[str, str] = {}
    for f in obj.fields.values():
        if perms.field_level(obj.api_name, f.api_name) == "hidden":
            continue
        for text in (f.api_name, f.label_en, f.label_zh):
            names.setdefault(normalize_header(text), f.api_name)
        if f.type == "lookup":
            for loc in ("en", "zh-CN"):
                names.setdefault(normalize_header(
                    t("export.lookup_name", locale=loc, label=f.label(loc))), f.api_name)
    for extra, label in extras_for(obj.api_name).targets.items():
        for text in (extra, *label.values()):
            names.setdefault(normalize_header(text), extra)
    system = source_system(headers)
    if system is not None and EXTERNAL_ID not in obj.fields:
        for loc in ("en", "zh-CN"):
            names.setdefault(normalize_header(t("export.source_id", locale=loc,
                                                system=system)), EXTERNAL_ID)
    out: dict[str, str] = {}
    for header in headers:
        target = names.get(normalize_header(header))
        if target is not None and header not in out:
            out[header] = target
    return out


def resolve(obj: ObjectDef, perms: Permissions, locale: str, headers: list[str],
            mapping: dict[str, str] | None, template: str | None, mode: str,
            key: str | None, check_required: bool = True,
            date_formats: dict[str, str] | None = None,
            history: bool = False) -> tuple[Plan, list[FieldError]]:
    """Check the mapping against the header row and the object's fields.

    ``date_formats``: file column → how its dates are written (``DD/MM/YYYY`` …).

    ``check_required``: refuse a mapping that leaves a required field out (off for
    objects whose own service fills defaults in, such as an opportunity's pipeline).
    ``history``: a migration of an object that keeps history (``HISTORY_FIELDS`` and
    ``stage_entered:`` targets are allowed, and guessed from the headers).
    """
    errors: list[FieldError] = []
    chosen: dict[str, str] = {}
    if template:
        chosen.update(BY_NAME[template].mapping(obj.api_name, headers))
    if mapping:
        chosen.update(mapping)
    guessed = not mapping and not template
    if guessed:
        chosen = auto_mapping(obj, headers, perms, locale)
    if history:  # history columns left out of a mapping (a form knows only fields)
        mapped = {normalize_header(c) for c in chosen}
        chosen.update({h: target for h in headers if normalize_header(h) not in mapped
                       and (target := history_target(h, obj)) is not None})
    index: dict[str, int] = {}
    for i, header in enumerate(headers):
        index.setdefault(normalize_header(header), i)
    plan = Plan(headers=list(headers))
    specials = special_targets(obj)
    for column, target in chosen.items():
        at = index.get(normalize_header(column))
        if at is None:
            errors.append(FieldError("mapping", "import.column_missing", column=column[:100]))
            continue
        if history and isinstance(target, str) and (
                target in HISTORY_FIELDS or target.startswith(STAGE_ENTERED)):
            plan.targets.setdefault(target, []).append(at)
            continue
        problem = _target_problem(obj, perms, specials, target, mode, key)
        if problem and guessed:
            continue  # an exported file's read-only columns (创建时间 …) are just ignored
        if problem:
            errors.append(FieldError("mapping", problem, column=column[:100],
                                     field=str(target)[:64]))
            continue
        plan.targets.setdefault(target, []).append(at)
    used = {i for cols in plan.targets.values() for i in cols}
    plan.ignored = [h for i, h in enumerate(headers) if i not in used and h.strip()]
    if not plan.targets and not errors:
        errors.append(FieldError("mapping", "import.nothing_mapped"))
    errors.extend(_check_key(obj, plan, mode, key))
    errors.extend(_date_formats(obj, plan, index, date_formats or {}))
    if mode == "insert" and check_required:
        errors.extend(_check_required(obj, plan))
    return plan, errors


def _target_problem(obj: ObjectDef, perms: Permissions, specials: set[str], target: Any,
                    mode: str, key: str | None) -> str | None:
    if not isinstance(target, str):
        return "import.unknown_target"
    if target in specials:
        return None
    f = obj.fields.get(target)
    level = perms.field_level(obj.api_name, target)
    if f is None or level == "hidden":
        return "import.unknown_target"
    if target == "id" and mode == "upsert" and key == "id":
        return None
    if f.readonly or level == "readonly":
        return "import.readonly_target"
    return None


def _date_formats(obj: ObjectDef, plan: Plan, index: dict[str, int],
                  chosen: dict[str, str]) -> list[FieldError]:
    """Each date column's format: a known one, for a column mapped to a date."""
    errors: list[FieldError] = []
    target_of = {i: target for target, cols in plan.targets.items() for i in cols}
    for column, fmt in chosen.items():
        target = target_of.get(index.get(normalize_header(column), -1))
        f = obj.fields.get(target or "")
        error = date_format_error(column, fmt, f)
        if error is not None:
            errors.append(error)
        elif f is not None and fmt != AUTO:
            plan.formats[f.api_name] = fmt
    return errors


def date_format_error(column: str, fmt: str, f: FieldDef | None) -> FieldError | None:
    """Why a column's chosen date format cannot be used (unknown format, or the column
    goes to no date field); None when it can. Uploads and saved mappings share it."""
    if fmt not in DATE_FORMATS:
        return FieldError("date_formats", "import.bad_date_format",
                          column=column[:100], formats=", ".join(DATE_FORMATS))
    if f is None or f.type not in ("date", "datetime"):
        return FieldError("date_formats", "import.not_a_date_column", column=column[:100])
    return None


def _check_key(obj: ObjectDef, plan: Plan, mode: str, key: str | None) -> list[FieldError]:
    if mode != "upsert":
        return []
    if not key:
        return [FieldError("key", "import.key_required")]
    if key not in plan.targets:
        return [FieldError("key", "import.key_unmapped", field=key[:64])]
    f = obj.fields.get(key)
    if key not in ("id", EXTERNAL_ID) and (f is None or f.type not in KEY_TYPES):
        return [FieldError("key", "import.bad_key", field=key[:64])]
    return []


def _check_required(obj: ObjectDef, plan: Plan) -> list[FieldError]:
    errors = []
    for f in obj.fields.values():
        if not f.required or f.readonly or f.default is not None or f.api_name in plan.targets:
            continue
        if f.api_name == obj.name_field and ({FIRST_NAME, LAST_NAME} & set(plan.targets)):
            continue
        errors.append(FieldError("mapping", "import.required_unmapped", field=f.api_name))
    return errors


def template_or_error(name: str | None) -> tuple[Template | None, FieldError | None]:
    if not name:
        return None, None
    found = BY_NAME.get(name.lower())
    if found is None:
        return None, FieldError("template", "import.unknown_template",
                                templates=", ".join(BY_NAME))
    return found, None


def history_file_plan(targets: dict[str, tuple[str, ...]], required: tuple[str, ...],
                      headers: list[str], mapping: dict[str, str] | None
                      ) -> tuple[Plan, list[FieldError]]:
    """The columns of a history file (``adapters.HistoryFile``): an explicit mapping or
    the headers that name its targets."""
    names = {normalize_header(n): target for target, spellings in targets.items()
             for n in spellings}
    chosen = mapping or {h: names[normalize_header(h)] for h in headers
                         if normalize_header(h) in names}
    index = {normalize_header(h): i for i, h in reversed(list(enumerate(headers)))}
    plan = Plan(headers=list(headers))
    errors: list[FieldError] = []
    for column, target in chosen.items():
        at = index.get(normalize_header(column))
        if at is None:
            errors.append(FieldError("mapping", "import.column_missing", column=column[:100]))
        elif target not in targets:
            errors.append(FieldError("mapping", "import.unknown_target", column=column[:100],
                                     field=str(target)[:64]))
        else:
            plan.targets.setdefault(target, []).append(at)
    errors.extend(FieldError("mapping", "import.required_unmapped", field=t)
                  for t in required if t not in plan.targets and not errors)
    used = {i for cols in plan.targets.values() for i in cols}
    plan.ignored = [h for i, h in enumerate(headers) if i not in used and h.strip()]
    return plan, errors
