"""list views: saved list views shared like saved reports, and each user's default view

Revision ID: 23e44937a598
Revises: 4f5c05b78cc2
Create Date: 2026-11-27 10:24:47
"""
from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy import Text
from sqlalchemy.dialects import postgresql

revision: str = "23e44937a598"
down_revision: str | None = "4f5c05b78cc2"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

JSON = sa.JSON().with_variant(postgresql.JSONB(astext_type=Text()), "postgresql")
UTC = sa.DateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "list_views",
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.Column("object", sa.String(length=64), nullable=False),
        sa.Column("filters", JSON, nullable=False),
        sa.Column("sort", sa.String(length=100), nullable=False),
        sa.Column("columns", JSON, nullable=False),
        sa.Column("q", sa.String(length=200), nullable=True),
        sa.Column("sharing", sa.String(length=20), nullable=False),
        sa.Column("department_id", sa.String(length=36), nullable=True),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("created_by", sa.String(length=36), nullable=True),
        sa.Column("deleted_at", UTC, nullable=True),
        sa.Column("custom", JSON, nullable=False),
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("tenant_id", sa.String(length=36), nullable=False),
        sa.Column("created_at", UTC, nullable=False),
        sa.Column("updated_at", UTC, nullable=False),
        sa.Column("owner_id", sa.String(length=36), nullable=True),
        sa.ForeignKeyConstraint(["owner_id"], ["users.id"],
                                name=op.f("fk_list_views_owner_id_users")),
        sa.ForeignKeyConstraint(["tenant_id"], ["tenants.id"],
                                name=op.f("fk_list_views_tenant_id_tenants")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_list_views")),
    )
    op.create_index("ix_list_views_tenant_object_owner", "list_views",
                    ["tenant_id", "object", "owner_id"])
    op.create_index("ix_list_views_tenant_object_sharing", "list_views",
                    ["tenant_id", "object", "sharing"])
    op.create_table(
        "list_view_defaults",
        sa.Column("user_id", sa.String(length=36), nullable=False),
        sa.Column("object", sa.String(length=64), nullable=False),
        sa.Column("view_id", sa.String(length=36), nullable=False),
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("tenant_id", sa.String(length=36), nullable=False),
        sa.ForeignKeyConstraint(["tenant_id"], ["tenants.id"],
                                name=op.f("fk_list_view_defaults_tenant_id_tenants")),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"],
                                name=op.f("fk_list_view_defaults_user_id_users")),
        sa.ForeignKeyConstraint(["view_id"], ["list_views.id"],
                                name=op.f("fk_list_view_defaults_view_id_list_views")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_list_view_defaults")),
        sa.UniqueConstraint("tenant_id", "user_id", "object",
                            name=op.f("uq_list_view_defaults_tenant_id_user_id_object")),
    )


def downgrade() -> None:
    op.drop_table("list_view_defaults")
    op.drop_index("ix_list_views_tenant_object_sharing", table_name="list_views")
    op.drop_index("ix_list_views_tenant_object_owner", table_name="list_views")
    op.drop_table("list_views")
