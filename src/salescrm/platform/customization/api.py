"""Metadata API for administrators: custom objects and fields, validation rules and
page layouts. Handlers only translate HTTP ↔ services."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Query, Request
from starlette.responses import Response

from salescrm.platform.auth.scopes import needs
from salescrm.platform.boundary import json_response, read_json, run
from salescrm.platform.customization import docs, fields, layouts, objects, rules
from salescrm.platform.customization.definitions import (
    CUSTOM_FIELD_TYPES,
    MAX_LENGTHS,
    UNIQUE_TYPES,
)
from salescrm.platform.definitions import require_admin
from salescrm.platform.metadata.api import describe
from salescrm.platform.records.titles import AUTO_NUMBER_PATTERN
from salescrm.platform.tenancy import Context

router = APIRouter(prefix="/api/v1", tags=["customization"])
# No space or control character at either end: what Python's strip() (the check) and
# ECMAScript's \s (clients' pattern engines) call whitespace differ on \x1c-\x1f and \x85.
_EDGE = r"[^\s\u0000-\u001f\u0085]"
OPTION = {"type": "string", "minLength": 1, "maxLength": 100,
          "pattern": f"^{_EDGE}(.*{_EDGE})?$"}
FIELD_BODY: dict[str, Any] = {
    "type": "object", "required": ["api_name", "type"], "additionalProperties": False,
    "anyOf": [{"required": ["label"]}, {"required": ["labels"]}],
    "properties": {
        "api_name": docs.API_NAME, "label": docs.TEXT, "labels": docs.LABELS_ONE_OR_BOTH,
        "type": docs.FIELD_TYPES, "required": {"type": "boolean"},
        "unique": {"type": "boolean", "description": "not for boolean, picklists, textarea"},
        "filterable": {"type": "boolean"},
        "default": {"description": "a valid value of the field"},
        "help": {"type": "string", "maxLength": 500},
        "options": {"type": "array", "minItems": 1, "maxItems": 500, "uniqueItems": True,
                    "items": OPTION, "description": "picklists only, in display order"},
        "inactive": {"type": "array", "items": OPTION,
                     "description": "deactivated options (kept on existing records)"},
        "option_labels": {"type": "object", "additionalProperties": {
            "type": "object", "additionalProperties": False, "properties": {
                "en": OPTION, "zh-CN": OPTION}},
            "description": "picklists: what an option reads as per language "
                           "(the option itself when not given)"},
        "target": {"type": "string", "description": "lookups: the target object"},
        "max_length": {"type": ["integer", "null"], "minimum": 1, "maximum": 10000}},
    "allOf": [
        {"if": {"properties": {"type": {"enum": ["picklist", "multi_picklist"]}}},
         "then": {"required": ["options"]},
         "else": {"properties": {"options": {"maxItems": 0}, "inactive": {"maxItems": 0}}}},
        {"if": {"properties": {"type": {"const": "lookup"}}},
         "then": {"required": ["target"]}, "else": {"not": {"required": ["target"]}}},
        # Only text-like fields take a maximum length, each up to its type's own limit.
        *({"if": {"properties": {"type": {"const": t}}},
           "then": {"properties": {"max_length": (
               {"type": ["integer", "null"], "minimum": 1, "maximum": MAX_LENGTHS[t]}
               if t in MAX_LENGTHS else {"type": "null"})}}}
          for t in CUSTOM_FIELD_TYPES),
        {"if": {"properties": {"type": {"enum": sorted(set(CUSTOM_FIELD_TYPES) - UNIQUE_TYPES)}}},
         "then": {"properties": {"unique": {"enum": [False, None]}}}},
    ]}
FIELD_PATCH = {k: v for k, v in FIELD_BODY.items() if k not in ("required", "anyOf", "allOf")}
# A new field starts with every option active (deactivating is a change: PATCH).
FIELD_BODY["properties"] = {**FIELD_BODY["properties"], "inactive": {
    "type": "array", "maxItems": 0, "description": "deactivate options later with PATCH"}}
RULE_BODY = {"type": "object", "required": ["object", "name", "condition", "message"],
             "additionalProperties": False,
             "properties": {"object": docs.object_names(), "name": docs.TEXT,
                            "condition": docs.CONDITION, "message": docs.LABELS,
                            "field": {"type": ["string", "null"]},
                            "is_active": {"type": "boolean"}, "version": {"type": "integer"}}}
LAYOUT_BODY = {"type": "object", "required": ["groups"], "properties": {"groups": {
    "type": "array", "minItems": 1, "maxItems": 50, "items": {
        "type": "object", "required": ["key", "labels", "fields"],
        "properties": {"key": {"type": "string", "pattern": "^[a-z][a-z0-9_]{0,62}$"},
                       "labels": docs.LABELS,
                       "fields": {"type": "array", "items": {"type": "string"}}}}}}}
# Fields created with their object take no default yet (see objects.create_object).
OBJECT_FIELD_BODY = {**FIELD_BODY, "properties": {
    k: v for k, v in FIELD_BODY["properties"].items() if k != "default"}}
TITLE = {"type": "object", "additionalProperties": False, "minProperties": 1,
         "description": "What lists, search and lookups show for a record: one of the "
         "object's text fields (made required), or an auto-number drawn when a record is "
         "created (in a read-only text field, `number` unless `field` names one). Default: "
         "the first required text field, else the auto-number `{0000}`.",
         "properties": {"field": docs.API_NAME, "auto_number": {
             "type": "string", "minLength": 1, "maxLength": 100,
             "pattern": AUTO_NUMBER_PATTERN,
             "description": "literal text, one counter `{0000}` (zero-padded to as many "
             "digits as zeros) and, if wanted, `{YYYY}` `{YY}` `{MM}` `{DD}` (UTC date of "
             "creation), e.g. `EQ-{YYYY}-{0000}`"}}}
OBJECT_BODY = {"type": "object", "required": ["api_name"], "additionalProperties": False,
               "anyOf": [{"required": ["label"]}, {"required": ["labels"]}],
               "properties": {"api_name": docs.API_NAME, "label": docs.TEXT,
                              "labels": docs.LABELS_ONE_OR_BOTH,
                              "fields": {"type": "array", "maxItems": 100,
                                         "items": OBJECT_FIELD_BODY},
                              "title": TITLE}}
ERRORS = docs.ERRORS
body_doc = docs.body_doc


def _route_names(request: Request) -> set[str]:
    """First path segments already served under /api/v1 (a custom object must not hide
    them behind the records catch-all, nor be hidden by them)."""
    names = set()
    for route in request.app.routes:
        path = getattr(route, "path", "")
        if path.startswith("/api/v1/"):
            first = path[len("/api/v1/"):].split("/", 1)[0]
            if first and not first.startswith("{"):
                names.add(first)
    return names


# --- custom objects -------------------------------------------------------------
@router.post("/meta/objects", summary="Create a custom object (served at once under "
             "/api/v1/<api_name>)", status_code=201, responses=ERRORS,
             openapi_extra=needs("admin", body_doc(OBJECT_BODY)))
async def create_object(request: Request) -> Response:
    body = await read_json(request)
    taken = _route_names(request)

    def work(ctx: Context) -> dict[str, Any]:
        row = objects.create_object(ctx, body, taken)
        return describe(ctx, row.api_name)

    return json_response(await run(request, work, write=True), status=201)


@router.patch("/meta/objects/{object_name}", summary="Change a custom object's labels or "
              "record title (another text field; an auto-numbered object's format)",
              responses=ERRORS, openapi_extra=needs("admin", body_doc({
                  "type": "object", "additionalProperties": False,
                  "properties": {"label": docs.TEXT, "labels": docs.LABELS_ONE_OR_BOTH,
                                 "title": TITLE}})))
async def update_object(request: Request, object_name: str) -> Response:
    body = await read_json(request)

    def work(ctx: Context) -> dict[str, Any]:
        row = objects.update_object(ctx, object_name, body)
        return describe(ctx, row.api_name)

    return json_response(await run(request, work, write=True))


@router.delete("/meta/objects/{object_name}", status_code=204, responses=ERRORS,
               summary="Delete a custom object (its records stay, restorable)", openapi_extra=needs("admin"))
async def delete_object(request: Request, object_name: str) -> Response:
    await run(request, lambda ctx: objects.delete_object(ctx, object_name), write=True)
    return Response(status_code=204)


@router.post("/meta/objects/{object_name}/restore", summary="Restore a deleted custom object",
             responses=ERRORS, openapi_extra=needs("admin"))
async def restore_object(request: Request, object_name: str) -> Response:
    def work(ctx: Context) -> dict[str, Any]:
        row = objects.restore_object(ctx, object_name)
        return describe(ctx, row.api_name)

    return json_response(await run(request, work, write=True))


# --- custom fields ---------------------------------------------------------------
@router.get("/meta/objects/{object_name}/fields", responses=ERRORS,
            summary="An object's custom fields (deleted=true: the restorable ones)", openapi_extra=needs("{object_name}:read"))
async def list_fields(request: Request, object_name: str, deleted: bool = False) -> Response:
    return json_response(await run(request, lambda ctx: fields.list_fields(
        ctx, object_name, deleted)))


@router.post("/meta/objects/{object_name}/fields", summary="Add a custom field",
             status_code=201, responses=ERRORS, openapi_extra=needs("admin", body_doc(FIELD_BODY)))
async def create_field(request: Request, object_name: str) -> Response:
    body = await read_json(request)
    return json_response(await run(request, lambda ctx: fields.create_field(
        ctx, object_name, body), write=True), status=201)


@router.patch("/meta/objects/{object_name}/fields/{api_name}", responses=ERRORS,
              summary="Change a custom field (labels, required, options order and "
              "deactivation, default, help, unique, filterable)",
              openapi_extra=needs("admin", body_doc(FIELD_PATCH)))
async def update_field(request: Request, object_name: str, api_name: str) -> Response:
    body = await read_json(request)
    return json_response(await run(request, lambda ctx: fields.update_field(
        ctx, object_name, api_name, body), write=True))


@router.delete("/meta/objects/{object_name}/fields/{api_name}", status_code=204,
               responses=ERRORS,
               summary="Delete a custom field (values kept, restorable for 30 days)", openapi_extra=needs("admin"))
async def delete_field(request: Request, object_name: str, api_name: str) -> Response:
    await run(request, lambda ctx: fields.delete_field(ctx, object_name, api_name),
              write=True)
    return Response(status_code=204)


@router.post("/meta/objects/{object_name}/fields/{api_name}/restore", responses=ERRORS,
             summary="Restore a custom field deleted in the last 30 days, with its values", openapi_extra=needs("admin"))
async def restore_field(request: Request, object_name: str, api_name: str) -> Response:
    return json_response(await run(request, lambda ctx: fields.restore_field(
        ctx, object_name, api_name), write=True))


# --- page layouts ------------------------------------------------------------------
@router.get("/meta/objects/{object_name}/layout", responses=ERRORS,
            summary="The form layout (field groups and order); stage= for opportunities", openapi_extra=needs("{object_name}:read"))
async def get_layout(request: Request, object_name: str, stage: str | None = None
                     ) -> Response:
    return json_response(await run(request, lambda ctx: layouts.get_layout(
        ctx, object_name, stage)))


@router.put("/meta/objects/{object_name}/layout", responses=ERRORS,
            summary="Set the object's layout (or a stage's, with stage=)",
            openapi_extra=needs("admin", body_doc(LAYOUT_BODY)))
async def put_layout(request: Request, object_name: str, stage: str | None = None
                     ) -> Response:
    body = await read_json(request)
    return json_response(await run(request, lambda ctx: layouts.put_layout(
        ctx, object_name, stage, body), write=True))


@router.delete("/meta/objects/{object_name}/layout", status_code=204, responses=ERRORS,
               summary="Back to the default layout (a stage falls back to the object's)", openapi_extra=needs("admin"))
async def delete_layout(request: Request, object_name: str, stage: str | None = None
                        ) -> Response:
    await run(request, lambda ctx: layouts.delete_layout(ctx, object_name, stage),
              write=True)
    return Response(status_code=204)


# --- validation rules ---------------------------------------------------------------
@router.get("/validation_rules", summary="Validation rules (object= to filter)",
            responses=ERRORS, openapi_extra=needs("admin"))
async def list_rules(request: Request, object: str | None = Query(
        None, pattern=docs.QUERY_OBJECT)) -> Response:
    return json_response(await run(request, lambda ctx: rules.list_rules(ctx, object)))


@router.post("/validation_rules", summary="Add a validation rule", status_code=201,
             responses=ERRORS, openapi_extra=needs("admin", body_doc(RULE_BODY)))
async def create_rule(request: Request) -> Response:
    body = await read_json(request)
    return json_response(await run(request, lambda ctx: rules.view(
        rules.create_rule(ctx, body)), write=True), status=201)


@router.get("/validation_rules/{rule_id}", summary="One validation rule", responses=ERRORS, openapi_extra=needs("admin"))
async def get_rule(request: Request, rule_id: str) -> Response:
    def work(ctx: Context) -> dict[str, Any]:
        require_admin(ctx)
        return rules.view(rules.get_rule(ctx, rule_id))

    return json_response(await run(request, work))


@router.patch("/validation_rules/{rule_id}", summary="Change a validation rule",
              responses=ERRORS, openapi_extra=needs("admin", body_doc({**RULE_BODY, "required": []})))
async def update_rule(request: Request, rule_id: str) -> Response:
    body = await read_json(request)
    return json_response(await run(request, lambda ctx: rules.view(
        rules.update_rule(ctx, rule_id, body)), write=True))


@router.delete("/validation_rules/{rule_id}", status_code=204, responses=ERRORS,
               summary="Delete a validation rule", openapi_extra=needs("admin"))
async def delete_rule(request: Request, rule_id: str) -> Response:
    await run(request, lambda ctx: rules.delete_rule(ctx, rule_id), write=True)
    return Response(status_code=204)
