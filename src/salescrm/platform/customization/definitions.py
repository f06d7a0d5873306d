"""Checking a custom field's definition: api name, labels, type, options, default …

Shared by custom fields, custom objects (their fields) and industry templates, so
every path that adds a field agrees on what a valid field is.
"""

from __future__ import annotations

import keyword
import re
from typing import Any

from salescrm.platform.customization import messages as _messages  # noqa: F401
from salescrm.platform.errors import FieldError
from salescrm.platform.metadata import FieldDef, ObjectDef
from salescrm.platform.metadata.registry import field_from_definition
from salescrm.platform.records.values import ValueInvalid, coerce

# An option: no space or control character at either end (the published pattern of
# customization/api.py's OPTION, also for engines whose whitespace differs from Python's).
_OPTION_TEXT = re.compile(r"[^\s\x00-\x1f\x85](.*[^\s\x00-\x1f\x85])?", re.DOTALL)

API_NAME_MAX = 63
API_NAME_RE = re.compile(r"^[a-z][a-z0-9]*(?:_[a-z0-9]+)*$")
CUSTOM_FIELD_TYPES = (
    "text", "textarea", "number", "integer", "money", "date", "datetime", "boolean",
    "picklist", "multi_picklist", "email", "phone", "url", "lookup",
)
UNIQUE_TYPES = {"text", "email", "phone", "url", "number", "integer", "money", "date",
                "datetime", "lookup"}
MAX_LENGTHS = {"text": 1000, "textarea": 10000, "email": 254, "phone": 40, "url": 2000}
MAX_OPTIONS = 500
FIELD_KEYS = {"api_name", "label", "labels", "type", "required", "unique", "default", "help",
              "options", "inactive", "option_labels", "target", "max_length", "filterable"}
IMMUTABLE_KEYS = ("api_name", "type", "target")
# Names that would be confused with columns every table has, list parameters of the
# records API, SQL keywords or Python keywords.
RESERVED = frozenset({
    "id", "version", "owner_id", "created_at", "updated_at", "created_by", "deleted_at",
    "tenant_id", "custom", "object", "record_filter",
    "limit", "cursor", "sort", "q", "count", "deleted", "format", "fields", "allow_duplicate",
    "select", "from", "where", "table", "order", "group", "by", "and", "or", "not", "null",
    "true", "false", "insert", "update", "delete", "create", "drop", "alter", "join", "union",
    "user", "index", "primary", "key", "default", "check", "column", "constraint",
    "references", "as", "in", "is", "like", "offset", "all", "any", "distinct", "case",
    "when", "then", "else", "end", "having", "into", "values", "set", "grant", "desc", "asc",
    "between", "exists", "foreign", "unique", "with", "session", "current_user", "self",
    *(k.lower() for k in keyword.kwlist),
})


def api_name_errors(name: Any, field: str) -> list[dict[str, Any]]:
    """Format and reserved words (collisions with existing names are checked by callers)."""
    if (not isinstance(name, str) or not 2 <= len(name) <= API_NAME_MAX
            or not API_NAME_RE.match(name)):
        return [FieldError(field, "custom.api_name_format", max=API_NAME_MAX)]
    if name in RESERVED:
        return [FieldError(field, "custom.api_name_reserved", name=name)]
    return []


def _labels(body: dict[str, Any], current: dict[str, Any] | None, prefix: str,
            errors: list[dict[str, Any]]) -> dict[str, str] | None:
    """``label`` (one text for both languages) or ``labels`` {"en","zh-CN"}."""
    if "labels" in body:
        labels = body["labels"]
        ok = (isinstance(labels, dict) and set(labels) <= {"en", "zh-CN"}
              and all(isinstance(v, str) and 0 < len(v.strip()) <= 200
                      for v in labels.values()) and labels)
        if not ok:
            errors.append(FieldError(f"{prefix}labels", "custom.label_required"))
            return None
        label = labels.get("en") or labels.get("zh-CN")
        return {"en": (labels.get("en") or label).strip(),
                "zh-CN": (labels.get("zh-CN") or label).strip()}
    if "label" in body:
        label = body["label"]
        if not isinstance(label, str) or not 0 < len(label.strip()) <= 200:
            errors.append(FieldError(f"{prefix}label", "custom.label_required"))
            return None
        return {"en": label.strip(), "zh-CN": label.strip()}
    if current is None:
        errors.append(FieldError(f"{prefix}label", "custom.label_required"))
    return None


def _options(d: dict[str, Any], body: dict[str, Any], current: dict[str, Any] | None,
             prefix: str, errors: list[dict[str, Any]]) -> None:
    picklist = d["type"] in ("picklist", "multi_picklist")
    if not picklist:
        for key in ("options", "inactive", "option_labels"):
            if body.get(key):
                errors.append(FieldError(f"{prefix}{key}", "custom.options_not_allowed"))
        d.pop("options", None)
        d.pop("inactive", None)
        d.pop("option_labels", None)
        return
    options = d.get("options")
    if (not isinstance(options, list) or not options or len(options) > MAX_OPTIONS
            or not all(isinstance(o, str) and len(o) <= 100 and _OPTION_TEXT.fullmatch(o)
                       for o in options)
            or len(set(options)) != len(options)):
        errors.append(FieldError(f"{prefix}options", "custom.options_required"))
        return
    if current is not None:
        for old in current.get("options") or []:
            if old not in options:
                errors.append(FieldError(f"{prefix}options", "custom.option_removed", value=old))
                return
    inactive = d.get("inactive") or []
    if current is None and inactive:  # which options a new field lacks is not a shape
        errors.append(FieldError(f"{prefix}inactive", "custom.inactive_on_create"))
        return
    if not isinstance(inactive, list) or not all(o in options for o in inactive):
        bad = next((o for o in inactive if o not in options), "?") \
            if isinstance(inactive, list) else "?"
        errors.append(FieldError(f"{prefix}inactive", "field.option", value=str(bad)[:50]))
        return
    d["inactive"] = list(dict.fromkeys(inactive))
    _option_labels(d, options, prefix, errors)


