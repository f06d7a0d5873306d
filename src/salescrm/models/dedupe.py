"""Per-tenant duplicate-check (查重) rules: which fields block a create or update."""

from __future__ import annotations

from typing import Any

from sqlalchemy import String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from salescrm.db.base import Base, RecordMixin
from salescrm.db.types import JSONType


class DuplicateRule(RecordMixin, Base):
    __tablename__ = "duplicate_rules"
    __table_args__ = (UniqueConstraint("tenant_id", "object"),)

    object: Mapped[str] = mapped_column(String(64))
    # Field api names whose exact (normalized) match answers 409; [] blocks nothing.
    blocking_fields: Mapped[list[Any]] = mapped_column(JSONType, default=list)
