"""Accounts (customers) and their contacts."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column

from salescrm.db.base import Base, OwnedMixin, RecordMixin


class Account(RecordMixin, OwnedMixin, Base):
    __tablename__ = "accounts"
    __table_args__ = (
        Index("ix_accounts_tenant_created", "tenant_id", "created_at", "id"),
        Index("ix_accounts_tenant_owner", "tenant_id", "owner_id"),
        Index("ix_accounts_tenant_name", "tenant_id", "name"),
        Index("ix_accounts_tenant_name_key", "tenant_id", "name_key"),
        Index("ix_accounts_tenant_phone_key", "tenant_id", "phone_key"),
    )

    name: Mapped[str] = mapped_column(String(200))
    industry: Mapped[str | None] = mapped_column(String(100), nullable=True)
    level: Mapped[str | None] = mapped_column(String(20), nullable=True)
    region: Mapped[str | None] = mapped_column(String(100), nullable=True)
    province: Mapped[str | None] = mapped_column(String(100), nullable=True)
    city: Mapped[str | None] = mapped_column(String(100), nullable=True)
    address: Mapped[str | None] = mapped_column(String(500), nullable=True)
    phone: Mapped[str | None] = mapped_column(String(40), nullable=True)
    website: Mapped[str | None] = mapped_column(String(500), nullable=True)
    source: Mapped[str | None] = mapped_column(String(100), nullable=True)
    description: Mapped[str | None] = mapped_column(String(4000), nullable=True)
    # Customer pool (公海): when the current owner got the account, last follow-up.
    assigned_at: Mapped[datetime | None] = mapped_column(nullable=True)
    last_activity_at: Mapped[datetime | None] = mapped_column(nullable=True)
    # Normalized keys for the duplicate check (kept in sync by platform.dedupe).
    name_key: Mapped[str | None] = mapped_column(String(200), nullable=True)
    phone_key: Mapped[str | None] = mapped_column(String(40), nullable=True)


class Contact(RecordMixin, OwnedMixin, Base):
    __tablename__ = "contacts"
    __table_args__ = (
        Index("ix_contacts_tenant_created", "tenant_id", "created_at", "id"),
        Index("ix_contacts_tenant_account", "tenant_id", "account_id"),
        Index("ix_contacts_tenant_owner", "tenant_id", "owner_id"),
        Index("ix_contacts_tenant_name_key", "tenant_id", "name_key"),
        Index("ix_contacts_tenant_mobile_key", "tenant_id", "mobile_key"),
        Index("ix_contacts_tenant_email_key", "tenant_id", "email_key"),
    )

    name: Mapped[str] = mapped_column(String(200))
    account_id: Mapped[str | None] = mapped_column(ForeignKey("accounts.id"), nullable=True)
    title: Mapped[str | None] = mapped_column(String(100), nullable=True)
    mobile: Mapped[str | None] = mapped_column(String(40), nullable=True)
    phone: Mapped[str | None] = mapped_column(String(40), nullable=True)
    email: Mapped[str | None] = mapped_column(String(254), nullable=True)
    wechat: Mapped[str | None] = mapped_column(String(100), nullable=True)
    # Normalized keys for the duplicate check (kept in sync by platform.dedupe).
    name_key: Mapped[str | None] = mapped_column(String(200), nullable=True)
    mobile_key: Mapped[str | None] = mapped_column(String(40), nullable=True)
    email_key: Mapped[str | None] = mapped_column(String(254), nullable=True)
