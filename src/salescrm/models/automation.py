"""Automation rules (工作流规则) and the log of their runs."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import Boolean, Index, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from salescrm.db.base import Base, IdMixin, RecordMixin, TenantMixin
from salescrm.db.types import JSONType, utcnow


class AutomationRule(RecordMixin, Base):
    __tablename__ = "automation_rules"
    __table_args__ = (
        Index("ix_automation_rules_tenant_object", "tenant_id", "object", "trigger"),
    )

    name: Mapped[str] = mapped_column(String(200))
    object: Mapped[str] = mapped_column(String(64))
    # created | updated | field_changed | scheduled
    trigger: Mapped[str] = mapped_column(String(20))
    field: Mapped[str | None] = mapped_column(String(64), nullable=True)
    condition: Mapped[dict[str, Any] | None] = mapped_column(nullable=True)
    actions: Mapped[list[Any]] = mapped_column(JSONType, default=list)
    # Scheduled rules: {"field": date/datetime field, "offset_days": int}.
    schedule: Mapped[dict[str, Any] | None] = mapped_column(nullable=True)
    is_active: Mapped[bool] = mapped_column(Boolean, default=True)


class AutomationRun(IdMixin, TenantMixin, Base):
    """One rule considered for one event (or one scheduled moment), with its outcome.

    ``dedupe_key`` (event id + rule id) makes a run happen once however often the
    event is delivered.
    """

    __tablename__ = "automation_runs"
    __table_args__ = (
        UniqueConstraint("tenant_id", "dedupe_key"),
        Index("ix_automation_runs_tenant_rule", "tenant_id", "rule_id", "record_id", "at"),
    )

    rule_id: Mapped[str] = mapped_column(String(36))
    dedupe_key: Mapped[str] = mapped_column(String(200))
    event_type: Mapped[str] = mapped_column(String(100))
    record_id: Mapped[str | None] = mapped_column(String(36), nullable=True)
    # succeeded | failed | skipped (condition false) | loop_stopped
    status: Mapped[str] = mapped_column(String(20))
    depth: Mapped[int] = mapped_column(Integer, default=0)
    detail: Mapped[dict[str, Any]] = mapped_column(default=dict)
    at: Mapped[datetime] = mapped_column(default=utcnow)
