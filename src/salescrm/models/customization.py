"""Tenant configuration of objects beyond fields: validation rules and page layouts.

(Custom fields, custom objects and custom records live in ``metadata.py``.)
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import Boolean, Index, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from salescrm.db.base import Base, RecordMixin


class ValidationRule(RecordMixin, Base):
    """A rule that refuses a write when its ``condition`` holds for the record (before
    and after the change), with a message in both languages."""

    __tablename__ = "validation_rules"
    __table_args__ = (Index("ix_validation_rules_tenant_object", "tenant_id", "object"),)

    object: Mapped[str] = mapped_column(String(64))
    name: Mapped[str] = mapped_column(String(200))
    condition: Mapped[dict[str, Any]] = mapped_column(default=dict)
    # {"en": ..., "zh-CN": ...}
    message: Mapped[dict[str, Any]] = mapped_column(default=dict)
    # The field the error is reported on (None: the record as a whole).
    error_field: Mapped[str | None] = mapped_column(String(64), nullable=True)
    is_active: Mapped[bool] = mapped_column(Boolean, default=True)


class PageLayout(RecordMixin, Base):
    """Field groups and their order for an object's form, optionally per pipeline stage
    (``stage`` is "" for the object's default layout)."""

    __tablename__ = "page_layouts"
    __table_args__ = (UniqueConstraint("tenant_id", "object", "stage"),)

    object: Mapped[str] = mapped_column(String(64))
    stage: Mapped[str] = mapped_column(String(64), default="")
    # {"groups": [{"key", "labels": {"en","zh-CN"}, "fields": [api names]}]}
    definition: Mapped[dict[str, Any]] = mapped_column(default=dict)
