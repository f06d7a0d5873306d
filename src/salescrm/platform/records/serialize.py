"""Rows → JSON-ready dicts, with field permissions (hidden / masked) applied."""

from __future__ import annotations

from typing import Any

from salescrm.platform.metadata import FieldDef, ObjectDef
from salescrm.platform.permissions import Permissions, mask
from salescrm.platform.records.values import to_json


def readable_fields(obj: ObjectDef, perms: Permissions) -> list[FieldDef]:
    levels = perms.field_levels.get(obj.api_name, {})
    return [f for f in obj.fields.values() if levels.get(f.api_name) != "hidden"]


def builtin_columns(obj: ObjectDef, fields: list[FieldDef]) -> list[Any]:
    """The columns a list or get-one reads: built-in fields plus the custom JSON."""
    cols = [getattr(obj.model, f.api_name) for f in fields if not f.custom]
    cols.append(obj.model.custom)
    return cols


# Types whose stored value is already JSON (str, int, bool, list, dict or None).
_NATIVE_TYPES = frozenset({"text", "textarea", "email", "phone", "url", "picklist", "lookup",
                           "boolean", "integer", "multi_picklist", "json"})
_plans: dict[tuple[Any, ...], tuple[ObjectDef, list[tuple[str, bool, FieldDef | None, bool]]]] = {}


def _plan(obj: ObjectDef, fields: list[FieldDef], levels: dict[str, str]
          ) -> list[tuple[str, bool, FieldDef | None, bool]]:
    """Per field, once per (object, visible fields, field levels): where the value
    comes from, whether it needs converting, whether it is masked. A list page
    serializes 50 rows x 20 fields; deciding this per value was most of its cost."""
    key = (id(obj), tuple(f.api_name for f in fields), tuple(sorted(levels.items())))
    found = _plans.get(key)
    if found is not None and found[0] is obj:
        return found[1]
    plan = [(f.api_name, f.custom, None if f.type in _NATIVE_TYPES and not f.custom else f,
             levels.get(f.api_name) == "masked") for f in fields]
    if len(_plans) > 5000:
        _plans.clear()
    _plans[key] = (obj, plan)  # the ObjectDef is kept so its id() is not reused
    return plan


def row_to_record(obj: ObjectDef, fields: list[FieldDef], row: Any, perms: Permissions) -> dict[str, Any]:
    levels = perms.field_levels.get(obj.api_name, {})
    mapping = row._mapping if hasattr(row, "_mapping") else row
    custom = mapping.get("custom") or {}
    out: dict[str, Any] = {}
    for name, is_custom, convert, masked in _plan(obj, fields, levels):
        value = custom.get(name) if is_custom else mapping[name]
        if convert is not None and value is not None:
            value = to_json(convert, value)
        if masked:
            value = mask(value)
        out[name] = value
    return out
