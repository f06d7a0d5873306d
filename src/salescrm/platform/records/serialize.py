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


def row_to_record(obj: ObjectDef, fields: list[FieldDef], row: Any, perms: Permissions) -> dict:
    levels = perms.field_levels.get(obj.api_name, {})
    mapping = row._mapping if hasattr(row, "_mapping") else row
    custom = mapping.get("custom") or {}
    out: dict[str, Any] = {}
    for f in fields:
        value = custom.get(f.api_name) if f.custom else mapping[f.api_name]
        value = to_json(f, value)
        if levels.get(f.api_name) == "masked":
            value = mask(value)
        out[f.api_name] = value
    return out
