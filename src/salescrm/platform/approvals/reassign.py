"""Pending approvals of a deactivated approver move to an administrator, and every
approval shows on its record's timeline."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from salescrm.models import Approval, ApprovalTask, User
from salescrm.platform.approvals import approvers
from salescrm.platform.tenancy import Context
from salescrm.platform.tenancy.system import system_context


def reassign_from(ctx: Context, user_id: str) -> int:
    """Move every pending task of ``user_id`` to the administrator. Returns how many."""
    tasks = list(ctx.session.scalars(select(ApprovalTask).where(
        ApprovalTask.approver_id == user_id, ApprovalTask.status == "pending")))
    if not tasks:
        return 0
    admin = approvers.admin_id(ctx, except_id=user_id)
    if admin is None:
        return 0
    moved = 0
    for task in tasks:
        approval = ctx.session.get(Approval, task.approval_id)
        if approval is None or approval.status != "pending" or approval.step != task.step:
            continue
        already = ctx.session.scalar(select(ApprovalTask.id).where(
            ApprovalTask.approval_id == task.approval_id, ApprovalTask.step == task.step,
            ApprovalTask.approver_id == admin))
        if already:
            # The administrator already decides this step: the task just goes away.
            task.status = "cancelled"
        else:
            task.approver_id, task.reassigned_from = admin, user_id
            approvers.notify(ctx, [admin], "reassigned", approval.object, approval.record_id)
        moved += 1
    ctx.session.flush()
    return moved


def on_user_event(session: Session, event: dict[str, Any]) -> None:
    """Event subscriber: a user was deactivated or deleted."""
    kind = event.get("type")
    data = event.get("data") or {}
    if kind not in ("users.updated", "users.deleted") or not event.get("tenant_id"):
        return
    if kind == "users.updated":
        change = (data.get("changes") or {}).get("is_active")
        if not (isinstance(change, list) and len(change) == 2 and change[1] is False):
            return
    user_id = data.get("id")
    if not isinstance(user_id, str):
        return
    ctx = system_context(session, event["tenant_id"])
    user = session.get(User, user_id)
    if user is not None and user.is_active and user.deleted_at is None:
        return  # reactivated since: nothing to move
    reassign_from(ctx, user_id)


def approval_timeline(ctx: Context, object_name: str, record_id: str) -> list[dict[str, Any]]:
    """A TIMELINE_SOURCES entry: submission, each decision and the outcome."""
    items: list[dict[str, Any]] = []
    approvals = ctx.session.scalars(select(Approval).where(
        Approval.object == object_name, Approval.record_id == record_id,
        Approval.deleted_at.is_(None)))
    for a in approvals:
        base = {"kind": "approval", "approval_id": a.id}
        items.append({**base, "action": "submitted", "at": a.submitted_at.isoformat(),
                      "user_id": a.submitted_by, "comment": None, "step": None})
        for task in ctx.session.scalars(select(ApprovalTask).where(
                ApprovalTask.approval_id == a.id,
                ApprovalTask.status.in_(("approved", "rejected")))):
            items.append({**base, "action": task.status, "at": task.decided_at.isoformat()
                          if task.decided_at else a.submitted_at.isoformat(),
                          "user_id": task.approver_id, "comment": task.comment,
                          "step": task.step})
        if a.status != "pending" and a.decided_at is not None:
            items.append({**base, "action": f"approval_{a.status}",
                          "at": a.decided_at.isoformat(), "user_id": None,
                          "comment": None, "step": a.step})
    return items
