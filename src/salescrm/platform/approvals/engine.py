"""The approvals engine: submit, approve, reject, withdraw.

Every move of an approval is a guarded UPDATE (``WHERE status = 'pending' AND step =
:step``), so of two approvers deciding the same step at the same moment exactly one
moves it; the other gets 409 and its transaction rolls back. On PostgreSQL the
approval row is also locked first, so the "all must approve" count is exact.

A record with a pending approval is locked: ``check_lock`` (a pre-write check of the
records layer) answers 409 to every generic write, except the writes the object's
own approval hooks make.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from sqlalchemy import event, func, select, update
from sqlalchemy.exc import OperationalError

from salescrm.db.types import utcnow
from salescrm.models import Approval, ApprovalTask, Job
from salescrm.platform import conditions
from salescrm.platform.approvals import approvers
from salescrm.platform.approvals.flows import flows_for, following
from salescrm.platform.customization.rules import snapshot
from salescrm.platform.errors import FieldError, ProblemError, not_found, validation_error
from salescrm.platform.jobs import emit_event
from salescrm.platform.metadata import ObjectDef
from salescrm.platform.records import service as records
from salescrm.platform.records.behaviour import behaviour_for
from salescrm.platform.records.query import page_limit
from salescrm.platform.tenancy import Context

HOOK_FLAG = "approval_hook_running"


# --- the lock ---------------------------------------------------------------------
def pending_approval_id(ctx: Context, object_name: str, record_id: str) -> str | None:
    return ctx.session.scalar(select(Approval.id).where(
        Approval.object == object_name, Approval.record_id == record_id,
        Approval.status == "pending", Approval.deleted_at.is_(None)).limit(1))


def check_lock(ctx: Context, obj: ObjectDef, row: Any, changes: dict[str, Any],
               action: str) -> None:
    """Pre-write check: a record waiting for approval cannot change."""
    if action == "create" or row.id is None or ctx.session.info.get(HOOK_FLAG):
        return
    if pending_approval_id(ctx, obj.api_name, row.id):
        raise ProblemError(409, "approval.locked")


@contextmanager
def _hook_writes(ctx: Context) -> Iterator[list[str]]:
    """Let the object's hooks write to the locked record; collect the events they emit."""
    emitted: list[str] = []

    def seen(_session: Any, instance: Any) -> None:
        if isinstance(instance, Job) and instance.kind == "event":
            emitted.append(str(instance.payload.get("type")))

    ctx.session.info[HOOK_FLAG] = True
    event.listen(ctx.session, "transient_to_pending", seen)
    try:
        yield emitted
    finally:
        event.remove(ctx.session, "transient_to_pending", seen)
        ctx.session.info.pop(HOOK_FLAG, None)


def _run_hook(ctx: Context, object_name: str, moment: str, record_id: str) -> list[str]:
    hook = behaviour_for(object_name).approval_hooks.get(moment)
    if hook is None:
        return []
    with _hook_writes(ctx) as emitted:
        hook(ctx, record_id)
    return emitted


def _finish(ctx: Context, approval: Approval, status: str) -> None:
    """Approval ended: hooks, the ``<object>.approved|rejected`` event, the submitter told."""
    emitted = _run_hook(ctx, approval.object, status, approval.record_id)
    event_type = f"{approval.object}.{status}"
    if status in ("approved", "rejected") and event_type not in emitted:
        emit_event(ctx.session, ctx.tenant_id, event_type,
                   {"id": approval.record_id, "object": approval.object,
                    "approval_id": approval.id})
    if status in ("approved", "rejected") and approval.submitted_by != ctx.user.id:
        approvers.notify(ctx, [approval.submitted_by], status, approval.object,
                         approval.record_id, approval.comment)


