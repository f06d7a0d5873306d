"""``/api/v1/automation_rules``: rules and the log of their runs."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Query, Request
from starlette.responses import Response

from salescrm.platform.auth.scopes import needs
from salescrm.platform.automation import rules
from salescrm.platform.boundary import json_response, read_json, run
from salescrm.platform.customization import docs
from salescrm.platform.definitions import require_admin
from salescrm.platform.metadata import builtin_objects
from salescrm.platform.records.openapi import EXTRA_COMPONENTS
from salescrm.platform.tenancy import Context
from salescrm.platform.webhooks.destinations import DESTINATION_PATTERN

router = APIRouter(prefix="/api/v1/automation_rules", tags=["automation"])
ERRORS = docs.ERRORS
PERSON = {"type": "string", "minLength": 1, "maxLength": 64,
          "description": "\"owner\", \"creator\" or a user id"}


def _action(kind: str, required: list[str], props: dict[str, Any]) -> dict[str, Any]:
    return {"type": "object", "required": ["type", *required], "additionalProperties": False,
            "properties": {"type": {"const": kind}, **props}}


ACTION = {"oneOf": [
    _action("update_field", ["field"], {"field": {"type": "string"}, "value": {}}),
    _action("create_task", ["title"], {
        "title": docs.TEXT, "due_in_days": {"type": "integer", "minimum": 0, "maximum": 3650},
        "assignee": PERSON, "description": {"type": "string", "maxLength": 4000},
        "priority": {"$ref": "#/components/schemas/TaskPriority"}}),
    _action("notify", [], {"user": PERSON, "message": {"type": "string", "maxLength": 1000}}),
    _action("webhook", ["url"], {
        "url": {"type": "string", "maxLength": 2000, "pattern": DESTINATION_PATTERN},
        "secret": {"type": "string", "minLength": 1, "maxLength": 200}}),
    _action("assign", ["user_id"], {"user_id": {"type": "string", "maxLength": 64}}),
    _action("move_to_pool", [], {}),
]}
RULE_BODY: dict[str, Any] = {
    "type": "object", "required": ["name", "object", "trigger", "actions"],
    "additionalProperties": False,
    "properties": {
        "name": docs.TEXT, "object": docs.object_names(),
        "trigger": {"type": "string", "enum": list(rules.TRIGGERS)},
        "field": {"type": ["string", "null"],
                  "description": "field_changed: the field; scheduled: a date field"},
        "offset_days": {"type": ["integer", "null"], "minimum": -3650, "maximum": 3650,
                        "description": "scheduled only: days after (or before) the date"},
        "condition": {"anyOf": [{"type": "null"}, docs.CONDITION]},
        "is_active": {"type": "boolean"}, "version": {"type": "integer"},
        "actions": {"type": "array", "minItems": 1, "maxItems": rules.MAX_ACTIONS,
                    "items": ACTION}},
    "allOf": [{"$ref": "#/components/schemas/AutomationOwnedObjects"},
              {"if": {"properties": {"trigger": {"enum": ["field_changed", "scheduled"]}}},
               "then": {"required": ["field"]},
               "else": {"properties": {"field": {"type": "null"}}}},
              {"if": {"properties": {"trigger": {"const": "scheduled"}}},
               "then": {"properties": {"offset_days": {"type": "integer"}}},
               "else": {"properties": {"offset_days": {"enum": [0, None]}}}}]}


def _task_priority() -> dict[str, Any]:
    """A task's priority: one of the tasks object's options (read when the document is
    built, once every module registered its objects)."""
    tasks = builtin_objects().get("tasks")
    field = tasks.fields.get("priority") if tasks else None
    if field is None or not field.options:
        return {"type": ["string", "null"]}
    return {"anyOf": [{"type": "string", "enum": list(field.options)}, {"type": "null"}]}


def _owned_objects() -> dict[str, Any]:
    """Assigning or moving to the pool needs records with an owner: not on the built-in
    objects without one."""
    unowned = sorted(name for name, obj in builtin_objects().items() if not obj.owned)
    return {"if": {"required": ["object"], "properties": {"object": {"enum": unowned}}},
            "then": {"properties": {"actions": {"items": {"properties": {
                "type": {"not": {"enum": ["assign", "move_to_pool"]}}}}}}}}


EXTRA_COMPONENTS["TaskPriority"] = _task_priority
EXTRA_COMPONENTS["AutomationOwnedObjects"] = _owned_objects


@router.get("", summary="Automation rules (object= to filter)", responses=ERRORS, openapi_extra=needs("admin"))
async def list_rules(request: Request, object: str | None = Query(
        None, pattern=docs.QUERY_OBJECT)) -> Response:
    return json_response(await run(request, lambda ctx: rules.list_rules(ctx, object)))


@router.post("", summary="Create an automation rule", status_code=201, responses=ERRORS,
             openapi_extra=needs("admin", docs.body_doc(RULE_BODY)))
async def create_rule(request: Request) -> Response:
    body = await read_json(request)
    return json_response(await run(request, lambda ctx: rules.view(
        rules.create_rule(ctx, body)), write=True), status=201)


@router.get("/{rule_id}", summary="One automation rule", responses=ERRORS, openapi_extra=needs("admin"))
async def get_rule(request: Request, rule_id: str) -> Response:
    def work(ctx: Context) -> dict[str, Any]:
        require_admin(ctx)
        return rules.view(rules.get_rule(ctx, rule_id))

    return json_response(await run(request, work))


@router.patch("/{rule_id}", summary="Change an automation rule", responses=ERRORS,
              openapi_extra=needs("admin", docs.body_doc({k: v for k, v in RULE_BODY.items()
                                       if k not in ("required", "allOf")})))
async def update_rule(request: Request, rule_id: str) -> Response:
    body = await read_json(request)
    return json_response(await run(request, lambda ctx: rules.view(
        rules.update_rule(ctx, rule_id, body)), write=True))


@router.delete("/{rule_id}", status_code=204, responses=ERRORS,
               summary="Delete an automation rule", openapi_extra=needs("admin"))
async def delete_rule(request: Request, rule_id: str) -> Response:
    await run(request, lambda ctx: rules.delete_rule(ctx, rule_id), write=True)
    return Response(status_code=204)


@router.get("/{rule_id}/runs", summary="The rule's runs with their outcome, newest first "
            "(status=succeeded|failed|skipped|loop_stopped)", responses=ERRORS, openapi_extra=needs("admin"))
async def list_runs(
        request: Request, rule_id: str,
        status: str | None = Query(None, pattern="^(succeeded|failed|skipped|loop_stopped)$"),
        record_id: str | None = Query(None, max_length=64)) -> Response:
    params = dict(request.query_params)
    return json_response(await run(request, lambda ctx: rules.list_runs(ctx, rule_id, params)))
