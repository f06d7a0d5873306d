"""OpenAPI pieces shared by the low-code endpoints, so the published contract says
what the server accepts (shapes, patterns, sizes). What depends on the tenant's data
(an object's fields, a role's key, a user's id) is checked by the server and answered
with a 422 naming the field."""

from __future__ import annotations

from typing import Any

from salescrm.platform.conditions import OPS
from salescrm.platform.conditions.tree import MAX_DEPTH, MAX_NODES
from salescrm.platform.customization.definitions import (
    API_NAME_MAX,
    CUSTOM_FIELD_TYPES,
    RESERVED,
)
from salescrm.platform.records.openapi import EXTRA_COMPONENTS

PROBLEM = {"description": "Problem", "content": {"application/problem+json": {
    "schema": {"$ref": "#/components/schemas/Problem"}}}}
ERRORS: dict[int | str, dict[str, Any]] = {
    400: PROBLEM, 401: PROBLEM, 403: PROBLEM, 404: PROBLEM, 409: PROBLEM, 422: PROBLEM}


API_NAME = {"type": "string", "pattern": "^[a-z][a-z0-9]*(_[a-z0-9]+)*$", "minLength": 2,
            "maxLength": API_NAME_MAX, "not": {"enum": sorted(RESERVED)},
            "description": "not a reserved word (SQL, Python, the record's own columns)"}
OBJECT_NAME = {"type": "string", "pattern": "^[a-z][a-z0-9_]{1,63}$",
               "description": "api name of a built-in or custom object"}
TEXT = {"type": "string", "minLength": 1, "maxLength": 200, "pattern": r"\S"}
LABELS = {"type": "object", "required": ["en", "zh-CN"], "additionalProperties": False,
          "properties": {"en": TEXT, "zh-CN": TEXT}}
# A field's or object's labels: one language is enough, it stands for the other.
LABELS_ONE_OR_BOTH = {"type": "object", "minProperties": 1, "additionalProperties": False,
                      "properties": {"en": TEXT, "zh-CN": TEXT},
                      "description": "en and/or zh-CN; a missing one takes the other's text"}


# Whether a leaf's field exists on the object (and so which operators and values fit
# it) depends on the tenant's metadata: answered with a 422 naming the field.
LEAF = {"type": "object", "required": ["field", "op"], "additionalProperties": False,
        "properties": {"field": {"type": "string"}, "op": {"type": "string", "enum": list(OPS)},
                       "value": {}}}
_NODE = {"$ref": "#/components/schemas/Condition"}
CONDITION_TREE: dict[str, Any] = {
    "description": "Condition tree: {all:[…]} | {any:[…]} | {not:{…}} | {field, op, value}; "
                   f"at most {MAX_DEPTH} levels and {MAX_NODES} nodes; fields must exist on "
                   "the object and operators fit their type",
    "oneOf": [
        {"type": "object", "required": ["all"], "additionalProperties": False,
         "properties": {"all": {"type": "array", "maxItems": 50, "items": _NODE}}},
        {"type": "object", "required": ["any"], "additionalProperties": False,
         "properties": {"any": {"type": "array", "maxItems": 50, "items": _NODE}}},
        {"type": "object", "required": ["not"], "additionalProperties": False,
         "properties": {"not": _NODE}},
        LEAF,
    ]}
EXTRA_COMPONENTS["Condition"] = lambda: CONDITION_TREE
CONDITION: dict[str, Any] = _NODE
FIELD_TYPES = {"type": "string", "enum": list(CUSTOM_FIELD_TYPES)}
QUERY_OBJECT = r"^[a-z][a-z0-9_]{1,63}$"


def object_names() -> dict[str, Any]:
    """The built-in objects by name (custom objects are accepted too: their names
    depend on the tenant, so the document cannot list them)."""
    from salescrm.platform.metadata import builtin_objects

    names = sorted(builtin_objects())
    if not names:  # imported before the modules registered their objects
        return OBJECT_NAME
    return {"type": "string", "enum": names,
            "description": "a built-in object, or the api name of a custom object"}


def body_doc(schema: dict[str, Any], required: bool = True) -> dict[str, Any]:
    return {"requestBody": {"required": required, "content": {
        "application/json": {"schema": schema}}}}
