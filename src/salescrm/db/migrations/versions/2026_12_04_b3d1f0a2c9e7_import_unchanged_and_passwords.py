"""imports: rows that changed nothing, and the first passwords of imported users

Revision ID: b3d1f0a2c9e7
Revises: 71a100176a82
Create Date: 2026-12-04 16:00:00
"""
from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "b3d1f0a2c9e7"
down_revision: str | None = "71a100176a82"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


# salescrm.db.types.JSONType, frozen here (a migration never imports the app): JSONB on
# PostgreSQL, JSON text on SQLite.
JSONType = sa.JSON().with_variant(postgresql.JSONB(), "postgresql")


def upgrade() -> None:
    with op.batch_alter_table("imports", schema=None) as batch_op:
        batch_op.add_column(sa.Column("unchanged", sa.Integer(), nullable=False,
                                      server_default=sa.text("0")))
        batch_op.add_column(sa.Column("first_passwords", JSONType, nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("imports", schema=None) as batch_op:
        batch_op.drop_column("first_passwords")
        batch_op.drop_column("unchanged")
