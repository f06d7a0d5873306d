"""Products and price books (a price per product per book; the "standard" book is default)."""

from __future__ import annotations

from decimal import Decimal

from sqlalchemy import Boolean, ForeignKey, Index, String, text
from sqlalchemy.orm import Mapped, mapped_column

from salescrm.db.base import Base, RecordMixin
from salescrm.db.types import Money

# Unique among live rows only: a product in the recycle bin does not block its code.
_LIVE = text("deleted_at IS NULL")


class Product(RecordMixin, Base):
    __tablename__ = "products"
    __table_args__ = (
        Index("ix_products_tenant_created", "tenant_id", "created_at", "id"),
        Index("ix_products_tenant_name", "tenant_id", "name"),
        Index("uq_products_tenant_code", "tenant_id", "code", unique=True,
              sqlite_where=_LIVE, postgresql_where=_LIVE),
    )

    name: Mapped[str] = mapped_column(String(200))
    code: Mapped[str | None] = mapped_column(String(64), nullable=True)
    unit: Mapped[str | None] = mapped_column(String(20), nullable=True)
    price: Mapped[Decimal | None] = mapped_column(Money(), nullable=True)
    currency: Mapped[str] = mapped_column(String(3), default="CNY")
    category: Mapped[str | None] = mapped_column(String(100), nullable=True)
    is_active: Mapped[bool] = mapped_column(Boolean, default=True, nullable=False)
    description: Mapped[str | None] = mapped_column(String(4000), nullable=True)


class PriceBook(RecordMixin, Base):
    __tablename__ = "price_books"
    __table_args__ = (
        Index("ix_price_books_tenant_created", "tenant_id", "created_at", "id"),
    )

    name: Mapped[str] = mapped_column(String(200))
    is_default: Mapped[bool] = mapped_column(Boolean, default=False, nullable=False)
    is_active: Mapped[bool] = mapped_column(Boolean, default=True, nullable=False)
    currency: Mapped[str] = mapped_column(String(3), default="CNY")
    description: Mapped[str | None] = mapped_column(String(2000), nullable=True)


class PriceBookEntry(RecordMixin, Base):
    __tablename__ = "price_book_entries"
    __table_args__ = (
        Index("ix_price_book_entries_tenant_created", "tenant_id", "created_at", "id"),
        Index("uq_price_book_entries_tenant_book_product", "tenant_id", "price_book_id",
              "product_id", unique=True, sqlite_where=_LIVE, postgresql_where=_LIVE),
        Index("ix_price_book_entries_tenant_product", "tenant_id", "product_id"),
    )

    price_book_id: Mapped[str] = mapped_column(ForeignKey("price_books.id"))
    product_id: Mapped[str] = mapped_column(ForeignKey("products.id"))
    unit_price: Mapped[Decimal] = mapped_column(Money())
    is_active: Mapped[bool] = mapped_column(Boolean, default=True, nullable=False)
