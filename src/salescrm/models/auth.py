"""Server-side tokens (sessions and API tokens, stored hashed) and login attempts."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column

from salescrm.db.base import Base, IdMixin, TenantMixin, TimestampMixin


class AuthToken(IdMixin, TenantMixin, TimestampMixin, Base):
    __tablename__ = "auth_tokens"
    __table_args__ = (Index("ix_auth_tokens_hash", "token_hash", unique=True),)

    user_id: Mapped[str] = mapped_column(ForeignKey("users.id"))
    token_hash: Mapped[str] = mapped_column(String(64))
    kind: Mapped[str] = mapped_column(String(10), default="session")  # session | api
    name: Mapped[str | None] = mapped_column(String(200), nullable=True)
    scopes: Mapped[str] = mapped_column(String(500), default="*")
    expires_at: Mapped[datetime | None] = mapped_column(nullable=True)
    revoked_at: Mapped[datetime | None] = mapped_column(nullable=True)
    last_used_at: Mapped[datetime | None] = mapped_column(nullable=True)


class LoginAttempt(IdMixin, Base):
    """Failed logins per email, for throttling. Not tenant-scoped: the tenant is unknown."""

    __tablename__ = "login_attempts"
    __table_args__ = (Index("ix_login_attempts_email_at", "email", "at"),)

    email: Mapped[str] = mapped_column(String(254))
    at: Mapped[datetime]
    ip: Mapped[str | None] = mapped_column(String(64), nullable=True)
