"""collaboration: comments, record followers, record teams, follower notices

Revision ID: 4e0055e477bd
Revises: 4f5c05b78cc2
Create Date: 2026-11-27 12:00:00
"""
from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "4e0055e477bd"
down_revision: str | None = "4f5c05b78cc2"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


# salescrm.db.types.JSONType, frozen here (a migration never imports the app): JSONB on
# PostgreSQL, JSON text on SQLite.
JSONType = sa.JSON().with_variant(postgresql.JSONB(), "postgresql")

UTC = sa.DateTime(timezone=True)


def _record_columns() -> list[sa.Column[Any]]:
    return [
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("tenant_id", sa.String(length=36), nullable=False),
        sa.Column("object", sa.String(length=64), nullable=False),
        sa.Column("record_id", sa.String(length=36), nullable=False),
    ]


def _fks(table: str, user_column: str) -> list[sa.Constraint]:
    return [
        sa.ForeignKeyConstraint(["tenant_id"], ["tenants.id"],
                                name=op.f(f"fk_{table}_tenant_id_tenants")),
        sa.ForeignKeyConstraint([user_column], ["users.id"],
                                name=op.f(f"fk_{table}_{user_column}_users")),
        sa.PrimaryKeyConstraint("id", name=op.f(f"pk_{table}")),
    ]


def upgrade() -> None:
    op.create_table(
        "comments",
        *_record_columns(),
        sa.Column("author_id", sa.String(length=36), nullable=False),
        sa.Column("body", sa.String(length=5000), nullable=False),
        sa.Column("mentions", JSONType, nullable=False),
        sa.Column("created_at", UTC, nullable=False),
        sa.Column("updated_at", UTC, nullable=False),
        sa.Column("edited_at", UTC, nullable=True),
        sa.Column("deleted_at", UTC, nullable=True),
        sa.Column("deleted_by", sa.String(length=36), nullable=True),
        *_fks("comments", "author_id"),
    )
    op.create_index("ix_comments_tenant_record", "comments",
                    ["tenant_id", "object", "record_id", "created_at", "id"])
    op.create_table(
        "record_followers",
        *_record_columns(),
        sa.Column("user_id", sa.String(length=36), nullable=False),
        sa.Column("muted", sa.Boolean(), nullable=False),
        sa.Column("created_at", UTC, nullable=False),
        *_fks("record_followers", "user_id"),
        sa.UniqueConstraint("tenant_id", "object", "record_id", "user_id",
                            name=op.f("uq_record_followers_tenant_id_object_record_id_user_id")),
    )
    op.create_index("ix_record_followers_tenant_user", "record_followers",
                    ["tenant_id", "user_id", "object"])
    op.create_table(
        "record_team_members",
        *_record_columns(),
        sa.Column("user_id", sa.String(length=36), nullable=False),
        sa.Column("access", sa.String(length=10), nullable=False),
        sa.Column("added_by", sa.String(length=36), nullable=True),
        sa.Column("created_at", UTC, nullable=False),
        sa.Column("updated_at", UTC, nullable=False),
        *_fks("record_team_members", "user_id"),
        sa.UniqueConstraint("tenant_id", "object", "record_id", "user_id",
                            name=op.f("uq_record_team_members_tenant_id_object_record_id_user_id")),
    )
    op.create_index("ix_record_team_members_scope", "record_team_members",
                    ["tenant_id", "user_id", "object", "record_id", "access"])
    op.create_table(
        "follower_notices",
        sa.Column("tenant_id", sa.String(length=36), nullable=False),
        sa.Column("event_id", sa.String(length=80), nullable=False),
        sa.Column("created_at", UTC, nullable=False),
        sa.ForeignKeyConstraint(["tenant_id"], ["tenants.id"],
                                name=op.f("fk_follower_notices_tenant_id_tenants")),
        sa.PrimaryKeyConstraint("tenant_id", "event_id", name=op.f("pk_follower_notices")),
    )
    op.create_index("ix_follower_notices_created", "follower_notices", ["created_at"])


def downgrade() -> None:
    op.drop_index("ix_follower_notices_created", table_name="follower_notices")
    op.drop_table("follower_notices")
    op.drop_index("ix_record_team_members_scope", table_name="record_team_members")
    op.drop_table("record_team_members")
    op.drop_index("ix_record_followers_tenant_user", table_name="record_followers")
    op.drop_table("record_followers")
    op.drop_index("ix_comments_tenant_record", table_name="comments")
    op.drop_table("comments")
