"""Pipelines, opportunities and the history of their stages.

Analytics reads these tables with SQL: keep the column names and the meaning of
``status`` (it follows the kind of the stage) and of the stage history rows
(``left_at`` is null while the row is the current stage).
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import Boolean, Date, ForeignKey, Index, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from salescrm.db.base import Base, IdMixin, OwnedMixin, RecordMixin, TenantMixin
from salescrm.db.types import JSONType, Money


class Pipeline(RecordMixin, Base):
    """A sales process: ordered stages, each with a probability and a kind.

    ``stages`` is ``[{"key","name","labels"?,"probability","kind","required_fields"}]``.
    """

    __tablename__ = "pipelines"
    __table_args__ = (
        Index("ix_pipelines_tenant_created", "tenant_id", "created_at", "id"),
    )

    name: Mapped[str] = mapped_column(String(200))
    is_default: Mapped[bool] = mapped_column(Boolean, default=False, nullable=False)
    stages: Mapped[list[dict[str, Any]]] = mapped_column(JSONType, default=list)
    description: Mapped[str | None] = mapped_column(String(2000), nullable=True)


class Opportunity(RecordMixin, OwnedMixin, Base):
    __tablename__ = "opportunities"
    __table_args__ = (
        Index("ix_opportunities_tenant_created", "tenant_id", "created_at", "id"),
        Index("ix_opportunities_tenant_owner", "tenant_id", "owner_id"),
        Index("ix_opportunities_tenant_pipeline_stage", "tenant_id", "pipeline_id", "stage"),
        Index("ix_opportunities_tenant_status_close", "tenant_id", "status", "close_date"),
        Index("ix_opportunities_tenant_account", "tenant_id", "account_id"),
    )

    name: Mapped[str] = mapped_column(String(200))
    account_id: Mapped[str] = mapped_column(ForeignKey("accounts.id"))
    contact_id: Mapped[str | None] = mapped_column(ForeignKey("contacts.id"), nullable=True)
    pipeline_id: Mapped[str] = mapped_column(ForeignKey("pipelines.id"))
    stage: Mapped[str] = mapped_column(String(64))
    status: Mapped[str] = mapped_column(String(10), default="open")
    amount: Mapped[Decimal | None] = mapped_column(Money(), nullable=True)
    currency: Mapped[str] = mapped_column(String(3), default="CNY")
    close_date: Mapped[date | None] = mapped_column(Date, nullable=True)
    probability: Mapped[int | None] = mapped_column(Integer, nullable=True)
    lost_reason: Mapped[str | None] = mapped_column(String(500), nullable=True)
    # Campaigns live in another module's table; a plain id keeps the modules independent.
    campaign_id: Mapped[str | None] = mapped_column(String(36), nullable=True)
    source: Mapped[str | None] = mapped_column(String(100), nullable=True)
    forecast_category: Mapped[str | None] = mapped_column(String(20), nullable=True)
    stage_changed_at: Mapped[datetime | None] = mapped_column(nullable=True)
    closed_at: Mapped[datetime | None] = mapped_column(nullable=True)
    description: Mapped[str | None] = mapped_column(String(4000), nullable=True)


class OpportunityStageHistory(IdMixin, TenantMixin, Base):
    """One row per stay of an opportunity in a stage; ``left_at`` null = current stage."""

    __tablename__ = "opportunity_stage_history"
    __table_args__ = (
        Index("ix_opp_stage_history_tenant_opp", "tenant_id", "opportunity_id", "entered_at"),
        Index("ix_opp_stage_history_tenant_stage", "tenant_id", "pipeline_id", "stage",
              "entered_at"),
    )

    opportunity_id: Mapped[str] = mapped_column(ForeignKey("opportunities.id"))
    pipeline_id: Mapped[str] = mapped_column(ForeignKey("pipelines.id"))
    stage: Mapped[str] = mapped_column(String(64))
    entered_at: Mapped[datetime] = mapped_column()
    left_at: Mapped[datetime | None] = mapped_column(nullable=True)
    moved_by: Mapped[str | None] = mapped_column(String(36), nullable=True)
    amount: Mapped[Decimal | None] = mapped_column(Money(), nullable=True)
    # Kept by modules/sales/stage_paths.py for the funnel: the deal's previous entry
    # into this stage, and the furthest stage it entered from this stay on.
    prior_entry_at: Mapped[datetime | None] = mapped_column(nullable=True)
    furthest_stage: Mapped[str | None] = mapped_column(String(64), nullable=True)
    # The deal's currency while in the stay (analytics converts ``amount`` with it).
    currency: Mapped[str | None] = mapped_column(String(3), nullable=True)
