"""Quotes: priced lines (JSON, decimal strings) with totals computed in Decimal."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from sqlalchemy import Date, ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column

from salescrm.db.base import Base, OwnedMixin, RecordMixin
from salescrm.db.types import JSONType, Money


class Quote(RecordMixin, OwnedMixin, Base):
    __tablename__ = "quotes"
    __table_args__ = (
        Index("ix_quotes_tenant_created", "tenant_id", "created_at", "id"),
        Index("ix_quotes_tenant_owner", "tenant_id", "owner_id"),
        Index("ix_quotes_tenant_account", "tenant_id", "account_id"),
        Index("ix_quotes_tenant_opportunity", "tenant_id", "opportunity_id"),
    )

    name: Mapped[str | None] = mapped_column(String(200), nullable=True)
    account_id: Mapped[str] = mapped_column(ForeignKey("accounts.id"))
    opportunity_id: Mapped[str | None] = mapped_column(ForeignKey("opportunities.id"),
                                                       nullable=True)
    contact_id: Mapped[str | None] = mapped_column(ForeignKey("contacts.id"), nullable=True)
    price_book_id: Mapped[str | None] = mapped_column(ForeignKey("price_books.id"),
                                                      nullable=True)
    status: Mapped[str] = mapped_column(String(10), default="draft")
    valid_until: Mapped[date | None] = mapped_column(Date, nullable=True)
    currency: Mapped[str] = mapped_column(String(3), default="CNY")
    # [{"product_id","quantity","unit_price","discount","amount"}], numbers as decimal strings.
    lines: Mapped[list[dict[str, Any]]] = mapped_column(JSONType, default=list)
    subtotal: Mapped[Decimal] = mapped_column(Money(), default=Decimal("0"))
    discount_total: Mapped[Decimal] = mapped_column(Money(), default=Decimal("0"))
    total: Mapped[Decimal] = mapped_column(Money(), default=Decimal("0"))
    # The order it became; orders are another module's table, so no foreign key.
    order_id: Mapped[str | None] = mapped_column(String(36), nullable=True)
    notes: Mapped[str | None] = mapped_column(String(4000), nullable=True)
