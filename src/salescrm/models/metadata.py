"""Tenant-defined metadata: custom fields on any object, and custom objects."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Index, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from salescrm.db.base import Base, OwnedMixin, RecordMixin


class CustomField(RecordMixin, Base):
    __tablename__ = "custom_fields"
    __table_args__ = (UniqueConstraint("tenant_id", "object", "api_name"),)

    object: Mapped[str] = mapped_column(String(64))
    api_name: Mapped[str] = mapped_column(String(64))
    # label, type, required, unique, options, target, default, help, max_length …
    definition: Mapped[dict[str, Any]] = mapped_column(default=dict)


class CustomObject(RecordMixin, Base):
    __tablename__ = "custom_objects"
    __table_args__ = (UniqueConstraint("tenant_id", "api_name"),)

    api_name: Mapped[str] = mapped_column(String(64))
    definition: Mapped[dict[str, Any]] = mapped_column(default=dict)


class CustomRecord(RecordMixin, OwnedMixin, Base):
    """A record of a custom object: its field values live in ``custom``."""

    __tablename__ = "custom_records"
    __table_args__ = (
        Index("ix_custom_records_object_created", "tenant_id", "object", "created_at", "id"),
    )

    object: Mapped[str] = mapped_column(String(64))
    name: Mapped[str] = mapped_column(String(200))
