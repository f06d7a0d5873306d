"""Following (watching) a record: followers hear of its changes and new comments.

The owner follows their own records without asking; unfollowing as the owner
leaves a ``muted`` row. Notifications come from the worker — from the
``<object>.updated`` event, or a job per new comment — once per event (a
``follower_notices`` row), never to the person who made the change, and only to
followers who can still read the record.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from salescrm.db.types import utcnow
from salescrm.models import Comment, FollowerNotice, Job, RecordFollower, Tenant
from salescrm.modules.collaboration.collab_access import (
    people,
    person_name,
    readers,
    record_title,
    visible_record,
)
from salescrm.modules.collaboration.comments import plain_text
from salescrm.modules.collaboration.service import notify
from salescrm.platform.errors import ProblemError
from salescrm.platform.metadata import ObjectDef, get_object
from salescrm.platform.tenancy import Context

MAX_FOLLOWERS_LISTED = 500
NOTICES_KEPT = timedelta(days=30)
PRUNE_JOB = "collaboration.prune_notices"


# --- the caller's own following ------------------------------------------------
def _record(ctx: Context, object_name: str, record_id: str) -> tuple[ObjectDef, str]:
    obj, record = visible_record(ctx, object_name, record_id)
    return obj, record["id"]


def owner_of(session: Session, obj: ObjectDef, record_id: str) -> str | None:
    if not obj.owned:
        return None
    return session.scalar(select(obj.model.owner_id).where(obj.model.id == record_id))


def _row(ctx: Context, obj: ObjectDef, record_id: str) -> RecordFollower | None:
    return ctx.session.scalars(select(RecordFollower).where(
        RecordFollower.object == obj.api_name, RecordFollower.record_id == record_id,
        RecordFollower.user_id == ctx.user.id)).first()


def follow(ctx: Context, object_name: str, record_id: str) -> dict[str, Any]:
    """Follow a record the caller can read (again, if they had unfollowed it)."""
    obj, rid = _record(ctx, object_name, record_id)
    row = _row(ctx, obj, rid)
    if row is None:
        ctx.session.add(RecordFollower(tenant_id=ctx.tenant_id, object=obj.api_name,
                                       record_id=rid, user_id=ctx.user.id, muted=False))
    elif row.muted:
        row.muted = False
    ctx.session.flush()
    return _state(ctx, obj, rid)


def unfollow(ctx: Context, object_name: str, record_id: str) -> dict[str, Any]:
    """Stop following; the owner stays muted until they follow again."""
    obj, rid = _record(ctx, object_name, record_id)
    row = _row(ctx, obj, rid)
    if owner_of(ctx.session, obj, rid) == ctx.user.id:
        if row is None:
            ctx.session.add(RecordFollower(tenant_id=ctx.tenant_id, object=obj.api_name,
                                           record_id=rid, user_id=ctx.user.id, muted=True))
        else:
            row.muted = True
    elif row is not None:
        ctx.session.delete(row)
    ctx.session.flush()
    return _state(ctx, obj, rid)


def _state(ctx: Context, obj: ObjectDef, rid: str) -> dict[str, Any]:
    return {"object": obj.api_name, "record_id": rid,
            "following": ctx.user.id in audience(ctx.session, obj, rid)}


def audience(session: Session, obj: ObjectDef, record_id: str) -> dict[str, bool]:
    """Everyone following the record → True when they follow as its owner."""
    rows = session.execute(select(RecordFollower.user_id, RecordFollower.muted).where(
        RecordFollower.object == obj.api_name, RecordFollower.record_id == record_id)).all()
    out = {r.user_id: False for r in rows if not r.muted}
    owner = owner_of(session, obj, record_id)
    if owner and owner not in {r.user_id for r in rows if r.muted}:
        out[owner] = True
    return out


def list_followers(ctx: Context, object_name: str, record_id: str) -> dict[str, Any]:
    """``{"items": [{"user_id", "name", "owner"}], "following": bool}``."""
    obj, rid = _record(ctx, object_name, record_id)
    followers = audience(ctx.session, obj, rid)
    names = people(ctx.session, set(followers))
    items = [{"user_id": u, "name": names[u].name, "owner": is_owner}
             for u, is_owner in sorted(followers.items(), key=lambda i: (not i[1], i[0]))
             if u in names]
    return {"items": items[:MAX_FOLLOWERS_LISTED], "following": ctx.user.id in followers}


# --- notifying followers (in the worker) ----------------------------------------
def _first_notice(session: Session, tenant_id: str, key: str) -> bool:
    """True the first time ``key`` is seen: a job run twice notifies once. Two runs at
    the same moment collide on the primary key and one of them is retried."""
    if session.get(FollowerNotice, (tenant_id, key)) is not None:
        return False
    session.add(FollowerNotice(tenant_id=tenant_id, event_id=key))
    session.flush()
    return True


def _object(session: Session, tenant_id: str, object_name: str) -> ObjectDef | None:
    tenant = session.get(Tenant, tenant_id)
    if tenant is None:
        return None
    try:
        return get_object(session, tenant_id, tenant.metadata_version, object_name)
    except ProblemError:
        return None  # a custom object deleted since


def on_record_updated(session: Session, event: dict[str, Any]) -> None:
    """Event subscriber: tell a record's followers what changed (not its author)."""
    object_name, _, action = str(event.get("type", "")).rpartition(".")
    tenant_id = event.get("tenant_id")
    data = event.get("data") or {}
    record_id = data.get("id")
    if action != "updated" or not tenant_id or not isinstance(record_id, str):
        return
    session.info["tenant_id"] = tenant_id
    obj = _object(session, tenant_id, object_name)
    if obj is None:
        return
    actor = data.get("user_id")
    recipients = set(audience(session, obj, record_id)) - {actor}
    changes = data.get("changes") if isinstance(data.get("changes"), dict) else {}
    if not recipients or not changes or not _first_notice(session, tenant_id,
                                                          str(event.get("id"))):
        return
    for reader in readers(session, tenant_id, obj, record_id, recipients).values():
        perms = reader.context.permissions
        labels = [obj.fields[f].label(reader.locale) for f in changes if f in obj.fields
                  and perms.field_level(obj.api_name, f) != "hidden"]
        if not labels:
            continue  # nothing they may see changed
        notify(session, tenant_id, reader.user_id, "record_updated",
               "collab.notify.updated.title", "collab.notify.updated.body",
               object=obj.api_name, record_id=record_id,
               params={"author": person_name(session, actor, reader.locale),
                       "object": obj.label(reader.locale),
                       "name": record_title(obj, reader.record),
                       "fields": ("、" if reader.locale == "zh-CN" else ", ").join(labels)})


