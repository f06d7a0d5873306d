"""Leads (线索), the rules that assign them, and the pool (公海) settings."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import Boolean, ForeignKey, Index, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from salescrm.db.base import Base, OwnedMixin, RecordMixin
from salescrm.db.types import JSONType


class Lead(RecordMixin, OwnedMixin, Base):
    """A prospect not yet qualified. ``owner_id`` null means the lead is in the pool.

    ``*_key`` columns hold the normalized name/mobile/email the duplicate check looks
    up by index; ``converted_*`` link the lead to what it became.
    """

    __tablename__ = "leads"
    __table_args__ = (
        Index("ix_leads_tenant_created", "tenant_id", "created_at", "id"),
        Index("ix_leads_tenant_owner_status", "tenant_id", "owner_id", "status"),
        Index("ix_leads_tenant_campaign", "tenant_id", "campaign_id"),
        Index("ix_leads_tenant_converted_account", "tenant_id", "converted_account_id"),
        Index("ix_leads_tenant_name_key", "tenant_id", "name_key"),
        Index("ix_leads_tenant_mobile_key", "tenant_id", "mobile_key"),
        Index("ix_leads_tenant_email_key", "tenant_id", "email_key"),
    )

    name: Mapped[str] = mapped_column(String(200))
    company: Mapped[str | None] = mapped_column(String(200), nullable=True)
    title: Mapped[str | None] = mapped_column(String(100), nullable=True)
    mobile: Mapped[str | None] = mapped_column(String(40), nullable=True)
    email: Mapped[str | None] = mapped_column(String(254), nullable=True)
    source: Mapped[str | None] = mapped_column(String(100), nullable=True)
    campaign_id: Mapped[str | None] = mapped_column(ForeignKey("campaigns.id"), nullable=True)
    utm_source: Mapped[str | None] = mapped_column(String(200), nullable=True)
    utm_medium: Mapped[str | None] = mapped_column(String(200), nullable=True)
    utm_campaign: Mapped[str | None] = mapped_column(String(200), nullable=True)
    status: Mapped[str] = mapped_column(String(20), default="new")
    province: Mapped[str | None] = mapped_column(String(100), nullable=True)
    city: Mapped[str | None] = mapped_column(String(100), nullable=True)
    description: Mapped[str | None] = mapped_column(String(4000), nullable=True)
    converted_account_id: Mapped[str | None] = mapped_column(
        ForeignKey("accounts.id"), nullable=True)
    converted_contact_id: Mapped[str | None] = mapped_column(
        ForeignKey("contacts.id"), nullable=True)
    # Opportunities live in another module's table; the id is kept without a foreign key.
    converted_opportunity_id: Mapped[str | None] = mapped_column(String(36), nullable=True)
    converted_at: Mapped[datetime | None] = mapped_column(nullable=True)
    last_activity_at: Mapped[datetime | None] = mapped_column(nullable=True)
    # When the current owner got the lead: the pool's "no follow-up for N days" counts from here.
    assigned_at: Mapped[datetime | None] = mapped_column(nullable=True)
    name_key: Mapped[str | None] = mapped_column(String(200), nullable=True)
    mobile_key: Mapped[str | None] = mapped_column(String(40), nullable=True)
    email_key: Mapped[str | None] = mapped_column(String(254), nullable=True)


class LeadAssignmentRule(RecordMixin, Base):
    """Who gets a new lead: the first active rule (by ``position``) whose condition
    matches hands the lead round-robin to its users (or its department's members)."""

    __tablename__ = "lead_assignment_rules"
    __table_args__ = (Index("ix_lead_assignment_rules_tenant_position", "tenant_id", "position"),)

    name: Mapped[str] = mapped_column(String(200))
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    position: Mapped[int] = mapped_column(Integer, default=100)
    match_field: Mapped[str] = mapped_column(String(40), default="any")
    match_values: Mapped[list[Any] | None] = mapped_column(JSONType, nullable=True)
    user_ids: Mapped[list[Any] | None] = mapped_column(JSONType, nullable=True)
    department_id: Mapped[str | None] = mapped_column(ForeignKey("departments.id"),
                                                      nullable=True)
    # Round-robin position: the index (in the rule's user list) of the next assignee.
    next_index: Mapped[int] = mapped_column(Integer, default=0)


class PoolSetting(RecordMixin, Base):
    """Per tenant and object (leads, accounts): how many records a rep may hold and
    after how many days without follow-up a record goes back to the pool."""

    __tablename__ = "pool_settings"
    __table_args__ = (UniqueConstraint("tenant_id", "object"),)

    object: Mapped[str] = mapped_column(String(64))
    max_held: Mapped[int | None] = mapped_column(Integer, nullable=True)
    return_after_days: Mapped[int | None] = mapped_column(Integer, nullable=True)
