"""Validation rules: a condition over the record before and after a write that, when
it holds, refuses the write with the rule's message (zh-CN and en).

Rules run in the records layer's pre-write checks, so every write path (API,
import, automation, domain services using the records service) obeys them.
"""

from __future__ import annotations

import threading
from typing import Any

from sqlalchemy import func, select

from salescrm.models import ValidationRule
from salescrm.platform import conditions
from salescrm.platform.customization.versioning import VERSIONED_CACHES, bump_metadata_version
from salescrm.platform.definitions import Definitions, require_admin
from salescrm.platform.errors import FieldError, ProblemError, validation_error
from salescrm.platform.metadata import ObjectDef
from salescrm.platform.records.values import to_json
from salescrm.platform.tenancy import Context

RULE_KEYS = {"object", "name", "condition", "message", "field", "is_active", "version"}
MAX_RULES_PER_OBJECT = 100
_cache: dict[tuple[str, int], dict[str, list[ValidationRule]]] = {}
_lock = threading.Lock()
VERSIONED_CACHES.append(_cache)  # type: ignore[arg-type]


# --- record snapshots (shared with approvals and automation) -----------------------
def snapshot(obj: ObjectDef, row: Any) -> dict[str, Any]:
    """A row as the API shows it (JSON values), for conditions."""
    custom = row.custom or {}
    out: dict[str, Any] = {}
    for f in obj.fields.values():
        out[f.api_name] = custom.get(f.api_name) if f.custom else to_json(
            f, getattr(row, f.api_name, None))
    return out


def before_and_after(obj: ObjectDef, row: Any, changes: dict[str, Any],
                     action: str) -> tuple[dict[str, Any] | None, dict[str, Any]]:
    after = snapshot(obj, row)
    if action == "create":
        return None, after
    before = dict(after)
    for name, pair in changes.items():
        if isinstance(pair, list) and len(pair) == 2:
            before[name] = pair[0]
    return before, after


# --- checking a write ----------------------------------------------------------
def _rules_for(ctx: Context, object_name: str) -> list[ValidationRule]:
    key = (ctx.tenant_id, ctx.metadata_version)
    found = _cache.get(key)
    if found is None:
        found = {}
        for rule in ctx.session.scalars(select(ValidationRule).where(
                ValidationRule.deleted_at.is_(None), ValidationRule.is_active.is_(True))
                .order_by(ValidationRule.created_at)):
            ctx.session.expunge(rule)
            found.setdefault(rule.object, []).append(rule)
        with _lock:
            if len(_cache) > 2000:
                _cache.clear()
            _cache[key] = found
    return found.get(object_name, [])


def check_rules(ctx: Context, obj: ObjectDef, row: Any, changes: dict[str, Any],
                action: str) -> None:
    """Pre-write check: refuse a create or update that a rule forbids."""
    if action in ("delete", "restore"):
        return
    rules = _rules_for(ctx, obj.api_name)
    if not rules:
        return
    before, after = before_and_after(obj, row, changes, action)
    errors = []
    for rule in rules:
        # Fail closed: a rule that cannot be decided refuses the write.
        if conditions.evaluate(rule.condition, obj, before, after, on_error=True):
            message = rule.message.get(ctx.locale) or rule.message.get("en") or rule.name
            errors.append({"field": rule.error_field or "record", "message": message,
                           "code": "validation_rule", "rule_id": rule.id})
    if errors:
        raise validation_error(errors)


