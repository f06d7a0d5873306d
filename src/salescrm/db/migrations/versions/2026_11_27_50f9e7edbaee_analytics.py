"""analytics: sales targets, saved reports, dashboards, forecast rate cache, aggregate indexes

Revision ID: 50f9e7edbaee
Revises: 4f5c05b78cc2, f26e342760c4
Create Date: 2026-11-27 08:00:00
"""
from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import sqlalchemy as sa
from alembic import op
from sqlalchemy import Text
from sqlalchemy.dialects import postgresql

revision: str = "50f9e7edbaee"
# The aggregate indexes below are on the sales tables. Until 4b8e604d2292 this said
# ``depends_on = "f26e342760c4"``, which left f26e342760c4 a head nothing revises (one
# of the eight); as a second down revision it is one. Databases are unaffected: either
# way alembic_version no longer names f26e342760c4 once this revision is applied.
down_revision: str | Sequence[str] | None = ("4f5c05b78cc2", "f26e342760c4")
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


# salescrm.db.types.Money/Fixed as DDL, frozen here (a migration never imports the app:
# the live types may change, the tables this revision made may not): NUMERIC(18, scale)
# on PostgreSQL, a scaled integer on SQLite (which has no exact decimal type).
def fixed(scale: int) -> sa.types.TypeEngine[Any]:
    return sa.Numeric(18, scale).with_variant(sa.BigInteger(), "sqlite")


JSON = sa.JSON().with_variant(postgresql.JSONB(astext_type=Text()), "postgresql")
LIVE = sa.text("deleted_at IS NULL")


def _record_columns() -> list[sa.Column[Any]]:
    return [
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("created_by", sa.String(length=36), nullable=True),
        sa.Column("deleted_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("custom", JSON, nullable=False),
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("tenant_id", sa.String(length=36), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
    ]


def _keys(table: str, owned: bool = False) -> list[sa.Constraint]:
    out: list[sa.Constraint] = [
        sa.ForeignKeyConstraint(["tenant_id"], ["tenants.id"],
                                name=op.f(f"fk_{table}_tenant_id_tenants")),
        sa.PrimaryKeyConstraint("id", name=op.f(f"pk_{table}")),
    ]
    if owned:
        out.append(sa.ForeignKeyConstraint(["owner_id"], ["users.id"],
                                           name=op.f(f"fk_{table}_owner_id_users")))
    return out


def upgrade() -> None:
    op.create_table(
        "sales_targets",
        sa.Column("subject_type", sa.String(length=20), nullable=False),
        sa.Column("subject_id", sa.String(length=36), nullable=False),
        sa.Column("metric", sa.String(length=20), nullable=False),
        sa.Column("period_kind", sa.String(length=10), nullable=False),
        sa.Column("period_start", sa.Date(), nullable=False),
        sa.Column("amount", fixed(2), nullable=False),
        sa.Column("currency", sa.String(length=3), nullable=False),
        *_record_columns(),
        *_keys("sales_targets"),
    )
    op.create_index("uq_sales_targets_tenant_subject_period", "sales_targets",
                    ["tenant_id", "subject_type", "subject_id", "metric", "period_kind",
                     "period_start"], unique=True, sqlite_where=LIVE, postgresql_where=LIVE)
    op.create_index("ix_sales_targets_tenant_period", "sales_targets",
                    ["tenant_id", "period_start"])

    for table in ("saved_reports", "dashboards"):
        specific = ([sa.Column("object", sa.String(length=64), nullable=False),
                     sa.Column("spec", JSON, nullable=False),
                     sa.Column("chart", JSON, nullable=False)]
                    if table == "saved_reports" else
                    [sa.Column("widgets", JSON, nullable=False)])
        op.create_table(
            table,
            sa.Column("name", sa.String(length=200), nullable=False),
            sa.Column("description", sa.String(length=2000), nullable=True),
            *specific,
            sa.Column("sharing", sa.String(length=20), nullable=False),
            sa.Column("department_id", sa.String(length=36), nullable=True),
            sa.Column("owner_id", sa.String(length=36), nullable=True),
            *_record_columns(),
            *_keys(table, owned=True),
        )
        op.create_index(f"ix_{table}_tenant_owner", table, ["tenant_id", "owner_id"])
        op.create_index(f"ix_{table}_tenant_sharing", table, ["tenant_id", "sharing"])

    op.create_table(
        "forecast_stage_rates",
        sa.Column("as_of", sa.Date(), nullable=False),
        sa.Column("window_days", sa.Integer(), nullable=False),
        sa.Column("horizon_days", sa.Integer(), nullable=False),
        sa.Column("pipeline_id", sa.String(length=36), nullable=False),
        sa.Column("stage", sa.String(length=64), nullable=False),
        sa.Column("age_from", sa.Integer(), nullable=False),
        sa.Column("alive", sa.Integer(), nullable=False),
        sa.Column("won", sa.Integer(), nullable=False),
        sa.Column("avg_days_to_win", sa.Numeric(12, 4), nullable=True),
        sa.Column("history_mark", sa.DateTime(timezone=True), nullable=True),
        sa.Column("computed_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("tenant_id", sa.String(length=36), nullable=False),
        sa.ForeignKeyConstraint(["tenant_id"], ["tenants.id"],
                                name=op.f("fk_forecast_stage_rates_tenant_id_tenants")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_forecast_stage_rates")),
    )
    op.create_index("ix_forecast_stage_rates_tenant_asof", "forecast_stage_rates",
                    ["tenant_id", "as_of", "window_days"])

    # Covering indexes for the analytics aggregates (see models/analytics.py).
    op.create_index("ix_opp_stage_history_tenant_entered", "opportunity_stage_history",
                    ["tenant_id", "entered_at", "pipeline_id", "stage", "opportunity_id",
                     "left_at", "amount"])
    opened = sa.text("status = 'open'")
    op.create_index("ix_opportunities_tenant_open", "opportunities",
                    ["tenant_id", "close_date", "owner_id", "pipeline_id", "stage", "amount",
                     "probability", "forecast_category", "stage_changed_at", "created_at",
                     "deleted_at"], postgresql_where=opened, sqlite_where=opened)
    deleted = sa.text("deleted_at IS NOT NULL")
    op.create_index("ix_opportunities_tenant_deleted", "opportunities", ["tenant_id", "id"],
                    postgresql_where=deleted, sqlite_where=deleted)
    op.create_index("ix_opportunities_tenant_owner_live", "opportunities",
                    ["tenant_id", "owner_id", "id"], postgresql_where=sa.text("deleted_at IS NULL"),
                    sqlite_where=sa.text("deleted_at IS NULL"))
    op.create_index("ix_opportunities_tenant_closed", "opportunities",
                    ["tenant_id", "status", "closed_at", "owner_id", "pipeline_id", "amount",
                     "created_at", "deleted_at"])


def downgrade() -> None:
    op.drop_index("ix_opportunities_tenant_closed", "opportunities")
    op.drop_index("ix_opportunities_tenant_deleted", "opportunities")
    op.drop_index("ix_opportunities_tenant_owner_live", "opportunities")
    op.drop_index("ix_opportunities_tenant_open", "opportunities")
    op.drop_index("ix_opp_stage_history_tenant_entered", "opportunity_stage_history")
    op.drop_table("forecast_stage_rates")
    op.drop_table("dashboards")
    op.drop_table("saved_reports")
    op.drop_table("sales_targets")
