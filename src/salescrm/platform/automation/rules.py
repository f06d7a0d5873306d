"""Automation rules: checked when saved so that a saved rule can always run.

``{"name","object","trigger","field"?,"offset_days"?,"condition"?,"actions":[…]}``
- created / updated: on every create / update of the object;
- field_changed: on an update (or create) that changes ``field``;
- scheduled: when ``field`` (a date or date-time) plus ``offset_days`` has come —
  e.g. close_date with -3 is "3 days before the close date", last_activity_at with
  7 is "7 days without activity". Each record fires once per value of the field.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select

from salescrm.models import AutomationRule, AutomationRun, User
from salescrm.platform import conditions
from salescrm.platform.automation import messages as _messages  # noqa: F401
from salescrm.platform.customization.versioning import VERSIONED_CACHES, bump_metadata_version
from salescrm.platform.definitions import Definitions, require_admin
from salescrm.platform.errors import FieldError, ProblemError, validation_error
from salescrm.platform.metadata import ObjectDef
from salescrm.platform.records.values import ValueInvalid, coerce
from salescrm.platform.tenancy import Context
from salescrm.platform.webhooks.destinations import destination_problem

TRIGGERS = ("created", "updated", "field_changed", "scheduled")
ACTION_TYPES = ("update_field", "create_task", "notify", "webhook", "assign", "move_to_pool")
ACTION_KEYS = {
    "update_field": {"field", "value"},
    "create_task": {"title", "due_in_days", "assignee", "description", "priority"},
    "notify": {"user", "message"},
    "webhook": {"url", "secret"},
    "assign": {"user_id"},
    "move_to_pool": set(),
}
MAX_ACTIONS = 10
RULE_KEYS = {"name", "object", "trigger", "field", "offset_days", "condition", "actions",
             "is_active", "version"}


@dataclass(frozen=True)
class Rule:
    """A saved rule as the runner uses it (read once per metadata version)."""

    id: str
    name: str
    object: str
    trigger: str
    field: str | None
    condition: Any
    actions: list[Any]
    offset_days: int


_cache: dict[tuple[str, int], dict[str, list[Rule]]] = {}
_lock = threading.Lock()
VERSIONED_CACHES.append(_cache)  # type: ignore[arg-type]


def spec(rule: AutomationRule) -> Rule:
    return Rule(rule.id, rule.name, rule.object, rule.trigger, rule.field, rule.condition,
                list(rule.actions), int((rule.schedule or {}).get("offset_days") or 0))


def active_rules(session: Any, tenant_id: str, metadata_version: int) -> dict[str, list[Rule]]:
    """The tenant's active rules by object, cached per metadata version (every change
    of a rule moves the version)."""
    key = (tenant_id, metadata_version)
    found = _cache.get(key)
    if found is None:
        found = {}
        for rule in session.scalars(select(AutomationRule).where(
                AutomationRule.is_active.is_(True), AutomationRule.deleted_at.is_(None))
                .order_by(AutomationRule.created_at, AutomationRule.id)):
            found.setdefault(rule.object, []).append(spec(rule))
        with _lock:
            if len(_cache) > 2000:
                _cache.clear()
            _cache[key] = found
    return found


def _active_user(ctx: Context, user_id: Any) -> bool:
    return isinstance(user_id, str) and ctx.session.scalar(select(User.id).where(
        User.id == user_id[:64], User.deleted_at.is_(None), User.is_active.is_(True))) is not None


def _check_person(ctx: Context, value: Any, path: str) -> list[dict[str, Any]]:
    if value in ("owner", "creator") or _active_user(ctx, value):
        return []
    if isinstance(value, str):  # names a user who is not there
        return [FieldError(path, "field.lookup", target=ctx.object("users").label(ctx.locale))]
    return [FieldError(path, "automation.assignee")]


def _check_action(ctx: Context, obj: ObjectDef, action: Any, path: str
                  ) -> list[dict[str, Any]]:
    if not isinstance(action, dict) or action.get("type") not in ACTION_TYPES:
        return [FieldError(f"{path}.type", "automation.action_type",
                           types=", ".join(ACTION_TYPES))]
    kind = action["type"]
    errors: list[dict[str, Any]] = [FieldError(f"{path}.{str(k)[:40]}", "custom.unknown_key")
                                    for k in action if k not in ACTION_KEYS[kind] | {"type"}]
    if kind == "update_field":
        name = action.get("field")
        f = obj.fields.get(name) if isinstance(name, str) else None
        if f is None:
            errors.append(FieldError(f"{path}.field", "condition.unknown_field",
                                     field=str(action.get("field"))[:64]))
        elif f.readonly or f.type == "json" or f.api_name == "owner_id":
            errors.append(FieldError(f"{path}.field", "automation.not_writable"))
        else:
            try:
                coerce(f, action.get("value"))
            except ValueInvalid as exc:
                errors.append(exc.field_error(f"{path}.value"))
    elif kind == "create_task":
        errors.extend(_check_task(ctx, action, path))
    elif kind == "notify":
        errors.extend(_check_person(ctx, action.get("user", "owner"), f"{path}.user"))
        message = action.get("message")
        if message is not None and not (isinstance(message, str) and len(message) <= 1000):
            errors.append(FieldError(f"{path}.message", "field.too_long", max=1000))
    elif kind == "webhook":
        problem = destination_problem(action.get("url"))
        if problem:
            errors.append(FieldError(f"{path}.url", "automation.url" if problem == "malformed"
                                     else "webhook.private_address"))
        secret = action.get("secret")
        if secret is not None and not (isinstance(secret, str) and 0 < len(secret) <= 200):
            errors.append(FieldError(f"{path}.secret", "field.too_long", max=200))
    elif kind in ("assign", "move_to_pool"):
        if not obj.owned:
            errors.append(FieldError(f"{path}.type", "automation.not_owned"))
        elif kind == "assign" and not _active_user(ctx, action.get("user_id")):
            errors.append(FieldError(f"{path}.user_id", "field.lookup",
                                     target=ctx.object("users").label(ctx.locale)))
    return errors


def whole_days(value: Any) -> int | None:
    """A whole number of days; JSON may spell it 3 or 3.0 (both are integers to JSON
    Schema, so to the published contract)."""
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return None
    if isinstance(value, float) and not (value.is_integer() and abs(value) < 1e9):
        return None
    return int(value)


def _check_task(ctx: Context, action: dict[str, Any], path: str) -> list[dict[str, Any]]:
    try:
        tasks = ctx.object("tasks")
    except ProblemError:
        return [FieldError(f"{path}.type", "automation.no_tasks")]
    errors: list[dict[str, Any]] = []
    title = action.get("title")
    if not isinstance(title, str) or not 0 < len(title.strip()) <= 200:
        errors.append(FieldError(f"{path}.title", "field.required"))
    days = whole_days(action.get("due_in_days", 0))
    if days is None or not 0 <= days <= 3650:
        errors.append(FieldError(f"{path}.due_in_days", "automation.offset_days"))
    elif "due_in_days" in action:
        action["due_in_days"] = days
    errors.extend(_check_person(ctx, action.get("assignee", "owner"), f"{path}.assignee"))
    priority = tasks.fields.get("priority")
    if action.get("priority") is not None and priority is not None:
        try:
            coerce(priority, action["priority"])
        except ValueInvalid as exc:
            errors.append(exc.field_error(f"{path}.priority"))
    return errors


def _check_trigger(obj: ObjectDef, d: dict[str, Any]) -> list[dict[str, Any]]:
    errors: list[dict[str, Any]] = []
    if d["trigger"] not in TRIGGERS:
        return [FieldError("trigger", "automation.trigger")]
    if d["trigger"] in ("field_changed", "scheduled"):
        f = obj.fields.get(d["field"]) if isinstance(d["field"], str) else None
        if f is None:
            errors.append(FieldError("field", "automation.field_needed"))
        elif d["trigger"] == "scheduled" and f.type not in ("date", "datetime"):
            errors.append(FieldError("field", "automation.field_date"))
    elif d["field"] is not None:
        errors.append(FieldError("field", "custom.unknown_key"))
    offset = d["offset_days"]
    if d["trigger"] == "scheduled":
        days = whole_days(offset)
        if days is None or abs(days) > 3650:
            errors.append(FieldError("offset_days", "automation.offset_days"))
        else:
            d["offset_days"] = days
    elif offset not in (None, 0):
        errors.append(FieldError("offset_days", "custom.unknown_key"))
    return errors


def _check_body(ctx: Context, body: Any, current: AutomationRule | None) -> dict[str, Any]:
    if not isinstance(body, dict):
        raise validation_error([FieldError("body", "error.body_not_object")])
    errors: list[dict[str, Any]] = [FieldError(str(k)[:64], "custom.unknown_key")
                                    for k in body if k not in RULE_KEYS]
    d: dict[str, Any] = {"name": None, "object": None, "trigger": None, "field": None,
                         "offset_days": 0, "condition": None, "actions": None,
                         "is_active": True}
    if current is not None:
        d.update(name=current.name, object=current.object, trigger=current.trigger,
                 field=current.field, condition=current.condition, actions=current.actions,
                 is_active=current.is_active,
                 offset_days=(current.schedule or {}).get("offset_days", 0))
    d.update({k: v for k, v in body.items() if k in RULE_KEYS - {"version"}})
    if current is not None and d["object"] != current.object:
        errors.append(FieldError("object", "custom.immutable"))
    if not isinstance(d["name"], str) or not 0 < len(d["name"].strip()) <= 200:
        errors.append(FieldError("name", "field.required"))
    if not isinstance(d["is_active"], bool):
        errors.append(FieldError("is_active", "custom.not_boolean"))
    try:
        obj = ctx.object(d["object"]) if isinstance(d["object"], str) else None
    except ProblemError:
        obj = None
    if obj is None:
        errors.append(FieldError("object", "rule.object_unknown"))
        raise validation_error(errors)
    errors.extend(_check_trigger(obj, d))
    if d["condition"] is not None:
        errors.extend(conditions.check(obj, d["condition"], "condition"))
    actions = d["actions"]
    if not isinstance(actions, list) or not 1 <= len(actions) <= MAX_ACTIONS:
        errors.append(FieldError("actions", "automation.actions", max=MAX_ACTIONS))
    else:
        for i, action in enumerate(actions):
            errors.extend(_check_action(ctx, obj, action, f"actions[{i}]"))
    if errors:
        raise validation_error(errors)
    d["name"] = d["name"].strip()
    return d


def _apply(rule: AutomationRule, d: dict[str, Any]) -> None:
    rule.name, rule.object, rule.trigger = d["name"], d["object"], d["trigger"]
    rule.field, rule.condition, rule.actions = d["field"], d["condition"], d["actions"]
    rule.is_active = d["is_active"]
    rule.schedule = {"offset_days": d["offset_days"]} if d["trigger"] == "scheduled" else None


def create_rule(ctx: Context, body: Any) -> AutomationRule:
    require_admin(ctx)
    d = _check_body(ctx, body, None)
    rule = AutomationRule()
    _apply(rule, d)
    return RULES.create(ctx, rule)


def update_rule(ctx: Context, rule_id: str, body: Any) -> AutomationRule:
    require_admin(ctx)
    rule = get_rule(ctx, rule_id)
    return RULES.update(ctx, rule, body, lambda: _apply(rule, _check_body(ctx, body, rule)))


def delete_rule(ctx: Context, rule_id: str) -> None:
    require_admin(ctx)
    RULES.delete(ctx, get_rule(ctx, rule_id))


def get_rule(ctx: Context, rule_id: str) -> AutomationRule:
    return RULES.get(ctx, rule_id)


def list_rules(ctx: Context, object_name: str | None) -> dict[str, Any]:
    require_admin(ctx)
    where = [AutomationRule.object == object_name[:64]] if object_name else []
    return {"items": [view(r) for r in RULES.list(ctx, *where)]}


def list_runs(ctx: Context, rule_id: str, params: dict[str, str]) -> dict[str, Any]:
    require_admin(ctx)
    rule = get_rule(ctx, rule_id)
    stmt = select(AutomationRun).where(AutomationRun.rule_id == rule.id)
    if params.get("status"):
        stmt = stmt.where(AutomationRun.status == params["status"][:20])
    if params.get("record_id"):
        stmt = stmt.where(AutomationRun.record_id == params["record_id"][:64])
    rows = ctx.session.scalars(stmt.order_by(AutomationRun.at.desc(), AutomationRun.id.desc())
                               .limit(200))
    return {"items": [{"id": r.id, "rule_id": r.rule_id, "event_type": r.event_type,
                       "record_id": r.record_id, "status": r.status, "depth": r.depth,
                       "detail": r.detail, "at": r.at.isoformat()} for r in rows]}


def view(rule: AutomationRule) -> dict[str, Any]:
    return {"id": rule.id, "name": rule.name, "object": rule.object, "trigger": rule.trigger,
            "field": rule.field, "offset_days": (rule.schedule or {}).get("offset_days"),
            "condition": rule.condition, "actions": rule.actions,
            "is_active": rule.is_active, "version": rule.version,
            "created_at": rule.created_at.isoformat() if rule.created_at else None}


def _audited(rule: AutomationRule) -> dict[str, Any]:
    """What a change of a rule records: its definition, a webhook action's secret only
    as set or not (audit rows and events are read by others than its author)."""
    out = {k: v for k, v in view(rule).items() if k not in ("id", "version", "created_at")}
    out["actions"] = [{**a, "secret": "…"} if isinstance(a, dict) and a.get("secret") else a
                      for a in rule.actions or []]
    return out


# Rules are cached per metadata version (active_rules): each write moves to a new one.
RULES = Definitions("automation_rules", AutomationRule, snapshot=_audited,
                    path="automation_rules", after_write=bump_metadata_version)