# --- managing rules -------------------------------------------------------------
def _check_body(ctx: Context, body: Any, current: ValidationRule | None) -> dict[str, Any]:
    if not isinstance(body, dict):
        raise validation_error([FieldError("body", "error.body_not_object")])
    errors: list[dict[str, Any]] = [FieldError(str(k)[:64], "custom.unknown_key")
                                    for k in body if k not in RULE_KEYS]
    merged = {"object": current.object if current else None,
              "name": current.name if current else None,
              "condition": current.condition if current else None,
              "message": current.message if current else None,
              "field": current.error_field if current else None,
              "is_active": current.is_active if current else True}
    merged.update({k: v for k, v in body.items() if k in RULE_KEYS - {"version"}})
    if current is not None and merged["object"] != current.object:
        errors.append(FieldError("object", "custom.immutable"))
    obj = None
    try:
        obj = ctx.object(merged["object"]) if isinstance(merged["object"], str) else None
    except ProblemError:  # unknown object: reported below
        obj = None
    if obj is None:
        errors.append(FieldError("object", "rule.object_unknown"))
    name = merged["name"]
    if not isinstance(name, str) or not 0 < len(name.strip()) <= 200:
        errors.append(FieldError("name", "field.required"))
    message = merged["message"]
    if not (isinstance(message, dict) and set(message) == {"en", "zh-CN"}
            and all(isinstance(v, str) and 0 < len(v.strip()) <= 500
                    for v in message.values())):
        errors.append(FieldError("message", "rule.message_required"))
    if not isinstance(merged["is_active"], bool):
        errors.append(FieldError("is_active", "custom.not_boolean"))
    if obj is not None:
        errors.extend(conditions.check(obj, merged["condition"], "condition"))
        if merged["field"] is not None and merged["field"] not in obj.fields:
            errors.append(FieldError("field", "condition.unknown_field",
                                     field=str(merged["field"])[:64]))
    if errors:
        raise validation_error(errors)
    return merged


def create_rule(ctx: Context, body: Any) -> ValidationRule:
    require_admin(ctx)
    d = _check_body(ctx, body, None)
    count = ctx.session.scalar(select(func.count()).select_from(ValidationRule).where(
        ValidationRule.object == d["object"], ValidationRule.deleted_at.is_(None))) or 0
    if count >= MAX_RULES_PER_OBJECT:
        raise validation_error([FieldError("object", "rule.too_many",
                                           max=MAX_RULES_PER_OBJECT)])
    return RULES.create(ctx, ValidationRule(
        object=d["object"], name=d["name"].strip(), condition=d["condition"],
        message=d["message"], error_field=d["field"], is_active=d["is_active"]))


def update_rule(ctx: Context, rule_id: str, body: Any) -> ValidationRule:
    require_admin(ctx)
    rule = get_rule(ctx, rule_id)

    def apply() -> None:
        d = _check_body(ctx, body, rule)
        rule.name, rule.condition, rule.message = d["name"].strip(), d["condition"], d["message"]
        rule.error_field, rule.is_active = d["field"], d["is_active"]

    return RULES.update(ctx, rule, body, apply)


def delete_rule(ctx: Context, rule_id: str) -> None:
    require_admin(ctx)
    RULES.delete(ctx, get_rule(ctx, rule_id))


def get_rule(ctx: Context, rule_id: str) -> ValidationRule:
    return RULES.get(ctx, rule_id)


def list_rules(ctx: Context, object_name: str | None) -> dict[str, Any]:
    require_admin(ctx)
    where = [ValidationRule.object == object_name[:64]] if object_name else []
    return {"items": [view(r) for r in RULES.list(ctx, *where)]}


def view(rule: ValidationRule) -> dict[str, Any]:
    return {"id": rule.id, "object": rule.object, "name": rule.name,
            "condition": rule.condition, "message": rule.message, "field": rule.error_field,
            "is_active": rule.is_active, "version": rule.version,
            "created_at": rule.created_at.isoformat() if rule.created_at else None}


# Rules are cached per metadata version (_cache): each write moves to a new one.
RULES = Definitions("validation_rules", ValidationRule, path="validation_rules",
                    after_write=bump_metadata_version,
                    snapshot=lambda rule: {k: v for k, v in view(rule).items()
                                           if k not in ("id", "version", "created_at")})