def notify_comment_followers(session: Session, job: Job) -> None:
    """Tell a record's followers about a new comment (not its author, and not those it
    mentions: they had their own notification)."""
    tenant_id = job.tenant_id
    c = session.get(Comment, str(job.payload.get("comment_id")))
    if tenant_id is None or c is None or c.deleted_at is not None:
        return
    obj = _object(session, tenant_id, c.object)
    if obj is None:
        return
    recipients = set(audience(session, obj, c.record_id)) - {c.author_id, *(c.mentions or [])}
    if not recipients or not _first_notice(session, tenant_id, f"comment:{c.id}"):
        return
    names = {p.id: p.name for p in people(session, c.mentions or []).values()}
    for reader in readers(session, tenant_id, obj, c.record_id, recipients).values():
        notify(session, tenant_id, reader.user_id, "comment", "collab.notify.comment.title",
               "collab.notify.comment.body", object=obj.api_name, record_id=c.record_id,
               params={"author": person_name(session, c.author_id, reader.locale),
                       "object": obj.label(reader.locale),
                       "name": record_title(obj, reader.record),
                       "text": plain_text(c.body, names)[:1900]})


def prune_notices(session: Session, job: Job) -> None:
    """Receipts only guard against a job running twice; a month covers every retry."""
    session.execute(delete(FollowerNotice).where(
        FollowerNotice.created_at < utcnow() - NOTICES_KEPT))
