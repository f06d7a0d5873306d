"""Comments on any record, with @mentions.

A mention is written into the body as ``@[显示名](user:<user id>)``: the text keeps
where the mention stands, the id says who it is (names are not unique). Mentioned
users who can read the record get an in-app notification; the answer says who did
not, and why. A comment is visible to whoever can read its record and to nobody
else (404), and only its author or an administrator may edit or delete it.
"""

from __future__ import annotations

import re
from typing import Any

from sqlalchemy import select

from salescrm.db.types import utcnow
from salescrm.models import Comment
from salescrm.modules.collaboration.collab_access import (
    people,
    person_name,
    readers,
    record_title,
    visible_record,
)
from salescrm.modules.collaboration.service import notify
from salescrm.platform.errors import FieldError, ProblemError, not_found, validation_error
from salescrm.platform.i18n import t
from salescrm.platform.jobs import enqueue
from salescrm.platform.metadata import ObjectDef
from salescrm.platform.records import service as records
from salescrm.platform.records.query import decode_plain_cursor, encode_cursor, page_limit
from salescrm.platform.records.values import is_blank, trim
from salescrm.platform.tenancy import Context

MAX_BODY = 5000
MAX_MENTIONS = 50
MAX_LIMIT = 200
TIMELINE_LIMIT = 500
MENTION = re.compile(r"@\[([^\[\]\r\n]{1,200})\]\(user:([0-9A-Za-z_-]{1,64})\)")
COMMENT_FOLLOWERS_JOB = "collaboration.comment_followers"


# --- reading -----------------------------------------------------------------
def view(ctx: Context, c: Comment, names: dict[str, str]) -> dict[str, Any]:
    return {
        "id": c.id, "object": c.object, "record_id": c.record_id, "body": c.body,
        "mentions": [{"user_id": u, "name": names.get(u)} for u in c.mentions or []],
        "author_id": c.author_id, "author_name": names.get(c.author_id),
        "created_at": c.created_at.isoformat(), "updated_at": c.updated_at.isoformat(),
        "edited_at": c.edited_at.isoformat() if c.edited_at else None,
        "can_edit": c.author_id == ctx.user.id or ctx.permissions.is_admin,
    }


def _views(ctx: Context, rows: list[Comment]) -> list[dict[str, Any]]:
    ids = {c.author_id for c in rows} | {u for c in rows for u in c.mentions or []}
    names = {p.id: p.name for p in people(ctx.session, ids).values()}
    return [view(ctx, c, names) for c in rows]


def _live_comments(object_name: str, record_id: str) -> Any:
    return select(Comment).where(Comment.object == object_name, Comment.record_id == record_id,
                                 Comment.deleted_at.is_(None))


def list_comments(ctx: Context, object_name: str, record_id: str,
                  params: dict[str, str]) -> dict[str, Any]:
    """A record's comments, newest first: ``{"items", "next_cursor"}``."""
    visible_record(ctx, object_name, record_id)
    limit = page_limit(params, 50, MAX_LIMIT)
    stmt = _live_comments(object_name, record_id[:64])
    if params.get("cursor"):
        at, last_id = decode_plain_cursor(params["cursor"])
        stmt = stmt.where(Comment.created_at <= at).where(
            (Comment.created_at < at) | (Comment.id < last_id))
    rows = list(ctx.session.scalars(stmt.order_by(Comment.created_at.desc(), Comment.id.desc())
                                    .limit(limit + 1)))
    nxt = (encode_cursor(rows[limit - 1].created_at, rows[limit - 1].id)
           if len(rows) > limit else None)
    return {"items": _views(ctx, rows[:limit]), "next_cursor": nxt}


def comment_timeline(ctx: Context, object_name: str, record_id: str) -> list[dict[str, Any]]:
    """A ``TIMELINE_SOURCES`` entry (the timeline has checked the caller can read it)."""
    rows = list(ctx.session.scalars(_live_comments(object_name, record_id)
                                    .order_by(Comment.created_at.desc(), Comment.id.desc())
                                    .limit(TIMELINE_LIMIT)))
    return [{"kind": "comment", "at": v["created_at"], "id": v["id"],
             "user_id": v["author_id"], "comment": v} for v in _views(ctx, rows)]


def load_comment(ctx: Context, comment_id: str) -> tuple[Comment, ObjectDef]:
    """A live comment whose record the caller can read (else 404)."""
    c = ctx.session.scalars(select(Comment).where(
        Comment.id == comment_id[:64], Comment.deleted_at.is_(None))).first()
    if c is None:
        raise not_found()
    try:
        obj, _ = visible_record(ctx, c.object, c.record_id)
    except ProblemError as exc:
        raise not_found() from exc  # also when the object itself is gone or not readable
    return c, obj


def get_comment(ctx: Context, comment_id: str) -> dict[str, Any]:
    c, _ = load_comment(ctx, comment_id)
    return _views(ctx, [c])[0]


