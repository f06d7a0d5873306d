"""exchange rates, and the indexes that tell which currencies a tenant uses

Revision ID: 9a4b6c8d0e12
Revises: 7c2d9e4f1a30
Create Date: 2026-11-28 11:00:00
"""
from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import sqlalchemy as sa
from alembic import op
from sqlalchemy import Text
from sqlalchemy.dialects import postgresql

revision: str = "9a4b6c8d0e12"
down_revision: str | None = "7c2d9e4f1a30"
branch_labels: str | Sequence[str] | None = None
# Orders and payments live in the orders module's branch.
depends_on: str | Sequence[str] | None = "6737ed79859b"


# salescrm.db.types.Money/Fixed as DDL, frozen here (a migration never imports the app:
# the live types may change, the tables this revision made may not): NUMERIC(18, scale)
# on PostgreSQL, a scaled integer on SQLite (which has no exact decimal type).
def fixed(scale: int) -> sa.types.TypeEngine[Any]:
    return sa.Numeric(18, scale).with_variant(sa.BigInteger(), "sqlite")


JSON = sa.JSON().with_variant(postgresql.JSONB(astext_type=Text()), "postgresql")
LIVE = sa.text("deleted_at IS NULL")
OPEN = sa.text("status = 'open'")
OPEN_COLUMNS = ["tenant_id", "close_date", "owner_id", "pipeline_id", "stage", "amount",
                "probability", "forecast_category", "stage_changed_at", "created_at",
                "deleted_at"]


def upgrade() -> None:
    op.create_table(
        "exchange_rates",
        sa.Column("currency", sa.String(length=3), nullable=False),
        sa.Column("rate", fixed(8), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("created_by", sa.String(length=36), nullable=True),
        sa.Column("deleted_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("custom", JSON, nullable=False),
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("tenant_id", sa.String(length=36), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_exchange_rates_tenant_created", "exchange_rates",
                    ["tenant_id", "created_at", "id"])
    op.create_index("uq_exchange_rates_tenant_currency", "exchange_rates",
                    ["tenant_id", "currency"], unique=True, sqlite_where=LIVE,
                    postgresql_where=LIVE)
    for table in ("opportunities", "orders", "payments"):
        op.create_index(f"ix_{table}_tenant_currency", table, ["tenant_id", "currency"])
    _rates_read_only_for_builtin_roles()
    # The forecast converts open deals' amounts: their currency joins the covering index.
    op.drop_index("ix_opportunities_tenant_open", "opportunities")
    op.create_index("ix_opportunities_tenant_open", "opportunities", [*OPEN_COLUMNS, "currency"],
                    postgresql_where=OPEN, sqlite_where=OPEN)


def _rates_read_only_for_builtin_roles() -> None:
    """Existing tenants' managers and reps may read rates, not change them (as new
    tenants' built-in roles say)."""
    roles = sa.table("roles", sa.column("id", sa.String), sa.column("key", sa.String),
                     sa.column("permissions", JSON))
    conn = op.get_bind()
    for role_id, permissions in conn.execute(
            sa.select(roles.c.id, roles.c.permissions)
            .where(roles.c.key.in_(("sales_manager", "sales_rep")))).all():
        if "*" in (permissions or {}) and "exchange_rates" not in permissions:
            conn.execute(roles.update().where(roles.c.id == role_id).values(
                permissions={**permissions, "exchange_rates": ["read"]}))


def downgrade() -> None:
    op.drop_index("ix_opportunities_tenant_open", "opportunities")
    op.create_index("ix_opportunities_tenant_open", "opportunities", OPEN_COLUMNS,
                    postgresql_where=OPEN, sqlite_where=OPEN)
    for table in ("opportunities", "orders", "payments"):
        op.drop_index(f"ix_{table}_tenant_currency", table)
    op.drop_index("uq_exchange_rates_tenant_currency", "exchange_rates")
    op.drop_index("ix_exchange_rates_tenant_created", "exchange_rates")
    op.drop_table("exchange_rates")