# --- submitting ---------------------------------------------------------------------
def _comment(body: Any) -> str | None:
    if body is None:
        return None
    if not isinstance(body, dict) or set(body) - {"comment"}:
        raise validation_error([FieldError("comment", "custom.unknown_key")])
    comment = body.get("comment")
    if comment is not None and (not isinstance(comment, str) or len(comment) > 2000):
        raise validation_error([FieldError("comment", "approval.comment")])
    return comment.strip() if comment else None


def submit(ctx: Context, object_name: str, record_id: str, body: Any) -> Approval:
    """Submit a record: the first flow whose condition holds applies; none → approved."""
    obj = ctx.object(object_name)
    row = records.load_for_write(ctx, obj, record_id)  # 404 outside tenant or scope
    ctx.permissions.require(obj, "update")
    comment = _comment(body)
    if pending_approval_id(ctx, obj.api_name, record_id):
        raise ProblemError(409, "approval.already_pending")
    check = behaviour_for(obj).submit_check
    if check is not None:
        check(ctx, record_id)
    record = snapshot(obj, row)
    flow = next((f for f in flows_for(ctx, obj.api_name)
                 # Fail closed: a condition that cannot be decided sends it to approval.
                 if f.condition is None or conditions.evaluate(f.condition, obj, None, record,
                                                               on_error=True)), None)
    approval = Approval(flow_id=flow.id if flow else None, object=obj.api_name,
                        record_id=record_id, status="pending", step=0,
                        steps=list(flow.steps) if flow else [], submitted_by=ctx.user.id,
                        submitted_at=utcnow(), comment=comment, created_by=ctx.user.id,
                        custom={}, version=1)
    ctx.session.add(approval)
    ctx.session.flush()
    records.note_action(ctx, "submit", obj.api_name, record_id,
                  {"approval": [None, "pending"], "flow": [None, flow.name if flow else None]})
    _run_hook(ctx, obj.api_name, "submitted", record_id)
    if flow is None:
        approval.status, approval.decided_at = "approved", utcnow()
        ctx.session.flush()
        records.note_action(ctx, "approve", obj.api_name, record_id,
                      {"approval": ["pending", "approved"]})
        _finish(ctx, approval, "approved")
    else:
        _open_step(ctx, approval, 0)
    return approval


def _open_step(ctx: Context, approval: Approval, index: int) -> None:
    ids = approvers.resolve(ctx, approval.steps[index], approval.submitted_by)
    for user_id in ids:
        ctx.session.add(ApprovalTask(tenant_id=ctx.tenant_id, approval_id=approval.id,
                                     step=index, approver_id=user_id, status="pending"))
    ctx.session.flush()
    approvers.notify(ctx, ids, "request", approval.object, approval.record_id,
                     approval.comment)


# --- deciding -------------------------------------------------------------------------
def _rowcount(result: Any) -> int:
    return int(result.rowcount)


def _load(ctx: Context, approval_id: str) -> Approval:
    stmt = select(Approval).where(Approval.id == approval_id[:64],
                                  Approval.deleted_at.is_(None))
    if ctx.session.get_bind().dialect.name == "postgresql":
        stmt = stmt.with_for_update()
    approval = ctx.session.scalars(stmt).first()
    if approval is None or not _may_see(ctx, approval):
        raise not_found()
    return approval


def _may_see(ctx: Context, approval: Approval) -> bool:
    if ctx.permissions.is_admin or approval.submitted_by == ctx.user.id:
        return True
    return ctx.session.scalar(select(ApprovalTask.id).where(
        ApprovalTask.approval_id == approval.id,
        ApprovalTask.approver_id == ctx.user.id).limit(1)) is not None


def _not_pending(approval: Approval) -> ProblemError:
    from salescrm.platform.i18n import t

    return ProblemError(409, "approval.not_pending",
                        state=t(f"approval.status.{approval.status}"))


