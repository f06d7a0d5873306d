"""Declarative base with a constraint naming convention and the mixins every table shares."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import ForeignKey, Integer, MetaData, String
from sqlalchemy.orm import DeclarativeBase, Mapped, declared_attr, mapped_column

from salescrm.db.types import JSONType, UTCDateTime, new_id, utcnow

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)
    type_annotation_map = {datetime: UTCDateTime(), dict[str, Any]: JSONType}


class IdMixin:
    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_id)


class TimestampMixin:
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)


class TenantMixin:
    """A row owned by a tenant. The session filter scopes every query on it."""

    @declared_attr
    def tenant_id(cls) -> Mapped[str]:
        return mapped_column(String(36), ForeignKey("tenants.id"), nullable=False)


class RecordMixin(IdMixin, TenantMixin, TimestampMixin):
    """What every business record has: version for optimistic locking, soft delete,
    the creator, and custom-field values in one JSON column."""

    version: Mapped[int] = mapped_column(Integer, default=1, nullable=False)
    created_by: Mapped[str | None] = mapped_column(String(36), nullable=True)
    deleted_at: Mapped[datetime | None] = mapped_column(nullable=True)
    custom: Mapped[dict[str, Any]] = mapped_column(default=dict)


class OwnedMixin:
    """A record with an owner: data scope (own / department / all) reads this column."""

    @declared_attr
    def owner_id(cls) -> Mapped[str | None]:
        return mapped_column(String(36), ForeignKey("users.id"), nullable=True, index=False)
