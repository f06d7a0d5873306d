"""Marketing campaigns: the source leads and opportunities point back to (ROI reads this)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from sqlalchemy import Date, Index, String
from sqlalchemy.orm import Mapped, mapped_column

from salescrm.db.base import Base, OwnedMixin, RecordMixin
from salescrm.db.types import Money


class Campaign(RecordMixin, OwnedMixin, Base):
    __tablename__ = "campaigns"
    __table_args__ = (
        Index("ix_campaigns_tenant_created", "tenant_id", "created_at", "id"),
        Index("ix_campaigns_tenant_status", "tenant_id", "status"),
    )

    name: Mapped[str] = mapped_column(String(200))
    channel: Mapped[str | None] = mapped_column(String(40), nullable=True)
    status: Mapped[str] = mapped_column(String(20), default="planned")
    budget: Mapped[Decimal | None] = mapped_column(Money(), nullable=True)
    actual_cost: Mapped[Decimal | None] = mapped_column(Money(), nullable=True)
    currency: Mapped[str] = mapped_column(String(3), default="CNY")
    start_date: Mapped[date | None] = mapped_column(Date, nullable=True)
    end_date: Mapped[date | None] = mapped_column(Date, nullable=True)
    description: Mapped[str | None] = mapped_column(String(4000), nullable=True)
