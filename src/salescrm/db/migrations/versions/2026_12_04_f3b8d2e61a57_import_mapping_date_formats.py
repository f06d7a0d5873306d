"""import_mappings: date_formats (each date column's format, reused with the mapping)

Revision ID: f3b8d2e61a57
Revises: e7a2c5d19b04
Create Date: 2026-12-04 19:00:00
"""
from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "f3b8d2e61a57"
down_revision: str | None = "e7a2c5d19b04"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# salescrm.db.types.JSONType, frozen here (a migration never imports the app): JSONB on
# PostgreSQL, JSON text on SQLite.
JSONType = sa.JSON().with_variant(postgresql.JSONB(), "postgresql")


def upgrade() -> None:
    with op.batch_alter_table("import_mappings", schema=None) as batch_op:
        batch_op.add_column(sa.Column("date_formats", JSONType, nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("import_mappings", schema=None) as batch_op:
        batch_op.drop_column("date_formats")
