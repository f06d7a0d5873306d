from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import Index, String
from sqlalchemy.orm import Mapped, mapped_column

from salescrm.db.base import Base, IdMixin, TenantMixin
from salescrm.db.types import utcnow


class AuditEntry(IdMixin, TenantMixin, Base):
    """One write: who, when, what, and each changed field as [old, new]."""

    __tablename__ = "audit_log"
    __table_args__ = (Index("ix_audit_log_record", "tenant_id", "object", "record_id", "at"),)

    user_id: Mapped[str | None] = mapped_column(String(36), nullable=True)
    action: Mapped[str] = mapped_column(String(20))  # create|update|delete|restore|…
    object: Mapped[str] = mapped_column(String(64))
    record_id: Mapped[str] = mapped_column(String(36))
    changes: Mapped[dict[str, Any]] = mapped_column(default=dict)
    at: Mapped[datetime] = mapped_column(default=utcnow)
