"""Lead assignment rules: round-robin among users or a team, by province/region,
city, source or campaign. Applied when a lead is created without an owner, and by
imports through :func:`assign_lead`.
"""

from __future__ import annotations

import re
from typing import Any

from sqlalchemy import select

from salescrm.models import LeadAssignmentRule, User
from salescrm.modules.customers import pool
from salescrm.modules.leads.objects import MATCH_FIELDS
from salescrm.platform.dedupe.normalize import clean_text
from salescrm.platform.errors import FieldError, validation_error
from salescrm.platform.metadata import ObjectDef
from salescrm.platform.records import service as records
from salescrm.platform.tenancy import Context

# "广东省" and "广东", "上海市" and "上海" are one place for matching.
_PLACE_SUFFIX = re.compile(r"(特别行政区|维吾尔自治区|壮族自治区|回族自治区|自治区|省|市)$")


def _comparable(field: str, value: Any) -> str | None:
    text = clean_text(value)
    if text and field in ("province", "city"):
        text = _PLACE_SUFFIX.sub("", text) or text
    return text


def rule_matches(rule: LeadAssignmentRule, values: dict[str, Any]) -> bool:
    if rule.match_field == "any":
        return True
    if rule.match_field not in MATCH_FIELDS:
        return False
    value = _comparable(rule.match_field, values.get(rule.match_field))
    wanted = {_comparable(rule.match_field, v) for v in rule.match_values or ()}
    return value is not None and value in wanted


def _candidates(ctx: Context, rule: LeadAssignmentRule) -> list[str]:
    """The rule's users in its order (or the team's members), active ones only."""
    active = User.is_active.is_(True), User.deleted_at.is_(None)
    if rule.user_ids:
        found = set(ctx.session.scalars(select(User.id).where(User.id.in_(rule.user_ids),
                                                              *active)))
        return [u for u in rule.user_ids if u in found]
    if rule.department_id:
        return list(ctx.session.scalars(select(User.id).where(
            User.department_id == rule.department_id, *active)
            .order_by(User.created_at, User.id)))
    return []


def _next_owner(ctx: Context, rule: LeadAssignmentRule) -> str | None:
    """The next user in turn who is under the pool cap; None (the pool) when nobody is."""
    users = _candidates(ctx, rule)
    if not users:
        return None
    kind = pool.pool_kind("leads")
    leads = ctx.object("leads")
    start = rule.next_index % len(users)
    for step in range(len(users)):
        index = (start + step) % len(users)
        if pool.at_cap(ctx.session, kind, leads, users[index]) is None:
            rule.next_index = (index + 1) % len(users)
            return users[index]
    return None


def assign_lead(ctx: Context, values: dict[str, Any]) -> bool:
    """Apply the first active matching rule: set ``values["owner_id"]`` (a user, or
    None for the pool) and return True; return False when no rule matches."""
    stmt = (select(LeadAssignmentRule)
            .where(LeadAssignmentRule.active.is_(True), LeadAssignmentRule.deleted_at.is_(None))
            .order_by(LeadAssignmentRule.position, LeadAssignmentRule.created_at))
    for rule in ctx.session.scalars(stmt):
        if rule_matches(rule, values):
            if ctx.session.get_bind().dialect.name == "postgresql":
                # Two leads created at once must not both take the same turn.
                ctx.session.refresh(rule, with_for_update=True)
            values["owner_id"] = _next_owner(ctx, rule)
            return True
    return False


# --- rule writes (admins) ---------------------------------------------------------


def _check_rule(ctx: Context, merged: dict[str, Any]) -> None:
    errors: list[dict[str, Any]] = []
    if merged.get("match_field", "any") != "any" and not merged.get("match_values"):
        errors.append(FieldError("match_values", "field.required"))
    user_ids = merged.get("user_ids") or []
    if user_ids:
        found = set(ctx.session.scalars(select(User.id).where(User.id.in_(user_ids))))
        missing = [u for u in user_ids if u not in found]
        if missing:
            errors.append(FieldError("user_ids", "field.lookup",
                                     target=ctx.object("users").label(ctx.locale)))
    if errors:
        raise validation_error(errors)


def create_rule(ctx: Context, obj: ObjectDef, body: Any, _params: Any = None) -> Any:
    # Company-wide reference data: administrators and roles granted it change it
    # (platform/org/roles.py), as every other object without an owner.
    ctx.permissions.require(obj, "create")
    values = records.validate(ctx, obj, body, creating=True)
    _check_rule(ctx, values)
    return records.insert_record(ctx, obj, values)


def update_rule(ctx: Context, obj: ObjectDef, rule_id: str, body: Any) -> Any:
    ctx.permissions.require(obj, "read")
    row = records.load_for_write(ctx, obj, rule_id)
    ctx.permissions.require(obj, "update")
    if not isinstance(body, dict):
        records.validate(ctx, obj, body, creating=False)
    records.check_version(row, body)
    values = records.validate(ctx, obj, body, creating=False, current=row)
    merged = {"match_field": row.match_field, "match_values": row.match_values,
              "user_ids": row.user_ids, **values}
    _check_rule(ctx, merged)
    return records.save_changes(ctx, obj, row, values)


def delete_rule(ctx: Context, obj: ObjectDef, rule_id: str) -> None:
    records.delete_record(ctx, obj, rule_id)
