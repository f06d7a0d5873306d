"""Saved list views: the filters, sort and columns of an object's list, named, and
shared like saved reports (private | department | all); plus each user's default
view per object.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import ForeignKey, Index, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from salescrm.db.base import Base, IdMixin, OwnedMixin, RecordMixin, TenantMixin
from salescrm.db.types import JSONType


class ListView(RecordMixin, OwnedMixin, Base):
    """``filters`` is ``[{"field","op","value"}]`` (the list endpoint's ``field__op=value``),
    ``sort`` a field name with "-" for descending, ``columns`` field names in order.
    A shared view opens with the *viewer's* permissions."""

    __tablename__ = "list_views"
    __table_args__ = (
        Index("ix_list_views_tenant_object_owner", "tenant_id", "object", "owner_id"),
        Index("ix_list_views_tenant_object_sharing", "tenant_id", "object", "sharing"),
    )

    name: Mapped[str] = mapped_column(String(100))
    object: Mapped[str] = mapped_column(String(64))
    filters: Mapped[list[Any]] = mapped_column(JSONType, default=list)
    sort: Mapped[str] = mapped_column(String(100), default="-created_at")
    columns: Mapped[list[Any]] = mapped_column(JSONType, default=list)
    q: Mapped[str | None] = mapped_column(String(200), nullable=True)
    sharing: Mapped[str] = mapped_column(String(20), default="private")
    # The department a "department" view is shared with (the owner's when saved).
    department_id: Mapped[str | None] = mapped_column(String(36), nullable=True)


class ListViewDefault(IdMixin, TenantMixin, Base):
    """The view a user's list of ``object`` opens with (their own or one shared with
    them): a personal preference, so sharing a view never changes anyone's default."""

    __tablename__ = "list_view_defaults"
    __table_args__ = (UniqueConstraint("tenant_id", "user_id", "object"),)

    user_id: Mapped[str] = mapped_column(ForeignKey("users.id"))
    object: Mapped[str] = mapped_column(String(64))
    view_id: Mapped[str] = mapped_column(ForeignKey("list_views.id"))
