"""Webhook subscriptions and their deliveries (the delivery log)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import Boolean, ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from salescrm.db.base import Base, IdMixin, RecordMixin, TenantMixin
from salescrm.db.types import JSONType, utcnow


class Webhook(RecordMixin, Base):
    __tablename__ = "webhooks"

    url: Mapped[str] = mapped_column(String(2000))
    # Event types such as "accounts.created"; "*" subscribes to every event.
    events: Mapped[list[Any]] = mapped_column(JSONType, default=list)
    # The HMAC key. Stored as given: the server must be able to sign with it.
    secret: Mapped[str] = mapped_column(String(200))
    description: Mapped[str | None] = mapped_column(String(500), nullable=True)
    is_active: Mapped[bool] = mapped_column(Boolean, default=True)
    # Failed attempts in a row; reaching the limit disables the webhook.
    consecutive_failures: Mapped[int] = mapped_column(Integer, default=0)
    disabled_at: Mapped[datetime | None] = mapped_column(nullable=True)


class WebhookDelivery(IdMixin, TenantMixin, Base):
    """One event sent (or to be sent) to one URL, with every attempt logged."""

    __tablename__ = "webhook_deliveries"
    __table_args__ = (
        UniqueConstraint("tenant_id", "dedupe_key"),
        Index("ix_webhook_deliveries_tenant_webhook", "tenant_id", "webhook_id", "created_at"),
    )

    # None for a delivery made by an automation rule's "webhook" action.
    webhook_id: Mapped[str | None] = mapped_column(ForeignKey("webhooks.id"), nullable=True)
    url: Mapped[str] = mapped_column(String(2000))
    dedupe_key: Mapped[str] = mapped_column(String(200))
    event_id: Mapped[str] = mapped_column(String(36))
    event_type: Mapped[str] = mapped_column(String(100))
    # The JSON body: {"id", "type", "created_at", "data"}.
    payload: Mapped[dict[str, Any]] = mapped_column(default=dict)
    # pending | succeeded | failed (gave up) | cancelled (webhook disabled)
    status: Mapped[str] = mapped_column(String(20), default="pending")
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    next_attempt_at: Mapped[datetime | None] = mapped_column(nullable=True)
    last_status_code: Mapped[int | None] = mapped_column(Integer, nullable=True)
    last_error: Mapped[str | None] = mapped_column(Text, nullable=True)
    # [{"at", "status_code", "error", "duration_ms"}], newest last, capped.
    log: Mapped[list[Any]] = mapped_column(JSONType, default=list)
    replay_of: Mapped[str | None] = mapped_column(String(36), nullable=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    delivered_at: Mapped[datetime | None] = mapped_column(nullable=True)
