"""OpenAPI documentation of each object's routes, derived from its metadata, so the
published contract says exactly what the server accepts and answers."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from salescrm.platform.metadata import FieldDef, ObjectDef
from salescrm.platform.records.behaviour import behaviour_for
from salescrm.platform.records.query import MAX_LIMIT, OPERATORS
from salescrm.platform.records.values import BLANK_CLASS, FORMATS, INTEGER_MAX

PROBLEM = {"$ref": "#/components/schemas/Problem"}


def problem_schema() -> dict[str, Any]:
    return {
        "type": "object",
        "required": ["type", "title", "status", "detail", "errors"],
        "properties": {
            "type": {"type": "string"}, "title": {"type": "string"},
            "status": {"type": "integer"}, "detail": {"type": "string"},
            "code": {"type": "string"},
            "errors": {"type": "array", "items": {
                "type": "object", "required": ["field", "message"],
                "properties": {"field": {"type": "string"}, "message": {"type": "string"},
                               "code": {"type": ["string", "null"]}},
            }},
        },
    }


# What ``records/values.py`` accepts for text-like input, as patterns: the server trims
# surrounding blanks, refuses NUL characters, and reads a blank optional value as null.
_B = BLANK_CLASS
# Text with something besides blanks, no NUL.
NOT_BLANK = rf"^[^\x00]*[^{_B}\x00][^\x00]*$"
# Named schemas that modules publish beside the objects' (``#/components/schemas/<name>``),
# built with the document for the same reason: name → fn() returning the schema.
EXTRA_COMPONENTS: dict[str, Callable[[], dict[str, Any]]] = {}


def _text_input(f: FieldDef) -> dict[str, Any]:
    if f.type == "lookup":  # an id; whether it names a visible record is checked later (422)
        return {"maxLength": 64, "pattern": NOT_BLANK if f.required else r"^[^\x00]*$"}
    if f.type in FORMATS:
        core = rf"[{_B}]*{FORMATS[f.type]}[{_B}]*"
        pattern = rf"^{core}$" if f.required else rf"^([{_B}]*|{core})$"
    else:
        pattern = NOT_BLANK if f.required else r"^[^\x00]*$"
    out: dict[str, Any] = {"pattern": pattern}
    if f.limit():
        out["maxLength"] = f.limit()
    return out


def _decimal_input(f: FieldDef) -> dict[str, Any]:
    """Money: at most 2 decimals, |x| < 1e16; numbers: |x| < 1e15 (values.py)."""
    money = f.type == "money"
    digits, places = ("{1,16}", "{1,2}") if money else ("{1,15}", "+")
    sign = "" if f.minimum is not None and f.minimum >= 0 else "-?"
    text = {"type": "string",
            "pattern": rf"^[{_B}]*{sign}[0-9]{digits}(\.[0-9]{places})?[{_B}]*$"}
    limit = 1e16 if money else 1e15
    number: dict[str, Any] = {"type": "number"}
    if f.minimum is None:
        number["exclusiveMinimum"] = -limit
    else:
        number["minimum"] = f.minimum
    if f.maximum is None:
        number["exclusiveMaximum"] = limit
    else:
        number["maximum"] = f.maximum
    if money:
        number["multipleOf"] = 0.01  # as the number is spelled: schemathesis and values.py
    return {"oneOf": [text, number]}


def field_schema(f: FieldDef, *, for_input: bool) -> dict[str, Any]:
    t = f.type
    schema: dict[str, Any]
    if f.json_schema:
        schema = dict(f.json_schema)
    elif t in ("money", "number"):
        pattern = r"^-?\d{1,16}(\.\d{1,2})?$" if t == "money" else r"^-?\d{1,15}(\.\d+)?$"
        schema = _decimal_input(f) if for_input else {"type": "string", "pattern": pattern}
    elif t == "integer":
        schema = {"type": "integer"}
        if for_input:
            schema["minimum"] = -INTEGER_MAX if f.minimum is None else f.minimum
            schema["maximum"] = INTEGER_MAX if f.maximum is None else f.maximum
    elif t == "boolean":
        schema = {"type": "boolean"}
    elif t == "date":
        schema = {"type": "string", "format": "date"}
    elif t == "datetime":
        schema = {"type": "string", "format": "date-time"}
    elif t == "multi_picklist":
        schema = {"type": "array", "items": {"type": "string"}}
        if f.options:
            schema["items"]["enum"] = list(f.options)
        if for_input and f.required:
            schema["minItems"] = 1
    elif t == "json":
        schema = {"type": "object"}
    else:
        schema = {"type": "string"}
        if t == "picklist" and f.options:
            schema["enum"] = list(f.options)
        elif for_input:
            schema.update(_text_input(f))
    # Input: a field that may be empty takes null; output: any field may be null.
    if not for_input or (not f.required and f.nullable):
        schema = {"anyOf": [schema, {"type": "null"}]}
    schema["description"] = f"{f.label_en} / {f.label_zh}"
    return schema


def record_schema(obj: ObjectDef) -> dict[str, Any]:
    return {
        "type": "object",
        "description": "Custom fields of the tenant appear at top level beside these.",
        "properties": {n: field_schema(f, for_input=False) for n, f in obj.fields.items()},
        "additionalProperties": True,
    }


def input_schema(obj: ObjectDef, creating: bool) -> dict[str, Any]:
    writable = {n: f for n, f in obj.fields.items() if not f.readonly}
    props = {n: field_schema(f, for_input=True) for n, f in writable.items()}
    schema: dict[str, Any] = {"type": "object", "properties": props,
                              "additionalProperties": False}
    behaviour = behaviour_for(obj)  # cross-field rules and extra inputs of the object
    if creating:
        schema["required"] = [n for n, f in writable.items() if f.required]
        if behaviour.create_constraints:
            schema["allOf"] = list(behaviour.create_constraints)
    else:
        props["version"] = {"type": "integer", "minimum": 1, "maximum": INTEGER_MAX,
                            "description": "The version you read (optimistic lock)."}
        schema["required"] = ["version"]
    if behaviour.input_schema:
        behaviour.input_schema(schema, creating)
    return schema


def _responses(ok: dict[str, Any], *statuses: int) -> dict[str, Any]:
    out = dict(ok)
    for status in (401, 404, 422, *statuses):
        out[str(status)] = {"description": "Problem",
                            "content": {"application/problem+json": {"schema": PROBLEM}}}
    return out


def list_parameters(obj: ObjectDef) -> list[dict[str, Any]]:
    params: list[dict[str, Any]] = [
        {"name": "limit", "in": "query", "schema": {"type": "integer", "minimum": 1,
                                                      "maximum": MAX_LIMIT, "default": 50}},
        {"name": "cursor", "in": "query", "schema": {"type": "string"}},
        {"name": "sort", "in": "query", "schema": {"type": "string", "enum": sorted(
            [n for n, f in obj.fields.items() if f.type != "multi_picklist"]
            + [f"-{n}" for n, f in obj.fields.items() if f.type != "multi_picklist"])}},
        {"name": "q", "in": "query", "schema": {"type": "string"},
         "description": "Search text (the first 200 characters are used)."},
        {"name": "count", "in": "query", "schema": {"type": "boolean"}},
        {"name": "deleted", "in": "query", "schema": {"type": "boolean"},
         "description": "List the recycle bin instead."},
    ]
    ops = ", ".join(f"`field__{op}`" for op in OPERATORS if op != "eq")
    params[0]["description"] = (f"Filters: `field=value`, {ops} on any field.")
    return params


def object_docs(obj: ObjectDef) -> dict[str, dict[str, Any]]:
    name = obj.api_name
    record = {"$ref": f"#/components/schemas/{name}_record"}

    def json_ok(schema: dict[str, Any], code: str = "200") -> dict[str, Any]:
        return {code: {"description": "OK", "content": {"application/json": {"schema": schema}}}}

    page = {"type": "object", "required": ["items", "next_cursor"], "properties": {
        "items": {"type": "array", "items": record},
        "next_cursor": {"anyOf": [{"type": "string"}, {"type": "null"}]},
        "total": {"type": "integer"}}}

    def body(creating: bool) -> dict[str, Any]:
        return {"requestBody": {"required": True, "content": {
            "application/json": {"schema": {"$ref": f"#/components/schemas/{name}_"
                                            + ("create" if creating else "update")}}}}}

    return {
        "list": {"parameters": list_parameters(obj),
                 "responses": _responses(json_ok(page), 400, 403)},
        "get": {"responses": _responses(json_ok(record), 403, 409)},
        "create": {**body(True), "responses": _responses(json_ok(record, "201"), 400, 403,
                                                         409, 413)},
        "update": {**body(False), "responses": _responses(json_ok(record), 400, 403, 409, 413)},
        "delete": {"responses": _responses({"204": {"description": "Deleted"}}, 403, 409)},
    }


def components(objects: list[ObjectDef]) -> dict[str, Any]:
    schemas: dict[str, Any] = {"Problem": problem_schema()}
    for obj in objects:
        schemas[f"{obj.api_name}_record"] = record_schema(obj)
        schemas[f"{obj.api_name}_create"] = input_schema(obj, True)
        schemas[f"{obj.api_name}_update"] = input_schema(obj, False)
    for name, build in EXTRA_COMPONENTS.items():
        schemas[name] = build()
    return schemas
