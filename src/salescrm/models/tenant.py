from __future__ import annotations

from sqlalchemy import Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from salescrm.db.base import Base, IdMixin, TimestampMixin


class Tenant(IdMixin, TimestampMixin, Base):
    """A company using SalesCRM. Every business row belongs to exactly one."""

    __tablename__ = "tenants"

    name: Mapped[str] = mapped_column(String(200))
    locale: Mapped[str] = mapped_column(String(10), default="zh-CN")
    currency: Mapped[str] = mapped_column(String(3), default="CNY")
    # Bumped on every metadata change (custom fields/objects): caches key on it.
    metadata_version: Mapped[int] = mapped_column(Integer, default=1)
