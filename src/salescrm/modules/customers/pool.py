"""Pools (公海) of leads and accounts: records with no owner that anyone who may read
the object can claim; a cap on how many a rep may hold; release; and the scheduled
return of records nobody followed up for N days.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session

from salescrm.db.types import utcnow
from salescrm.models import PoolSetting, Tenant
from salescrm.modules.customers.service import save_with_owner_clock
from salescrm.platform.definitions import Definitions
from salescrm.platform.errors import FieldError, ProblemError, validation_error
from salescrm.platform.jobs import enqueue
from salescrm.platform.metadata import ObjectDef, builtin_objects
from salescrm.platform.records import service as records
from salescrm.platform.records.behaviour import PoolKind, behaviour_for, declared
from salescrm.platform.tenancy import Context

RETURN_BATCH = 500
MAX_SETTING = 100_000


# Pooled objects name their PoolKind on their behaviour (``Behaviour.pool``).
ACCOUNT_POOL = PoolKind("accounts", default_max_held=None, default_return_after_days=None)


def pools() -> list[PoolKind]:
    """Every pooled object's kind, in object-name order."""
    return [b.pool for _name, b in sorted(declared().items()) if b.pool is not None]


def pool_kind(object_name: str) -> PoolKind:
    kind = behaviour_for(object_name).pool
    if kind is None:
        raise validation_error([FieldError("object", "pool.unsupported_object",
                                           object=object_name[:64])])
    return kind


# --- settings ----------------------------------------------------------------
def _setting_row(session: Session, kind: PoolKind) -> PoolSetting | None:
    return session.scalar(select(PoolSetting).where(PoolSetting.object == kind.object))


def effective_settings(session: Session, kind: PoolKind) -> dict[str, Any]:
    row = _setting_row(session, kind)
    if row is None:
        return {"object": kind.object, "max_held": kind.default_max_held,
                "return_after_days": kind.default_return_after_days}
    return {"object": kind.object, "max_held": row.max_held,
            "return_after_days": row.return_after_days}


def update_settings(ctx: Context, kind: PoolKind, body: Any) -> dict[str, Any]:
    """Admins set the cap and the days without follow-up (``null`` switches either off)."""
    if not ctx.permissions.is_admin:
        raise ProblemError(403, "error.forbidden_action", action="configure",
                           object=ctx.object(kind.object).label(ctx.locale))
    if not isinstance(body, dict):
        raise ProblemError(422, "error.body_not_object",
                           errors=[FieldError("body", "error.body_not_object")])
    errors: list[dict[str, Any]] = []
    for key in body:
        if key not in ("max_held", "return_after_days"):
            errors.append(FieldError(str(key)[:64], "field.unknown"))
        elif body[key] is not None and (isinstance(body[key], bool) or not isinstance(
                body[key], int) or not 1 <= body[key] <= MAX_SETTING):
            errors.append(FieldError(key, "field.out_of_range", min=1, max=MAX_SETTING))
    if errors:
        raise validation_error(errors)
    current = effective_settings(ctx.session, kind)
    row = _setting_row(ctx.session, kind)

    def apply(target: PoolSetting) -> None:
        for key, value in body.items():
            setattr(target, key, value)

    if row is None:
        row = PoolSetting(object=kind.object, max_held=current["max_held"],
                          return_after_days=current["return_after_days"])
        apply(row)
        SETTINGS.create(ctx, row)
    elif any(current[key] != value for key, value in body.items()):
        SETTINGS.update(ctx, row, body, lambda: apply(row))
    return effective_settings(ctx.session, kind)


# One per pool object, changed by PATCH at the object's address; administrators only
# (checked above with this endpoint's own message).
SETTINGS = Definitions("pool_settings", PoolSetting, path=None, admin_only=False,
                       snapshot=lambda row: {"object": row.object, "max_held": row.max_held,
                                             "return_after_days": row.return_after_days})


# --- claim and release -------------------------------------------------------
def held_count(session: Session, kind: PoolKind, obj: ObjectDef, user_id: str) -> int:
    model = obj.model
    stmt = select(func.count()).select_from(model).where(
        model.owner_id == user_id, model.deleted_at.is_(None))
    if kind.open_statuses:
        stmt = stmt.where(model.status.in_(kind.open_statuses))
    return int(session.scalar(stmt) or 0)


