"""Lead-to-cash documents: contracts, orders with their lines, invoices (开票),
payment plans and payments (回款), and per-tenant document number sequences.

``paid_amount``, ``invoiced_amount`` and ``receivable`` are stored (not only computed
on read) so lists, filters, sorting and reports read them like any other column; the
orders service is the only writer and recomputes them from the payments/invoices
rows in the same transaction.
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import Date, ForeignKey, Index, Integer, String, UniqueConstraint, text
from sqlalchemy.orm import Mapped, mapped_column

from salescrm.db.base import Base, IdMixin, OwnedMixin, RecordMixin, TenantMixin, TimestampMixin
from salescrm.db.types import Fixed, JSONType, Money

ZERO = Decimal("0.00")
# Unique among live rows only: a number in the recycle bin does not block a new record.
_LIVE = text("deleted_at IS NULL")


class Contract(RecordMixin, OwnedMixin, Base):
    __tablename__ = "contracts"
    __table_args__ = (
        Index("uq_contracts_tenant_number", "tenant_id", "number", unique=True,
              sqlite_where=_LIVE, postgresql_where=_LIVE),
        Index("ix_contracts_tenant_created", "tenant_id", "created_at", "id"),
        Index("ix_contracts_tenant_account", "tenant_id", "account_id"),
        Index("ix_contracts_tenant_owner", "tenant_id", "owner_id"),
    )

    name: Mapped[str] = mapped_column(String(200))
    number: Mapped[str] = mapped_column(String(50))
    account_id: Mapped[str] = mapped_column(ForeignKey("accounts.id"))
    # Opportunities live in another module's migration branch: no foreign key.
    opportunity_id: Mapped[str | None] = mapped_column(String(36), nullable=True)
    currency: Mapped[str] = mapped_column(String(3), default="CNY")
    amount: Mapped[Decimal] = mapped_column(Money(), default=ZERO)
    start_date: Mapped[date | None] = mapped_column(Date, nullable=True)
    end_date: Mapped[date | None] = mapped_column(Date, nullable=True)
    status: Mapped[str] = mapped_column(String(20), default="draft")
    signed_on: Mapped[date | None] = mapped_column(Date, nullable=True)
    invoiced_amount: Mapped[Decimal] = mapped_column(Money(), default=ZERO)
    paid_amount: Mapped[Decimal] = mapped_column(Money(), default=ZERO)
    receivable: Mapped[Decimal] = mapped_column(Money(), default=ZERO)
    description: Mapped[str | None] = mapped_column(String(4000), nullable=True)


class Order(RecordMixin, OwnedMixin, Base):
    __tablename__ = "orders"
    __table_args__ = (
        Index("uq_orders_tenant_number", "tenant_id", "number", unique=True,
              sqlite_where=_LIVE, postgresql_where=_LIVE),
        Index("ix_orders_tenant_created", "tenant_id", "created_at", "id"),
        Index("ix_orders_tenant_account", "tenant_id", "account_id"),
        Index("ix_orders_tenant_owner", "tenant_id", "owner_id"),
        Index("ix_orders_tenant_contract", "tenant_id", "contract_id"),
        Index("ix_orders_tenant_status", "tenant_id", "status"),
    )

    number: Mapped[str] = mapped_column(String(50))
    account_id: Mapped[str] = mapped_column(ForeignKey("accounts.id"))
    contract_id: Mapped[str | None] = mapped_column(ForeignKey("contracts.id"), nullable=True)
    # Opportunities and quotes live in other modules' migration branches: no foreign key.
    opportunity_id: Mapped[str | None] = mapped_column(String(36), nullable=True)
    quote_id: Mapped[str | None] = mapped_column(String(36), nullable=True)
    currency: Mapped[str] = mapped_column(String(3), default="CNY")
    ordered_on: Mapped[date | None] = mapped_column(Date, nullable=True)
    status: Mapped[str] = mapped_column(String(20), default="draft")
    total: Mapped[Decimal] = mapped_column(Money(), default=ZERO)
    paid_amount: Mapped[Decimal] = mapped_column(Money(), default=ZERO)
    invoiced_amount: Mapped[Decimal] = mapped_column(Money(), default=ZERO)
    receivable: Mapped[Decimal] = mapped_column(Money(), default=ZERO)
    approved_at: Mapped[datetime | None] = mapped_column(nullable=True)
    fulfilled_at: Mapped[datetime | None] = mapped_column(nullable=True)
    last_activity_at: Mapped[datetime | None] = mapped_column(nullable=True)
    description: Mapped[str | None] = mapped_column(String(4000), nullable=True)
    # The lines as the API shows them (decimal strings), kept in step with order_lines
    # by the orders service: records, lists and exports read the order in one row;
    # reports by product read order_lines.
    lines: Mapped[list[dict[str, Any]]] = mapped_column(JSONType, default=list)


class OrderLine(IdMixin, TenantMixin, TimestampMixin, Base):
    """One priced line: amount = quantity × unit_price × (1 − discount/100)."""

    __tablename__ = "order_lines"
    __table_args__ = (
        Index("ix_order_lines_tenant_order", "tenant_id", "order_id", "position"),
        Index("ix_order_lines_tenant_product", "tenant_id", "product_id"),
    )

    order_id: Mapped[str] = mapped_column(ForeignKey("orders.id", ondelete="CASCADE"))
    position: Mapped[int] = mapped_column(Integer, default=0)
    # Products live in another module's migration branch: no foreign key.
    product_id: Mapped[str | None] = mapped_column(String(36), nullable=True)
    description: Mapped[str | None] = mapped_column(String(500), nullable=True)
    quantity: Mapped[Decimal] = mapped_column(Fixed(4))
    unit_price: Mapped[Decimal] = mapped_column(Money())
    discount: Mapped[Decimal] = mapped_column(Fixed(4), default=Decimal("0"))
    amount: Mapped[Decimal] = mapped_column(Money())


class Invoice(RecordMixin, OwnedMixin, Base):
    """An invoice (开票) requested against an order or a contract."""

    __tablename__ = "invoices"
    __table_args__ = (
        Index("ix_invoices_tenant_created", "tenant_id", "created_at", "id"),
        Index("ix_invoices_tenant_order", "tenant_id", "order_id"),
        Index("ix_invoices_tenant_contract", "tenant_id", "contract_id"),
        Index("ix_invoices_tenant_account", "tenant_id", "account_id"),
        Index("ix_invoices_tenant_owner", "tenant_id", "owner_id"),
    )

    account_id: Mapped[str] = mapped_column(ForeignKey("accounts.id"))
    order_id: Mapped[str | None] = mapped_column(ForeignKey("orders.id"), nullable=True)
    contract_id: Mapped[str | None] = mapped_column(ForeignKey("contracts.id"), nullable=True)
    number: Mapped[str | None] = mapped_column(String(50), nullable=True)
    title: Mapped[str] = mapped_column(String(200))
    tax_number: Mapped[str | None] = mapped_column(String(40), nullable=True)
    type: Mapped[str] = mapped_column(String(10), default="normal")  # normal 普票 | special 专票
    amount: Mapped[Decimal] = mapped_column(Money())
    status: Mapped[str] = mapped_column(String(10), default="requested")
    issued_on: Mapped[date | None] = mapped_column(Date, nullable=True)
    description: Mapped[str | None] = mapped_column(String(2000), nullable=True)


class PaymentPlan(RecordMixin, OwnedMixin, Base):
    """An expected instalment; payments fill plans in due-date order."""

    __tablename__ = "payment_plans"
    __table_args__ = (
        Index("ix_payment_plans_tenant_created", "tenant_id", "created_at", "id"),
        Index("ix_payment_plans_tenant_order", "tenant_id", "order_id"),
        Index("ix_payment_plans_tenant_contract", "tenant_id", "contract_id"),
        Index("ix_payment_plans_tenant_owner", "tenant_id", "owner_id"),
        Index("ix_payment_plans_status_due", "status", "due_date"),
    )

    account_id: Mapped[str] = mapped_column(ForeignKey("accounts.id"))
    order_id: Mapped[str | None] = mapped_column(ForeignKey("orders.id"), nullable=True)
    contract_id: Mapped[str | None] = mapped_column(ForeignKey("contracts.id"), nullable=True)
    due_date: Mapped[date] = mapped_column(Date)
    amount: Mapped[Decimal] = mapped_column(Money())
    paid_amount: Mapped[Decimal] = mapped_column(Money(), default=ZERO)
    # planned | partially_paid | paid | overdue
    status: Mapped[str] = mapped_column(String(20), default="planned")
    description: Mapped[str | None] = mapped_column(String(2000), nullable=True)


class Payment(RecordMixin, OwnedMixin, Base):
    """Money received (回款) against an order or a contract."""

    __tablename__ = "payments"
    __table_args__ = (
        Index("ix_payments_tenant_created", "tenant_id", "created_at", "id"),
        Index("ix_payments_tenant_order", "tenant_id", "order_id"),
        Index("ix_payments_tenant_contract", "tenant_id", "contract_id"),
        Index("ix_payments_tenant_account", "tenant_id", "account_id", "paid_on"),
        Index("ix_payments_tenant_owner", "tenant_id", "owner_id"),
    )

    account_id: Mapped[str] = mapped_column(ForeignKey("accounts.id"))
    order_id: Mapped[str | None] = mapped_column(ForeignKey("orders.id"), nullable=True)
    contract_id: Mapped[str | None] = mapped_column(ForeignKey("contracts.id"), nullable=True)
    amount: Mapped[Decimal] = mapped_column(Money())
    currency: Mapped[str] = mapped_column(String(3), default="CNY")
    paid_on: Mapped[date] = mapped_column(Date)
    method: Mapped[str | None] = mapped_column(String(20), nullable=True)
    reference: Mapped[str | None] = mapped_column(String(100), nullable=True)
    description: Mapped[str | None] = mapped_column(String(2000), nullable=True)


class NumberSequence(IdMixin, TenantMixin, Base):
    """A per-tenant counter for document numbers (orders SO…, contracts HT…)."""

    __tablename__ = "number_sequences"
    __table_args__ = (UniqueConstraint("tenant_id", "name"),)

    name: Mapped[str] = mapped_column(String(64))
    value: Mapped[int] = mapped_column(Integer, default=0)
