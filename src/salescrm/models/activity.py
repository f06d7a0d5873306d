"""Follow-ups (activities, incl. on-site check-in), tasks with reminders, and in-app
notifications."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

from sqlalchemy import ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column

from salescrm.db.base import Base, IdMixin, OwnedMixin, RecordMixin, TenantMixin
from salescrm.db.types import Fixed, utcnow


class Activity(RecordMixin, OwnedMixin, Base):
    """A call, visit, meeting, e-mail, note or check-in, attached to any record.

    ``account_id`` is filled from the related record (the account itself, or the
    ``account_id`` of a contact, opportunity, order …) so the 360° view reads all
    of a customer's follow-ups with one indexed query.
    """

    __tablename__ = "activities"
    __table_args__ = (
        Index("ix_activities_tenant_created", "tenant_id", "created_at", "id"),
        Index("ix_activities_tenant_related", "tenant_id", "related_type", "related_id",
              "occurred_at"),
        Index("ix_activities_tenant_account", "tenant_id", "account_id", "occurred_at"),
        Index("ix_activities_tenant_owner", "tenant_id", "owner_id", "occurred_at"),
    )

    kind: Mapped[str] = mapped_column(String(20))
    subject: Mapped[str | None] = mapped_column(String(200), nullable=True)
    content: Mapped[str | None] = mapped_column(String(10000), nullable=True)
    related_type: Mapped[str | None] = mapped_column(String(64), nullable=True)
    related_id: Mapped[str | None] = mapped_column(String(36), nullable=True)
    account_id: Mapped[str | None] = mapped_column(ForeignKey("accounts.id"), nullable=True)
    occurred_at: Mapped[datetime] = mapped_column(default=utcnow)
    latitude: Mapped[Decimal | None] = mapped_column(Fixed(6), nullable=True)
    longitude: Mapped[Decimal | None] = mapped_column(Fixed(6), nullable=True)
    address: Mapped[str | None] = mapped_column(String(500), nullable=True)


class Task(RecordMixin, OwnedMixin, Base):
    __tablename__ = "tasks"
    __table_args__ = (
        Index("ix_tasks_tenant_created", "tenant_id", "created_at", "id"),
        Index("ix_tasks_tenant_assignee", "tenant_id", "assignee_id", "status", "due_at"),
        Index("ix_tasks_tenant_owner", "tenant_id", "owner_id"),
        Index("ix_tasks_tenant_related", "tenant_id", "related_type", "related_id"),
        Index("ix_tasks_remind", "status", "remind_at"),
    )

    title: Mapped[str] = mapped_column(String(200))
    description: Mapped[str | None] = mapped_column(String(4000), nullable=True)
    due_at: Mapped[datetime | None] = mapped_column(nullable=True)
    assignee_id: Mapped[str | None] = mapped_column(ForeignKey("users.id"), nullable=True)
    related_type: Mapped[str | None] = mapped_column(String(64), nullable=True)
    related_id: Mapped[str | None] = mapped_column(String(36), nullable=True)
    status: Mapped[str] = mapped_column(String(20), default="open")
    priority: Mapped[str | None] = mapped_column(String(10), nullable=True)
    remind_at: Mapped[datetime | None] = mapped_column(nullable=True)
    # Set when the reminder went out, so a reminder is sent once.
    reminded_at: Mapped[datetime | None] = mapped_column(nullable=True)
    completed_at: Mapped[datetime | None] = mapped_column(nullable=True)


class Notification(IdMixin, TenantMixin, Base):
    """An in-app notification for one user (reminders, overdue payments, mentions …)."""

    __tablename__ = "notifications"
    __table_args__ = (
        Index("ix_notifications_tenant_user", "tenant_id", "user_id", "created_at"),
    )

    user_id: Mapped[str] = mapped_column(ForeignKey("users.id"))
    kind: Mapped[str] = mapped_column(String(50))
    title: Mapped[str] = mapped_column(String(200))
    body: Mapped[str | None] = mapped_column(String(2000), nullable=True)
    object: Mapped[str | None] = mapped_column(String(64), nullable=True)
    record_id: Mapped[str | None] = mapped_column(String(36), nullable=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    read_at: Mapped[datetime | None] = mapped_column(nullable=True)