def _option_labels(d: dict[str, Any], options: list[str], prefix: str,
                   errors: list[dict[str, Any]]) -> None:
    """``{"option": {"en": …, "zh-CN": …}}``: what each choice reads as in each language
    (a template's ``tier1`` reads 一线城市); choices without one read as themselves."""
    labels = d.get("option_labels")
    if labels is None:
        d.pop("option_labels", None)
        return
    if not isinstance(labels, dict) or not all(
            key in options and isinstance(pair, dict) and set(pair) <= {"en", "zh-CN"}
            and all(isinstance(v, str) and 0 < len(v.strip()) <= 100 for v in pair.values())
            for key, pair in labels.items()):
        errors.append(FieldError(f"{prefix}option_labels", "custom.option_labels"))

def _flags(d: dict[str, Any], prefix: str, errors: list[dict[str, Any]]) -> None:
    for key in ("required", "unique", "filterable"):
        if key in d and not isinstance(d[key], bool):
            errors.append(FieldError(f"{prefix}{key}", "custom.not_boolean"))
    if d.get("unique") and d["type"] not in UNIQUE_TYPES:
        errors.append(FieldError(f"{prefix}unique", "custom.unique_type"))
    if "max_length" in d and d["max_length"] is not None:
        top = MAX_LENGTHS.get(d["type"])
        value = d["max_length"]
        if isinstance(value, float) and value.is_integer():  # JSON's 380.0 is a whole number
            value = d["max_length"] = int(value)
        if top is None or isinstance(value, bool) or not isinstance(value, int) \
                or not 1 <= value <= top:
            errors.append(FieldError(f"{prefix}max_length", "custom.max_length", max=top or 0))
    if "help" in d and d["help"] is not None and (
            not isinstance(d["help"], str) or len(d["help"]) > 500):
        errors.append(FieldError(f"{prefix}help", "field.too_long", max=500))


def build_definition(body: Any, objects: dict[str, ObjectDef], prefix: str = "",
                     current: dict[str, Any] | None = None) -> tuple[dict[str, Any],
                                                                     list[dict[str, Any]]]:
    """The stored definition for a field body (a new one, or a change to ``current``).

    Returns the definition and every problem found, each naming ``prefix + key``.
    """
    errors: list[dict[str, Any]] = []
    if not isinstance(body, dict):
        return {}, [FieldError(prefix.rstrip(".") or "body", "error.body_not_object")]
    for key in body:
        if key not in FIELD_KEYS:
            errors.append(FieldError(f"{prefix}{str(key)[:64]}", "custom.unknown_key"))
    if current is not None:
        for key in IMMUTABLE_KEYS:
            if key in body and body[key] != current.get(key):
                errors.append(FieldError(f"{prefix}{key}", "custom.immutable"))
    d: dict[str, Any] = {**(current or {}),
                         **{k: v for k, v in body.items() if k in FIELD_KEYS - {"api_name"}}}
    labels = _labels(body, current, prefix, errors)
    if labels:
        d["labels"] = labels
        d["label"] = labels["en"]
    d.pop("api_name", None)
    if d.get("type") not in CUSTOM_FIELD_TYPES:
        errors.append(FieldError(f"{prefix}type", "custom.type_unknown",
                                 types=", ".join(CUSTOM_FIELD_TYPES)))
        return d, errors
    if d["type"] == "lookup":
        if d.get("target") not in objects:
            errors.append(FieldError(f"{prefix}target", "custom.target_unknown"))
    elif body.get("target") is not None:
        errors.append(FieldError(f"{prefix}target", "custom.target_unknown"))
    else:
        d.pop("target", None)
    _options(d, body, current, prefix, errors)
    _flags(d, prefix, errors)
    if not errors and d.get("default") is not None:
        errors.extend(_default_errors(d, prefix))
    return d, errors


def _default_errors(d: dict[str, Any], prefix: str) -> list[dict[str, Any]]:
    probe = field_from_definition("default", d)
    if d["type"] == "lookup":
        return [FieldError(f"{prefix}default", "custom.immutable")]
    try:
        coerce(probe, d["default"])
    except ValueInvalid as exc:
        return [exc.field_error(f"{prefix}default")]
    return []


def describe_field(object_name: str, api_name: str, d: dict[str, Any], locale: str,
                   deleted_at: Any = None) -> dict[str, Any]:
    """The admin's view of a custom field: everything it was defined with."""
    f: FieldDef = field_from_definition(api_name, d)
    out = f.describe(locale)
    out.update({
        "object": object_name,
        "options": list(d.get("options") or []) or None,
        "inactive": list(d.get("inactive") or []),
        "unique": bool(d.get("unique")),
        "filterable": bool(d.get("filterable")),
        "default": d.get("default"),
        "help": d.get("help"),
        "deleted_at": deleted_at.isoformat() if deleted_at else None,
    })
    return out