def at_cap(session: Session, kind: PoolKind, obj: ObjectDef, user_id: str) -> int | None:
    """The cap when ``user_id`` already holds as many open records as allowed, else None."""
    cap = effective_settings(session, kind)["max_held"]
    if cap is not None and held_count(session, kind, obj, user_id) >= cap:
        return int(cap)
    return None


def _ensure_open(kind: PoolKind, row: Any) -> None:
    if kind.open_statuses and row.status not in kind.open_statuses:
        raise ProblemError(403, "pool.closed_record", record_status=row.status)


def claim(ctx: Context, object_name: str, record_id: str) -> Any:
    """Take a record from the pool. 403 when someone owns it or the caller's cap is
    reached (refusals of a record the caller sees; API.md keeps 409 for conflicts)."""
    kind = pool_kind(object_name)
    obj = ctx.object(object_name)
    ctx.permissions.require(obj, "read")
    row = records.load_for_write(ctx, obj, record_id)
    ctx.permissions.require(obj, "update")
    if row.owner_id == ctx.user.id:
        return row
    if row.owner_id is not None:
        raise ProblemError(403, "pool.not_in_pool")
    _ensure_open(kind, row)
    cap = at_cap(ctx.session, kind, obj, ctx.user.id)
    if cap is not None:
        raise ProblemError(403, "pool.cap_reached", max=cap, object=obj.label(ctx.locale),
                           extra={"max_held": cap})
    return save_with_owner_clock(ctx, obj, row, {"owner_id": ctx.user.id}, action="claim")


def release(ctx: Context, object_name: str, record_id: str) -> Any:
    """Return a record to the pool (its owner, or anyone whose scope covers it)."""
    kind = pool_kind(object_name)
    obj = ctx.object(object_name)
    ctx.permissions.require(obj, "read")
    row = records.load_for_write(ctx, obj, record_id)
    ctx.permissions.require(obj, "update")
    if row.owner_id is None:
        raise ProblemError(403, "pool.already_in_pool")
    _ensure_open(kind, row)
    return save_with_owner_clock(ctx, obj, row, {"owner_id": None}, action="release")


# --- automatic return ----------------------------------------------------------
def stale_ids(session: Session, kind: PoolKind, obj: ObjectDef, days: int) -> list[str]:
    """Owned records whose owner got them, and last followed them up, over ``days`` ago."""
    model = obj.model
    cutoff = utcnow() - timedelta(days=days)
    stmt = select(model.id).where(
        model.owner_id.is_not(None), model.deleted_at.is_(None),
        func.coalesce(model.assigned_at, model.created_at) < cutoff,
        or_(model.last_activity_at.is_(None), model.last_activity_at < cutoff))
    if kind.open_statuses:
        stmt = stmt.where(model.status.in_(kind.open_statuses))
    return list(session.scalars(stmt.order_by(model.id).limit(RETURN_BATCH)))


def return_stale(session: Session, tenant_id: str) -> int:
    """Put back in the pool every record of this tenant left without follow-up too long.

    Written by the system (no user) with the same audit and events as a release."""
    returned = 0
    objects = builtin_objects()
    for kind in pools():
        days = effective_settings(session, kind)["return_after_days"]
        obj = objects.get(kind.object)
        if not days or obj is None:
            continue
        while ids := stale_ids(session, kind, obj, int(days)):
            for row in session.scalars(select(obj.model).where(obj.model.id.in_(ids))):
                _return_row(session, tenant_id, obj, row, int(days))
                returned += 1
            session.flush()
    return returned


def _return_row(session: Session, tenant_id: str, obj: ObjectDef, row: Any, days: int) -> None:
    records.save_as_system(session, tenant_id, obj, row, {"owner_id": None}, "return_to_pool",
                           why={"no_follow_up_days": days})
    row.assigned_at = None  # the owner clock stops with the owner (not a field of its own)




def return_stale_job(session: Session, _job: Any) -> None:
    """One job per tenant, so a failure in one company never holds back another."""
    for tenant_id in session.scalars(select(Tenant.id)):
        enqueue(session, "pools.return_stale_tenant", {}, tenant_id=tenant_id)


def return_stale_tenant_job(session: Session, job: Any) -> None:
    if job.tenant_id:
        return_stale(session, job.tenant_id)
