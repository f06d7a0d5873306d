"""password_resets (one-time links, hashed) and password_reset_requests (throttling)

Revision ID: a9c3e1d5f702
Revises: f3b8d2e61a57
Create Date: 2026-12-05 07:20:00
"""
from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "a9c3e1d5f702"
down_revision: str | None = "f3b8d2e61a57"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "password_resets",
        sa.Column("user_id", sa.String(length=36), nullable=False),
        sa.Column("token_hash", sa.String(length=64), nullable=False),
        sa.Column("via", sa.String(length=10), nullable=False),
        sa.Column("created_by", sa.String(length=36), nullable=True),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("used_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("tenant_id", sa.String(length=36), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["tenant_id"], ["tenants.id"],
                                name=op.f("fk_password_resets_tenant_id_tenants")),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"],
                                name=op.f("fk_password_resets_user_id_users")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_password_resets")),
    )
    with op.batch_alter_table("password_resets", schema=None) as batch_op:
        batch_op.create_index("ix_password_resets_hash", ["token_hash"], unique=True)
        batch_op.create_index("ix_password_resets_user", ["user_id"], unique=False)
    op.create_table(
        "password_reset_requests",
        sa.Column("email", sa.String(length=254), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("ip", sa.String(length=64), nullable=True),
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_password_reset_requests")),
    )
    with op.batch_alter_table("password_reset_requests", schema=None) as batch_op:
        batch_op.create_index("ix_password_reset_requests_email_at", ["email", "at"],
                              unique=False)
        batch_op.create_index("ix_password_reset_requests_ip_at", ["ip", "at"], unique=False)


def downgrade() -> None:
    op.drop_table("password_reset_requests")
    op.drop_table("password_resets")
