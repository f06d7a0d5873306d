"""Approval flows: per object, an entry condition and ordered steps.

A step names its approvers (the submitter's manager, everyone with a role, the head
of a department, or named users) and whether any one or all of them must approve.
Steps run in order; a step may name the step that follows it (``next``), which is
checked when the flow is saved so that no approval can go round in a circle.
"""

from __future__ import annotations

import re
from typing import Any

from sqlalchemy import select

from salescrm.models import ApprovalFlow, Department, Role, User
from salescrm.platform import conditions
from salescrm.platform.approvals import messages as _messages  # noqa: F401
from salescrm.platform.definitions import Definitions, require_admin
from salescrm.platform.errors import FieldError, ProblemError, validation_error
from salescrm.platform.tenancy import Context

APPROVER_TYPES = ("manager", "role", "user", "department_head")
MAX_STEPS = 10
MAX_USERS = 50
STEP_KEY = re.compile(r"^[a-z][a-z0-9_]{0,39}$")
FLOW_KEYS = {"name", "object", "condition", "steps", "priority", "is_active", "version"}
STEP_KEYS = {"key", "approver", "mode", "next", "name"}


def _label(ctx: Context, object_name: str) -> str:
    return ctx.object(object_name).label(ctx.locale)


def _check_approver(ctx: Context, approver: Any, path: str) -> list[dict[str, Any]]:
    if not isinstance(approver, dict) or approver.get("type") not in APPROVER_TYPES \
            or set(approver) - {"type", "value"}:
        return [FieldError(f"{path}.type", "approval.approver_type")]
    kind, value = approver["type"], approver.get("value")
    if kind == "role":
        if not isinstance(value, str) or not ctx.session.scalar(
                select(Role.id).where(Role.key == value, Role.deleted_at.is_(None))):
            # Like a lookup to a record that is not there (the role may be added later).
            return [FieldError(f"{path}.value", "field.lookup", target=_label(ctx, "roles"))]
    elif kind == "user":
        ids = [value] if isinstance(value, str) else value
        if not isinstance(ids, list) or not ids or len(ids) > MAX_USERS \
                or not all(isinstance(i, str) and len(i) <= 64 for i in ids):
            return [FieldError(f"{path}.value", "approval.user_unknown", user="?")]
        found = set(ctx.session.scalars(select(User.id).where(
            User.id.in_(ids), User.deleted_at.is_(None), User.is_active.is_(True))))
        missing = [i for i in ids if i not in found]
        if missing:
            return [FieldError(f"{path}.value", "field.lookup", target=_label(ctx, "users"))]
    elif kind == "department_head" and value is not None:
        if not isinstance(value, str) or not ctx.session.scalar(
                select(Department.id).where(Department.id == value[:64],
                                            Department.deleted_at.is_(None))):
            return [FieldError(f"{path}.value", "field.lookup", target=_label(ctx, "departments"))]
    elif kind == "manager" and value is not None:
        return [FieldError(f"{path}.value", "custom.unknown_key")]
    return []


def check_steps(ctx: Context, steps: Any) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """Normalized steps (each with a key) and every problem, each naming its path."""
    if not isinstance(steps, list) or not 1 <= len(steps) <= MAX_STEPS:
        return [], [FieldError("steps", "approval.steps", max=MAX_STEPS)]
    errors: list[dict[str, Any]] = []
    out: list[dict[str, Any]] = []
    keys: list[str] = []
    for i, step in enumerate(steps):
        path = f"steps[{i}]"
        if not isinstance(step, dict):
            errors.append(FieldError(path, "error.body_not_object"))
            continue
        errors.extend(FieldError(f"{path}.{str(k)[:40]}", "custom.unknown_key")
                      for k in step if k not in STEP_KEYS)
        key = step.get("key", f"step_{i + 1}")
        if not isinstance(key, str) or not STEP_KEY.match(key) or key in keys:
            errors.append(FieldError(f"{path}.key", "approval.step_key"))
        keys.append(str(key))
        errors.extend(_check_approver(ctx, step.get("approver"), f"{path}.approver"))
        mode = step.get("mode", "any")
        if mode not in ("any", "all"):
            errors.append(FieldError(f"{path}.mode", "approval.mode"))
        name = step.get("name")
        if name is not None and (not isinstance(name, str) or len(name) > 200):
            errors.append(FieldError(f"{path}.name", "field.too_long", max=200))
        out.append({"key": key, "name": name, "approver": step.get("approver"), "mode": mode,
                    "next": step.get("next")})
    if not errors:
        errors.extend(_check_order(out))
    return out, errors


