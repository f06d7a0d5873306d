"""Analytics tables: sales targets (quotas), saved reports and dashboards.

Figures themselves are never stored: every report, funnel and forecast is computed
from the business tables when asked, within the caller's data scope. The one
exception is ``forecast_stage_rates``, a per-tenant cache of observed stage-to-win
rates (a statistic over years of history, recomputed when the history moves on).
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import Date, Index, Integer, Numeric, String, text
from sqlalchemy.orm import Mapped, mapped_column

from salescrm.db.base import Base, IdMixin, OwnedMixin, RecordMixin, TenantMixin
from salescrm.db.types import Fixed, JSONType, Money
from salescrm.models.opportunity import Opportunity, OpportunityStageHistory
from salescrm.models.order import Order, Payment

_LIVE = text("deleted_at IS NULL")


class ExchangeRate(RecordMixin, Base):
    """How much one unit of ``currency`` is worth in the tenant's own currency
    (``tenants.currency``): analytics converts every amount with it before summing."""

    __tablename__ = "exchange_rates"
    __table_args__ = (
        Index("ix_exchange_rates_tenant_created", "tenant_id", "created_at", "id"),
        Index("uq_exchange_rates_tenant_currency", "tenant_id", "currency", unique=True,
              sqlite_where=text("deleted_at IS NULL"),
              postgresql_where=text("deleted_at IS NULL")),
    )

    currency: Mapped[str] = mapped_column(String(3))
    rate: Mapped[Decimal] = mapped_column(Fixed(8))


class SalesTarget(RecordMixin, Base):
    """An amount target (销售目标) for a rep or a department over a month or a quarter.

    ``subject_type`` is ``user`` or ``department``; ``metric`` is what counts towards it
    (``won_amount``: opportunities won in the period; ``paid_amount``: payments received).
    """

    __tablename__ = "sales_targets"
    __table_args__ = (
        Index("uq_sales_targets_tenant_subject_period", "tenant_id", "subject_type",
              "subject_id", "metric", "period_kind", "period_start", unique=True,
              sqlite_where=_LIVE, postgresql_where=_LIVE),
        Index("ix_sales_targets_tenant_period", "tenant_id", "period_start"),
    )

    subject_type: Mapped[str] = mapped_column(String(20))
    subject_id: Mapped[str] = mapped_column(String(36))
    metric: Mapped[str] = mapped_column(String(20), default="won_amount")
    period_kind: Mapped[str] = mapped_column(String(10))
    period_start: Mapped[date] = mapped_column(Date)
    amount: Mapped[Decimal] = mapped_column(Money())
    currency: Mapped[str] = mapped_column(String(3), default="CNY")


class SavedReport(RecordMixin, OwnedMixin, Base):
    """A report-builder definition. ``sharing``: private | department | all.

    A shared report runs with the *viewer's* permissions: sharing a definition never
    shares figures the viewer could not see.
    """

    __tablename__ = "saved_reports"
    __table_args__ = (
        Index("ix_saved_reports_tenant_owner", "tenant_id", "owner_id"),
        Index("ix_saved_reports_tenant_sharing", "tenant_id", "sharing"),
    )

    name: Mapped[str] = mapped_column(String(200))
    description: Mapped[str | None] = mapped_column(String(2000), nullable=True)
    object: Mapped[str] = mapped_column(String(64))
    spec: Mapped[dict[str, Any]] = mapped_column(JSONType, default=dict)
    # How the web app draws it: {"type": "bar|line|pie|table|number|funnel", ...}.
    chart: Mapped[dict[str, Any]] = mapped_column(JSONType, default=dict)
    sharing: Mapped[str] = mapped_column(String(20), default="private")
    # The department a "department" report is shared with (the owner's when saved).
    department_id: Mapped[str | None] = mapped_column(String(36), nullable=True)


class Dashboard(RecordMixin, OwnedMixin, Base):
    """A saved layout of widgets, private or shared like a saved report.

    ``widgets`` is ``[{"id","type","title","source","report_id"?,"params"?,
    "x","y","w","h"}]`` where ``source`` names what feeds it (a saved report, the
    funnel, the forecast, a standard report).
    """

    __tablename__ = "dashboards"
    __table_args__ = (
        Index("ix_dashboards_tenant_owner", "tenant_id", "owner_id"),
        Index("ix_dashboards_tenant_sharing", "tenant_id", "sharing"),
    )

    name: Mapped[str] = mapped_column(String(200))
    description: Mapped[str | None] = mapped_column(String(2000), nullable=True)
    sharing: Mapped[str] = mapped_column(String(20), default="private")
    department_id: Mapped[str | None] = mapped_column(String(36), nullable=True)
    widgets: Mapped[list[dict[str, Any]]] = mapped_column(JSONType, default=list)


class ForecastStageRate(IdMixin, TenantMixin, Base):
    """Cached stage-to-win statistics of one tenant for one as-of day: per pipeline,
    stage and age in the stage, the deals still open at that age (``alive``) and those
    of them won within the horizon (see ``modules/analytics/rates.py``).

    ``history_mark`` is the newest stage-history timestamp seen when computing:
    a later stage change makes the cache stale (recomputed at most hourly).
    """

    __tablename__ = "forecast_stage_rates"
    __table_args__ = (
        Index("ix_forecast_stage_rates_tenant_asof", "tenant_id", "as_of", "window_days"),
    )

    as_of: Mapped[date] = mapped_column(Date)
    window_days: Mapped[int] = mapped_column(Integer)
    horizon_days: Mapped[int] = mapped_column(Integer)
    pipeline_id: Mapped[str] = mapped_column(String(36))
    stage: Mapped[str] = mapped_column(String(64))
    age_from: Mapped[int] = mapped_column(Integer)
    alive: Mapped[int] = mapped_column(Integer)
    won: Mapped[int] = mapped_column(Integer)
    avg_days_to_win: Mapped[Decimal | None] = mapped_column(Numeric(12, 4), nullable=True)
    history_mark: Mapped[datetime | None] = mapped_column(nullable=True)
    computed_at: Mapped[datetime] = mapped_column()


# Covering indexes for the analytics aggregates on the sales tables (created by the
# analytics migration; declared here so the metadata, and autogenerate, know them).
# The stage history since a moment: funnel, stay lengths, rates, the newest change.
_H = OpportunityStageHistory
Index("ix_opp_stage_history_tenant_entered", _H.tenant_id, _H.entered_at, _H.pipeline_id,
      _H.stage, _H.opportunity_id, _H.left_at, _H.amount, _H.prior_entry_at,
      _H.furthest_stage, _H.currency)
# Open deals (about a fifth of them): the forecast reads only this index.
_O = Opportunity
_OPEN = text("status = 'open'")
Index("ix_opportunities_tenant_open", _O.tenant_id, _O.close_date, _O.owner_id,
      _O.pipeline_id, _O.stage, _O.amount, _O.probability, _O.forecast_category,
      _O.stage_changed_at, _O.created_at, _O.deleted_at, _O.currency,
      postgresql_where=_OPEN, sqlite_where=_OPEN)
# Which currencies a tenant's deals, orders and payments use (a few index probes).
Index("ix_opportunities_tenant_currency", _O.tenant_id, _O.currency)
Index("ix_orders_tenant_currency", Order.tenant_id, Order.currency)
Index("ix_payments_tenant_currency", Payment.tenant_id, Payment.currency)
# The few deleted deals, left out of history-based figures by a small anti-join.
Index("ix_opportunities_tenant_deleted", _O.tenant_id, _O.id,
      postgresql_where=text("deleted_at IS NOT NULL"),
      sqlite_where=text("deleted_at IS NOT NULL"))
# A manager's or rep's live deals, read from the index alone (history figures take the
# deals in scope as a set of ids).
Index("ix_opportunities_tenant_owner_live", _O.tenant_id, _O.owner_id, _O.id,
      postgresql_where=text("deleted_at IS NULL"), sqlite_where=text("deleted_at IS NULL"))
# Deals closed in a period: won amounts, win rate, cycle length, lost reasons.
Index("ix_opportunities_tenant_closed", _O.tenant_id, _O.status, _O.closed_at, _O.owner_id,
      _O.pipeline_id, _O.amount, _O.created_at, _O.deleted_at)