def _no_task(ctx: Context, approval: Approval) -> ProblemError:
    """Why the caller, who sees the approval, cannot decide its current step.

    409 when their turn is behind them — they decided already, or another approver of
    their step decided first (a conflict, like a stale version); else 403, API.md's
    answer to an action not allowed on a visible record."""
    had = set(ctx.session.scalars(select(ApprovalTask.status).where(
        ApprovalTask.approval_id == approval.id, ApprovalTask.approver_id == ctx.user.id)))
    if had & {"approved", "rejected"}:
        return ProblemError(409, "approval.already_decided")
    if had:
        return ProblemError(409, "approval.concurrent")
    if approval.submitted_by == ctx.user.id:
        return ProblemError(403, "approval.own_request")
    return ProblemError(403, "approval.not_your_turn")


def decide(ctx: Context, approval_id: str, decision: str, body: Any) -> Approval:
    """Approve or reject the caller's task in the current step."""
    try:
        return _decide(ctx, approval_id, decision, _comment(body))
    except OperationalError as exc:
        # SQLite: another request committed a decision while this one was reading.
        if "locked" in str(exc).lower():
            raise ProblemError(409, "approval.concurrent") from exc
        raise


def _decide(ctx: Context, approval_id: str, decision: str, comment: str | None) -> Approval:
    approval = _load(ctx, approval_id)
    if approval.status != "pending":
        raise _not_pending(approval)
    step = approval.step
    task = ctx.session.scalars(select(ApprovalTask).where(
        ApprovalTask.approval_id == approval.id, ApprovalTask.step == step,
        ApprovalTask.approver_id == ctx.user.id, ApprovalTask.status == "pending")).first()
    if task is None:
        raise _no_task(ctx, approval)
    status = "approved" if decision == "approve" else "rejected"
    now = utcnow()
    taken = _rowcount(ctx.session.execute(
        update(ApprovalTask).where(ApprovalTask.id == task.id, ApprovalTask.status == "pending")
        .values(status=status, decided_at=now, comment=comment)
        .execution_options(synchronize_session=False)))
    if taken != 1:
        raise ProblemError(409, "approval.concurrent")
    records.note_action(ctx, "approve" if status == "approved" else "reject", approval.object,
                  approval.record_id, {"approval_step": [step, status],
                                       **({"comment": [None, comment]} if comment else {})})
    if status == "rejected":
        _move(ctx, approval, step, "rejected", step, comment)
        return approval
    left = ctx.session.scalar(select(func.count()).select_from(ApprovalTask).where(
        ApprovalTask.approval_id == approval.id, ApprovalTask.step == step,
        ApprovalTask.status == "pending")) or 0
    if approval.steps[step].get("mode") == "all" and left:
        return approval  # the step waits for the others
    nxt = following(approval.steps, step)
    if nxt is None:
        _move(ctx, approval, step, "approved", step, comment)
    else:
        _move(ctx, approval, step, "pending", nxt, None)
        _open_step(ctx, approval, nxt)
    return approval


def _move(ctx: Context, approval: Approval, step: int, status: str, new_step: int,
          comment: str | None) -> None:
    """The one guarded transition of an approval; losing it means someone else won."""
    moved = _rowcount(ctx.session.execute(
        update(Approval).where(Approval.id == approval.id, Approval.status == "pending",
                               Approval.step == step, Approval.version == approval.version)
        .values(status=status, step=new_step, version=approval.version + 1,
                decided_at=utcnow() if status != "pending" else None,
                comment=comment if status != "pending" else approval.comment,
                updated_at=utcnow())
        .execution_options(synchronize_session=False)))
    if moved != 1:
        raise ProblemError(409, "approval.concurrent")
    ctx.session.execute(
        update(ApprovalTask).where(ApprovalTask.approval_id == approval.id,
                                   ApprovalTask.step == step,
                                   ApprovalTask.status == "pending")
        .values(status="cancelled", decided_at=utcnow())
        .execution_options(synchronize_session=False))
    ctx.session.refresh(approval)
    if status != "pending":
        records.note_action(ctx, "approval", approval.object, approval.record_id,
                      {"approval": ["pending", status]})
        _finish(ctx, approval, status)