def _check_order(steps: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Every ``next`` names a step; following the steps from the first always ends."""
    index = {s["key"]: i for i, s in enumerate(steps)}
    for i, step in enumerate(steps):
        nxt = step["next"]
        if nxt is not None and nxt not in index:
            return [FieldError(f"steps[{i}].next", "approval.next_unknown", step=str(nxt)[:40])]
    seen: set[int] = set()
    previous = 0
    current: int | None = 0
    while current is not None:
        if current in seen:  # only a "next" goes backwards: the previous step's closes it
            return [FieldError(f"steps[{previous}].next", "approval.circular",
                               step=steps[current]["key"])]
        seen.add(current)
        previous, current = current, following(steps, current)
    return []


def following(steps: list[dict[str, Any]], current: int) -> int | None:
    """The index of the step after ``current``, or None when the flow ends there."""
    nxt = steps[current].get("next")
    if nxt is not None:
        return next((i for i, s in enumerate(steps) if s["key"] == nxt), None)
    return current + 1 if current + 1 < len(steps) else None


def _check_body(ctx: Context, body: Any, current: ApprovalFlow | None) -> dict[str, Any]:
    if not isinstance(body, dict):
        raise validation_error([FieldError("body", "error.body_not_object")])
    errors: list[dict[str, Any]] = [FieldError(str(k)[:64], "custom.unknown_key")
                                    for k in body if k not in FLOW_KEYS]
    d: dict[str, Any] = {"name": None, "object": None, "condition": None, "steps": None,
                         "priority": 100, "is_active": True}
    if current is not None:
        d.update(name=current.name, object=current.object, condition=current.condition,
                 steps=current.steps, priority=current.priority, is_active=current.is_active)
    d.update({k: v for k, v in body.items() if k in FLOW_KEYS - {"version"}})
    if current is not None and d["object"] != current.object:
        errors.append(FieldError("object", "custom.immutable"))
    if not isinstance(d["name"], str) or not 0 < len(d["name"].strip()) <= 200:
        errors.append(FieldError("name", "field.required"))
    obj = None
    try:
        obj = ctx.object(d["object"]) if isinstance(d["object"], str) else None
    except ProblemError:
        obj = None
    if obj is None:
        errors.append(FieldError("object", "rule.object_unknown"))
    elif d["condition"] is not None:
        errors.extend(conditions.check(obj, d["condition"], "condition"))
    steps, problems = check_steps(ctx, d["steps"])
    errors.extend(problems)
    d["steps"] = steps
    priority = d["priority"]
    if isinstance(priority, float) and priority.is_integer():  # JSON's 436.0 is whole
        priority = d["priority"] = int(priority)
    if isinstance(priority, bool) or not isinstance(priority, int) or not 0 <= priority <= 10000:
        errors.append(FieldError("priority", "field.out_of_range", min=0, max=10000))
    if not isinstance(d["is_active"], bool):
        errors.append(FieldError("is_active", "custom.not_boolean"))
    if errors:
        raise validation_error(errors)
    d["name"] = d["name"].strip()
    return d


def create_flow(ctx: Context, body: Any) -> ApprovalFlow:
    require_admin(ctx)
    return FLOWS.create(ctx, ApprovalFlow(**_check_body(ctx, body, None)))


def update_flow(ctx: Context, flow_id: str, body: Any) -> ApprovalFlow:
    """Approvals already under way keep the steps they started with."""
    require_admin(ctx)
    flow = get_flow(ctx, flow_id)

    def apply() -> None:
        for key, value in _check_body(ctx, body, flow).items():
            setattr(flow, key, value)

    return FLOWS.update(ctx, flow, body, apply)


def delete_flow(ctx: Context, flow_id: str) -> None:
    require_admin(ctx)
    FLOWS.delete(ctx, get_flow(ctx, flow_id))


def get_flow(ctx: Context, flow_id: str) -> ApprovalFlow:
    return FLOWS.get(ctx, flow_id)


def list_flows(ctx: Context, object_name: str | None) -> dict[str, Any]:
    require_admin(ctx)
    where = [ApprovalFlow.object == object_name[:64]] if object_name else []
    rows = FLOWS.list(ctx, *where, order_by=(ApprovalFlow.object, ApprovalFlow.priority,
                                             ApprovalFlow.created_at))
    return {"items": [view(f) for f in rows]}


def flows_for(ctx: Context, object_name: str) -> list[ApprovalFlow]:
    """Active flows of an object, in the order they are tried."""
    return list(ctx.session.scalars(select(ApprovalFlow).where(
        ApprovalFlow.object == object_name, ApprovalFlow.deleted_at.is_(None),
        ApprovalFlow.is_active.is_(True))
        .order_by(ApprovalFlow.priority, ApprovalFlow.created_at, ApprovalFlow.id)))


def view(flow: ApprovalFlow) -> dict[str, Any]:
    return {"id": flow.id, "name": flow.name, "object": flow.object,
            "condition": flow.condition, "steps": flow.steps, "priority": flow.priority,
            "is_active": flow.is_active, "version": flow.version,
            "created_at": flow.created_at.isoformat() if flow.created_at else None}


FLOWS = Definitions("approval_flows", ApprovalFlow, path="approval_flows",
                    snapshot=lambda flow: {k: v for k, v in view(flow).items()
                                           if k not in ("id", "version", "created_at")})
