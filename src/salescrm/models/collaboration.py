"""Collaboration on any record (built-in or custom): comments with @mentions,
followers (watch), record teams (协作人), and receipts that keep follower
notifications to one per event.

Rows point at their record by ``(object, record_id)``: one table serves every
object, custom ones included, as the audit log does.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import (
    Boolean,
    ForeignKey,
    Index,
    PrimaryKeyConstraint,
    String,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column

from salescrm.db.base import Base, IdMixin, TenantMixin
from salescrm.db.types import JSONType, utcnow


class Comment(IdMixin, TenantMixin, Base):
    """A plain-text comment on a record. Mentions are ``@[name](user:<id>)`` tokens in
    ``body``; ``mentions`` keeps the user ids they resolved to."""

    __tablename__ = "comments"
    __table_args__ = (
        # The record's comments, newest first, by keyset (created_at, id).
        Index("ix_comments_tenant_record", "tenant_id", "object", "record_id", "created_at",
              "id"),
    )

    object: Mapped[str] = mapped_column(String(64))
    record_id: Mapped[str] = mapped_column(String(36))
    author_id: Mapped[str] = mapped_column(ForeignKey("users.id"))
    body: Mapped[str] = mapped_column(String(5000))
    mentions: Mapped[list[Any]] = mapped_column(JSONType, default=list)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)
    edited_at: Mapped[datetime | None] = mapped_column(nullable=True)
    deleted_at: Mapped[datetime | None] = mapped_column(nullable=True)
    deleted_by: Mapped[str | None] = mapped_column(String(36), nullable=True)


class RecordFollower(IdMixin, TenantMixin, Base):
    """A user watching a record. The owner follows their records without a row; an
    owner's row with ``muted`` set turns that off."""

    __tablename__ = "record_followers"
    __table_args__ = (
        UniqueConstraint("tenant_id", "object", "record_id", "user_id"),
        Index("ix_record_followers_tenant_user", "tenant_id", "user_id", "object"),
    )

    object: Mapped[str] = mapped_column(String(64))
    record_id: Mapped[str] = mapped_column(String(36))
    user_id: Mapped[str] = mapped_column(ForeignKey("users.id"))
    muted: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class RecordTeamMember(IdMixin, TenantMixin, Base):
    """A colleague added to a record's team (协作人): sees the record outside their data
    scope, and edits it with ``access = "edit"``."""

    __tablename__ = "record_team_members"
    __table_args__ = (
        UniqueConstraint("tenant_id", "object", "record_id", "user_id"),
        # Data scope asks "which records of this object is the user on the team of?":
        # this index answers it without touching the table.
        Index("ix_record_team_members_scope", "tenant_id", "user_id", "object", "record_id",
              "access"),
    )

    object: Mapped[str] = mapped_column(String(64))
    record_id: Mapped[str] = mapped_column(String(36))
    user_id: Mapped[str] = mapped_column(ForeignKey("users.id"))
    access: Mapped[str] = mapped_column(String(10), default="read")  # read | edit
    added_by: Mapped[str | None] = mapped_column(String(36), nullable=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)


class FollowerNotice(TenantMixin, Base):
    """One row per event (record change or new comment) whose followers were notified:
    a job that runs twice finds it and notifies nobody again."""

    __tablename__ = "follower_notices"
    __table_args__ = (
        PrimaryKeyConstraint("tenant_id", "event_id"),
        Index("ix_follower_notices_created", "created_at"),
    )

    event_id: Mapped[str] = mapped_column(String(80))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