def withdraw(ctx: Context, approval_id: str, body: Any) -> Approval:
    comment = _comment(body)
    approval = _load(ctx, approval_id)
    if approval.submitted_by != ctx.user.id and not ctx.permissions.is_admin:
        raise ProblemError(403, "approval.only_submitter")
    if approval.status != "pending":
        raise _not_pending(approval)
    try:
        _move(ctx, approval, approval.step, "withdrawn", approval.step, comment)
    except OperationalError as exc:
        raise ProblemError(409, "approval.concurrent") from exc
    records.note_action(ctx, "withdraw", approval.object, approval.record_id, {})
    return approval


# --- reading ---------------------------------------------------------------------------
def view(ctx: Context, approval: Approval, with_tasks: bool = False) -> dict[str, Any]:
    out: dict[str, Any] = {
        "id": approval.id, "object": approval.object, "record_id": approval.record_id,
        "record_name": approvers.record_name(ctx, approval.object, approval.record_id),
        "status": approval.status, "step": approval.step,
        "step_key": (approval.steps[approval.step].get("key")
                     if approval.steps and approval.step < len(approval.steps) else None),
        "steps": len(approval.steps), "flow_id": approval.flow_id,
        "submitted_by": approval.submitted_by,
        "submitted_at": approval.submitted_at.isoformat(),
        "decided_at": approval.decided_at.isoformat() if approval.decided_at else None,
        "comment": approval.comment, "version": approval.version,
    }
    if with_tasks:
        tasks = ctx.session.scalars(select(ApprovalTask).where(
            ApprovalTask.approval_id == approval.id)
            .order_by(ApprovalTask.step, ApprovalTask.created_at, ApprovalTask.id))
        out["tasks"] = [task_view(t) for t in tasks]
    return out


def task_view(task: ApprovalTask) -> dict[str, Any]:
    return {"id": task.id, "step": task.step, "approver_id": task.approver_id,
            "status": task.status, "comment": task.comment,
            "reassigned_from": task.reassigned_from,
            "decided_at": task.decided_at.isoformat() if task.decided_at else None}


def get_approval(ctx: Context, approval_id: str) -> dict[str, Any]:
    stmt = select(Approval).where(Approval.id == approval_id[:64],
                                  Approval.deleted_at.is_(None))
    approval = ctx.session.scalars(stmt).first()
    if approval is None or not _may_see(ctx, approval):
        raise not_found()
    return view(ctx, approval, with_tasks=True)


def list_approvals(ctx: Context, params: dict[str, str]) -> dict[str, Any]:
    """``mine=true``: waiting for the caller now. Otherwise what the caller submitted or
    takes part in (everything, for an administrator), newest first."""
    stmt = select(Approval).where(Approval.deleted_at.is_(None))
    mine = params.get("mine", "false").lower() in ("true", "1")
    if mine:
        stmt = stmt.where(Approval.status == "pending", Approval.id.in_(
            select(ApprovalTask.approval_id).where(
                ApprovalTask.approver_id == ctx.user.id, ApprovalTask.status == "pending",
                ApprovalTask.step == Approval.step)))
    elif not ctx.permissions.is_admin:
        stmt = stmt.where((Approval.submitted_by == ctx.user.id) | Approval.id.in_(
            select(ApprovalTask.approval_id).where(ApprovalTask.approver_id == ctx.user.id)))
    for key in ("status", "object", "record_id", "submitted_by"):
        if params.get(key):
            stmt = stmt.where(getattr(Approval, key) == params[key][:64])
    limit = page_limit(params, 100, 500)
    rows = ctx.session.scalars(stmt.order_by(Approval.submitted_at.desc(), Approval.id.desc())
                               .limit(limit))
    return {"items": [view(ctx, a) for a in rows]}
