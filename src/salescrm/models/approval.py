"""Approval flows (审批流), the approvals submitted under them and each approver's task."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import Boolean, ForeignKey, Index, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from salescrm.db.base import Base, IdMixin, RecordMixin, TenantMixin
from salescrm.db.types import JSONType, utcnow


class ApprovalFlow(RecordMixin, Base):
    """Per object: an entry condition and ordered steps. The first active flow (by
    ``priority``, then age) whose condition holds applies to a submitted record."""

    __tablename__ = "approval_flows"
    __table_args__ = (Index("ix_approval_flows_tenant_object", "tenant_id", "object"),)

    name: Mapped[str] = mapped_column(String(200))
    object: Mapped[str] = mapped_column(String(64))
    condition: Mapped[dict[str, Any] | None] = mapped_column(nullable=True)
    # [{"key", "approver": {"type", "value"}, "mode": "any|all", "next"?}]
    steps: Mapped[list[Any]] = mapped_column(JSONType, default=list)
    priority: Mapped[int] = mapped_column(Integer, default=100)
    is_active: Mapped[bool] = mapped_column(Boolean, default=True)


class Approval(RecordMixin, Base):
    """One submission of one record. ``steps`` is the flow's steps as they were at
    submission, so editing a flow never changes an approval already under way."""

    __tablename__ = "approvals"
    __table_args__ = (
        Index("ix_approvals_tenant_record", "tenant_id", "object", "record_id", "status"),
        Index("ix_approvals_tenant_status", "tenant_id", "status", "created_at"),
    )

    flow_id: Mapped[str | None] = mapped_column(ForeignKey("approval_flows.id"), nullable=True)
    object: Mapped[str] = mapped_column(String(64))
    record_id: Mapped[str] = mapped_column(String(36))
    # pending | approved | rejected | withdrawn
    status: Mapped[str] = mapped_column(String(20), default="pending")
    step: Mapped[int] = mapped_column(Integer, default=0)
    steps: Mapped[list[Any]] = mapped_column(JSONType, default=list)
    submitted_by: Mapped[str] = mapped_column(ForeignKey("users.id"))
    submitted_at: Mapped[datetime] = mapped_column(default=utcnow)
    decided_at: Mapped[datetime | None] = mapped_column(nullable=True)
    comment: Mapped[str | None] = mapped_column(String(2000), nullable=True)


class ApprovalTask(IdMixin, TenantMixin, Base):
    """What one approver has to decide at one step of an approval."""

    __tablename__ = "approval_tasks"
    __table_args__ = (
        UniqueConstraint("tenant_id", "approval_id", "step", "approver_id"),
        Index("ix_approval_tasks_tenant_approver", "tenant_id", "approver_id", "status"),
    )

    approval_id: Mapped[str] = mapped_column(ForeignKey("approvals.id"))
    step: Mapped[int] = mapped_column(Integer)
    approver_id: Mapped[str] = mapped_column(ForeignKey("users.id"))
    # pending | approved | rejected | cancelled
    status: Mapped[str] = mapped_column(String(20), default="pending")
    comment: Mapped[str | None] = mapped_column(String(2000), nullable=True)
    # Set when the task moved from a deactivated approver to an administrator.
    reassigned_from: Mapped[str | None] = mapped_column(String(36), nullable=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    decided_at: Mapped[datetime | None] = mapped_column(nullable=True)
