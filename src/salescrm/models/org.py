"""Users, departments (a tree) and roles: who may do what, and see whose records."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Boolean, ForeignKey, Index, String, UniqueConstraint, false
from sqlalchemy.orm import Mapped, mapped_column

from salescrm.db.base import Base, RecordMixin, TenantMixin


class Department(RecordMixin, Base):
    __tablename__ = "departments"
    __table_args__ = (Index("ix_departments_tenant_parent", "tenant_id", "parent_id"),)

    name: Mapped[str] = mapped_column(String(200))
    parent_id: Mapped[str | None] = mapped_column(ForeignKey("departments.id"), nullable=True)
    head_id: Mapped[str | None] = mapped_column(
        ForeignKey("users.id", use_alter=True), nullable=True
    )


class User(RecordMixin, Base):
    __tablename__ = "users"
    # Emails are unique across the whole installation: login needs no tenant.
    __table_args__ = (
        UniqueConstraint("email"),
        Index("ix_users_tenant_department", "tenant_id", "department_id"),
    )

    name: Mapped[str] = mapped_column(String(200))
    email: Mapped[str] = mapped_column(String(254))
    password_hash: Mapped[str] = mapped_column(String(255))
    mobile: Mapped[str | None] = mapped_column(String(40), nullable=True)
    department_id: Mapped[str | None] = mapped_column(
        ForeignKey("departments.id"), nullable=True
    )
    manager_id: Mapped[str | None] = mapped_column(ForeignKey("users.id"), nullable=True)
    locale: Mapped[str | None] = mapped_column(String(10), nullable=True)
    is_active: Mapped[bool] = mapped_column(Boolean, default=True)
    # Set for a password someone else chose (an import's generated first password, an
    # administrator's reset on request): until the user picks their own, every write
    # but that change is refused (platform/auth/context.py).
    must_change_password: Mapped[bool] = mapped_column(Boolean, default=False,
                                                       server_default=false())


class Role(RecordMixin, Base):
    """A role: per-object actions, a data scope and field permissions.

    ``permissions`` maps object api name (or ``*``) to a list of actions
    (read/create/update/delete/export/approve); ``field_permissions`` maps
    object → field → ``hidden|readonly|masked``.
    """

    __tablename__ = "roles"
    __table_args__ = (UniqueConstraint("tenant_id", "key"),)

    key: Mapped[str] = mapped_column(String(64))
    name: Mapped[str] = mapped_column(String(200))
    data_scope: Mapped[str] = mapped_column(String(20), default="own")
    permissions: Mapped[dict[str, Any]] = mapped_column(default=dict)
    field_permissions: Mapped[dict[str, Any]] = mapped_column(default=dict)
    builtin: Mapped[bool] = mapped_column(Boolean, default=False)


class UserRole(TenantMixin, Base):
    __tablename__ = "user_roles"

    user_id: Mapped[str] = mapped_column(ForeignKey("users.id"), primary_key=True)
    role_id: Mapped[str] = mapped_column(ForeignKey("roles.id"), primary_key=True)