# --- validating ----------------------------------------------------------------
def parse_body(ctx: Context, data: Any) -> tuple[str, list[str]]:
    """The comment text and the ids it mentions, in order; 422 naming ``body``."""
    if not isinstance(data, dict):
        raise ProblemError(422, "error.body_not_object",
                           errors=[FieldError("body", "error.body_not_object")])
    errors: list[dict[str, Any]] = [FieldError(str(k)[:64], "field.unknown")
                                    for k in data if k != "body"]
    text = data.get("body")
    if not isinstance(text, str):
        key = "field.required" if text is None else "field.type_text"
        raise validation_error([*errors, FieldError("body", key)])
    if len(text) > MAX_BODY:  # as sent, like every text field (the published maxLength)
        errors.append(FieldError("body", "field.too_long", max=MAX_BODY))
    elif "\x00" in text:
        errors.append(FieldError("body", "field.type_text"))
    elif is_blank(text):
        errors.append(FieldError("body", "collab.body_empty"))
    text = trim(text)
    mentioned = list(dict.fromkeys(m.group(2) for m in MENTION.finditer(text)))
    if len(mentioned) > MAX_MENTIONS:
        errors.append(FieldError("body", "collab.too_many_mentions", max=MAX_MENTIONS))
    elif mentioned:
        known = people(ctx.session, mentioned)
        errors.extend(FieldError("body", "collab.mention_unknown", user_id=u)
                      for u in mentioned if u not in known)
    if errors:
        raise validation_error(errors)
    return text, mentioned


def plain_text(text: str, names: dict[str, str]) -> str:
    """The body for notifications: mention tokens shown as ``@name``."""
    return MENTION.sub(lambda m: "@" + names.get(m.group(2), m.group(1)), text)


# --- writing -------------------------------------------------------------------
def create_comment(ctx: Context, obj: ObjectDef, record: dict[str, Any], data: Any
                   ) -> dict[str, Any]:
    """Add a comment to a record the caller can read (``visible_record``); notify who it
    mentions."""
    text, mentioned = parse_body(ctx, data)
    now = utcnow()
    c = Comment(tenant_id=ctx.tenant_id, object=obj.api_name, record_id=record["id"],
                author_id=ctx.user.id, body=text, mentions=mentioned, created_at=now,
                updated_at=now)
    ctx.session.add(c)
    ctx.session.flush()
    records.note_action(ctx, "create", "comments", c.id, {
        "object": [None, c.object], "record_id": [None, c.record_id], "body": [None, text]})
    # Followers hear of it from the worker: a busy record must not slow the comment down.
    enqueue(ctx.session, COMMENT_FOLLOWERS_JOB, {"comment_id": c.id}, tenant_id=ctx.tenant_id)
    out = _views(ctx, [c])[0]
    out.update(notify_mentions(ctx, obj, c, mentioned))
    return out


def update_comment(ctx: Context, c: Comment, obj: ObjectDef, data: Any) -> dict[str, Any]:
    """Edit a comment (from ``load_comment``; author or admin); people newly mentioned
    are notified."""
    _require_author(ctx, c)
    text, mentioned = parse_body(ctx, data)
    added = [u for u in mentioned if u not in (c.mentions or [])]
    if text != c.body:
        records.note_action(ctx, "update", "comments", c.id, {"body": [c.body, text]})
        c.body, c.mentions = text, mentioned
        c.updated_at = c.edited_at = utcnow()
        ctx.session.flush()
    out = _views(ctx, [c])[0]
    out.update(notify_mentions(ctx, obj, c, added))
    return out


def delete_comment(ctx: Context, comment_id: str) -> None:
    """Soft delete (author or admin): gone from lists and the timeline, kept for audit."""
    c, _ = load_comment(ctx, comment_id)
    _require_author(ctx, c)
    c.deleted_at = c.updated_at = utcnow()
    c.deleted_by = ctx.user.id
    ctx.session.flush()
    records.note_action(ctx, "delete", "comments", c.id, {"body": [c.body, None]})


def _require_author(ctx: Context, c: Comment) -> None:
    if c.author_id != ctx.user.id and not ctx.permissions.is_admin:
        raise ProblemError(403, "collab.comment_forbidden")


# --- notifying -------------------------------------------------------------------
def notify_mentions(ctx: Context, obj: ObjectDef, c: Comment, user_ids: list[str]
                    ) -> dict[str, Any]:
    """Notify each mentioned user who can read the record; report the others.

    Returns ``{"notified": [user ids], "not_notified": [{"user_id", "reason",
    "message"}]}`` with reason ``author`` (you mentioned yourself), ``inactive`` or
    ``cannot_read`` (outside their data scope or role: they get nothing at all).
    """
    found = people(ctx.session, user_ids)
    others = [u for u in user_ids if u != ctx.user.id]
    can_read = readers(ctx.session, ctx.tenant_id, obj, c.record_id, others)
    names = {p.id: p.name for p in found.values()}
    notified: list[str] = []
    skipped: list[dict[str, Any]] = []
    for user_id in user_ids:
        reason = ("author" if user_id == ctx.user.id
                  else "inactive" if not found[user_id].active
                  else None if user_id in can_read else "cannot_read")
        if reason is not None:
            skipped.append({"user_id": user_id, "reason": reason, "message": _skip_message(
                reason, names.get(user_id, user_id))})
            continue
        reader = can_read[user_id]
        notify(ctx.session, ctx.tenant_id, user_id, "mention", "collab.notify.mention.title",
               "collab.notify.comment.body", object=obj.api_name, record_id=c.record_id,
               params={"author": person_name(ctx.session, ctx.user.id, reader.locale),
                       "object": obj.label(reader.locale),
                       "name": record_title(obj, reader.record),
                       "text": plain_text(c.body, names)[:1900]})
        notified.append(user_id)
    return {"notified": notified, "not_notified": skipped}


def _skip_message(reason: str, name: str) -> str:
    key = {"author": "collab.not_notified.author", "inactive": "collab.not_notified.inactive",
           "cannot_read": "collab.not_notified.cannot_read"}[reason]
    return t(key, name=name)
