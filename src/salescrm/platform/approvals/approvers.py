"""Who approves a step, who stands in when nobody can, and telling them."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from salescrm.models import Department, Notification, Role, Tenant, User, UserRole
from salescrm.platform.i18n import t
from salescrm.platform.permissions.field_levels import in_message, permissions_of
from salescrm.platform.tenancy import Context


def _active(ctx: Context, ids: list[str]) -> list[str]:
    if not ids:
        return []
    found = set(ctx.session.scalars(select(User.id).where(
        User.id.in_(ids), User.deleted_at.is_(None), User.is_active.is_(True))))
    return [i for i in dict.fromkeys(ids) if i in found]


def admin_id(ctx: Context, except_id: str | None = None) -> str | None:
    """The tenant's first active administrator (the stand-in approver)."""
    stmt = (select(User.id).join(UserRole, UserRole.user_id == User.id)
            .join(Role, Role.id == UserRole.role_id)
            .where(Role.key == "admin", User.deleted_at.is_(None), User.is_active.is_(True))
            .order_by(User.created_at, User.id))
    if except_id:
        stmt = stmt.where(User.id != except_id)
    return ctx.session.scalars(stmt.limit(1)).first()


def resolve(ctx: Context, step: dict[str, Any], submitter_id: str) -> list[str]:
    """Active approvers of a step; the administrator when none is left.

    The submitter never approves their own submission, unless nobody else can.
    """
    approver = step.get("approver") or {}
    kind, value = approver.get("type"), approver.get("value")
    submitter = ctx.session.get(User, submitter_id)
    ids: list[str] = []
    if kind == "manager" and submitter is not None and submitter.manager_id:
        ids = [submitter.manager_id]
    elif kind == "role":
        ids = list(ctx.session.scalars(
            select(UserRole.user_id).join(Role, Role.id == UserRole.role_id)
            .where(Role.key == value).order_by(UserRole.user_id)))
    elif kind == "user":
        ids = [value] if isinstance(value, str) else list(value or [])
    elif kind == "department_head":
        dept_id = value or (submitter.department_id if submitter else None)
        head = ctx.session.scalar(select(Department.head_id).where(Department.id == dept_id)) \
            if dept_id else None
        ids = [head] if head else []
    ids = [i for i in _active(ctx, ids) if i != submitter_id]
    if not ids:
        stand_in = admin_id(ctx)
        ids = [stand_in] if stand_in else [submitter_id]
    return ids


def record_name(ctx: Context, object_name: str, record_id: str,
                reader: str | None = None) -> str:
    """The record's name for a message to ``reader`` (default: the caller), read without
    data scope (approvers may not see it) but as the reader may see the name field
    (hidden: "—")."""
    try:
        obj = ctx.object(object_name)
        row = ctx.session.get(obj.model, record_id)
    except Exception:  # a message must never fail a decision
        return record_id
    if row is None:
        return record_id
    f = obj.fields.get(obj.name_field)
    value = ((row.custom or {}).get(obj.name_field) if f is not None and f.custom
             else getattr(row, obj.name_field, None))
    perms = ctx.permissions if reader is None else permissions_of(ctx.session, reader)
    return str(in_message(perms, object_name, obj.name_field, value) or record_id)[:150]


def notify(ctx: Context, user_ids: list[str], kind: str, object_name: str, record_id: str,
           body: str | None = None) -> None:
    """An in-app notification per user, in the user's language."""
    if not user_ids:
        return
    tenant_locale = ctx.session.scalar(select(Tenant.locale).where(Tenant.id == ctx.tenant_id))
    locales = dict(ctx.session.execute(select(User.id, User.locale)
                                       .where(User.id.in_(user_ids))).all())
    for user_id in dict.fromkeys(user_ids):
        locale = locales.get(user_id) or tenant_locale or "zh-CN"
        try:
            label = ctx.object(object_name).label(locale)
        except Exception:  # the object may be gone; the api name still says what it was
            label = object_name
        title = t(f"approval.notify.{kind}", locale=locale, object=label,
                  name=record_name(ctx, object_name, record_id, user_id))
        ctx.session.add(Notification(tenant_id=ctx.tenant_id, user_id=user_id,
                                     kind=f"approval_{kind}", title=title[:200],
                                     body=(body or None) and body[:2000],
                                     object=object_name, record_id=record_id))
