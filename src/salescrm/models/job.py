"""Durable jobs (the outbox) and recurring schedules."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import Index, Integer, SmallInteger, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from salescrm.db.base import Base, IdMixin
from salescrm.db.types import utcnow


class Job(IdMixin, Base):
    """A unit of background work, inserted in the same transaction as its cause.

    Not a TenantMixin row: the worker claims across tenants; ``tenant_id`` is data.
    """

    __tablename__ = "jobs"
    # The fair claim (platform/jobs/claim.py) walks it: the most urgent priority among
    # due jobs, the next tenant with one, that tenant's oldest.
    __table_args__ = (Index("ix_jobs_claim", "status", "priority", "tenant_id", "run_at"),)

    tenant_id: Mapped[str | None] = mapped_column(String(36), nullable=True)
    kind: Mapped[str] = mapped_column(String(100))
    payload: Mapped[dict[str, Any]] = mapped_column(default=dict)
    status: Mapped[str] = mapped_column(String(10), default="queued")  # queued|running|done|dead
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    max_attempts: Mapped[int] = mapped_column(Integer, default=8)
    run_at: Mapped[datetime] = mapped_column(default=utcnow)
    # 0: what a user waits for (imports, reminders, schedules, webhooks); 10: record
    # events written in bulk (an import's). Lower runs first.
    priority: Mapped[int] = mapped_column(SmallInteger, default=0, server_default="0")
    locked_by: Mapped[str | None] = mapped_column(String(100), nullable=True)
    locked_until: Mapped[datetime | None] = mapped_column(nullable=True)
    last_error: Mapped[str | None] = mapped_column(Text, nullable=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    finished_at: Mapped[datetime | None] = mapped_column(nullable=True)


class JobSchedule(Base):
    """A recurring job: the worker that moves ``next_run_at`` first enqueues the run."""

    __tablename__ = "job_schedules"

    name: Mapped[str] = mapped_column(String(100), primary_key=True)
    interval_seconds: Mapped[int] = mapped_column(Integer)
    next_run_at: Mapped[datetime] = mapped_column(default=utcnow)
