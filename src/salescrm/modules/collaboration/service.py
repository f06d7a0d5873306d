"""In-app notifications: written by jobs and services, read by their recipient.

Other modules call :func:`notify` (reminders, overdue payments, automation's
``notify`` action, @mentions). A ``notifications.created`` event goes out with each,
so IM bots (WeCom, DingTalk, Feishu) can forward it.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from salescrm.db.types import utcnow
from salescrm.models import Notification, Tenant, User
from salescrm.platform.errors import not_found
from salescrm.platform.i18n import t
from salescrm.platform.jobs import emit_event
from salescrm.platform.records.query import decode_plain_cursor, encode_cursor, page_limit
from salescrm.platform.tenancy import Context

MAX_LIMIT = 200


def notify(session: Session, tenant_id: str, user_id: str, kind: str, title: str,
           body: str | None = None, *, params: dict[str, Any] | None = None,
           object: str | None = None, record_id: str | None = None) -> Notification:
    """Notify one user. ``title``/``body`` are message keys, rendered now in the
    recipient's language (their own, else the tenant's), or plain text."""
    user = session.get(User, user_id)
    tenant = session.get(Tenant, tenant_id)
    locale = (user.locale if user is not None else None) or (
        tenant.locale if tenant is not None else "zh-CN")
    params = params or {}
    note = Notification(
        tenant_id=tenant_id, user_id=user_id, kind=kind[:50],
        title=t(title, locale=locale, **params)[:200],
        body=t(body, locale=locale, **params)[:2000] if body else None,
        object=object, record_id=record_id, created_at=utcnow())
    session.add(note)
    session.flush()
    emit_event(session, tenant_id, "notifications.created", {
        "id": note.id, "user_id": user_id, "kind": note.kind, "title": note.title,
        "body": note.body, "object": object, "record_id": record_id})
    return note


def view(n: Notification) -> dict[str, Any]:
    return {"id": n.id, "kind": n.kind, "title": n.title, "body": n.body,
            "object": n.object, "record_id": n.record_id,
            "created_at": n.created_at.isoformat(),
            "read_at": n.read_at.isoformat() if n.read_at else None}


def list_notifications(ctx: Context, params: dict[str, str]) -> dict[str, Any]:
    """The caller's notifications, newest first: ``{"items", "next_cursor",
    "unread_count"}``; ``unread=true`` lists only unread ones."""
    limit = page_limit(params, 50, MAX_LIMIT)
    mine = Notification.user_id == ctx.user.id
    stmt = select(Notification).where(mine)
    if params.get("unread", "").lower() in ("true", "1"):
        stmt = stmt.where(Notification.read_at.is_(None))
    if params.get("cursor"):
        at, last_id = decode_plain_cursor(params["cursor"])
        stmt = stmt.where(Notification.created_at <= at).where(
            (Notification.created_at < at) | (Notification.id < last_id))
    rows = list(ctx.session.scalars(stmt.order_by(Notification.created_at.desc(),
                                                  Notification.id.desc()).limit(limit + 1)))
    nxt = (encode_cursor(rows[limit - 1].created_at, rows[limit - 1].id)
           if len(rows) > limit else None)
    unread = ctx.session.scalar(select(func.count()).select_from(Notification)
                                .where(mine, Notification.read_at.is_(None)))
    return {"items": [view(n) for n in rows[:limit]], "next_cursor": nxt,
            "unread_count": unread or 0}


def mark_read(ctx: Context, notification_id: str) -> dict[str, Any]:
    """Mark one of the caller's notifications read (404 for anyone else's)."""
    note = ctx.session.scalars(select(Notification).where(
        Notification.id == notification_id[:64], Notification.user_id == ctx.user.id)).first()
    if note is None:
        raise not_found()
    if note.read_at is None:
        note.read_at = utcnow()
        ctx.session.flush()
    return view(note)


def mark_all_read(ctx: Context) -> dict[str, Any]:
    notes = ctx.session.scalars(select(Notification).where(
        Notification.user_id == ctx.user.id, Notification.read_at.is_(None)))
    now = utcnow()
    count = 0
    for note in notes:
        note.read_at = now
        count += 1
    ctx.session.flush()
    return {"marked": count}
