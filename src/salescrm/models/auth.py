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


class PasswordReset(IdMixin, TenantMixin, TimestampMixin, Base):
    """A one-time link to choose a new password: made by an administrator or e-mailed
    on request. Only the token's SHA-256 is kept; used or expired, it opens nothing."""

    __tablename__ = "password_resets"
    __table_args__ = (Index("ix_password_resets_hash", "token_hash", unique=True),
                      Index("ix_password_resets_user", "user_id"))

    user_id: Mapped[str] = mapped_column(ForeignKey("users.id"))
    token_hash: Mapped[str] = mapped_column(String(64))
    via: Mapped[str] = mapped_column(String(10))  # admin | email
    created_by: Mapped[str | None] = mapped_column(String(36), nullable=True)
    expires_at: Mapped[datetime]
    used_at: Mapped[datetime | None] = mapped_column(nullable=True)


class PasswordResetRequest(IdMixin, Base):
    """Who asked for a reset e-mail, for throttling: by address (whether or not it is
    anyone's) and by client address. Not tenant-scoped: the tenant is unknown."""

    __tablename__ = "password_reset_requests"
    __table_args__ = (Index("ix_password_reset_requests_email_at", "email", "at"),
                      Index("ix_password_reset_requests_ip_at", "ip", "at"))

    email: Mapped[str] = mapped_column(String(254))
    at: Mapped[datetime]
    ip: Mapped[str | None] = mapped_column(String(64), nullable=True)
