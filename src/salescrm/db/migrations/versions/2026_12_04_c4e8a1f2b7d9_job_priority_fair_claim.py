"""jobs: a priority (user-facing before bulk record events) and a claim index that
serves the fair claim (priority, then tenant in turn, then age)

Revision ID: c4e8a1f2b7d9
Revises: b3d1f0a2c9e7
Create Date: 2026-12-04 16:20:00
"""
from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "c4e8a1f2b7d9"
down_revision: str | None = "b3d1f0a2c9e7"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("jobs", schema=None) as batch_op:
        batch_op.add_column(sa.Column("priority", sa.SmallInteger(), nullable=False,
                                      server_default=sa.text("0")))
        batch_op.drop_index("ix_jobs_claim")
        batch_op.create_index("ix_jobs_claim", ["status", "priority", "tenant_id", "run_at"],
                              unique=False)


def downgrade() -> None:
    with op.batch_alter_table("jobs", schema=None) as batch_op:
        batch_op.drop_index("ix_jobs_claim")
        batch_op.create_index("ix_jobs_claim", ["status", "run_at"], unique=False)
        batch_op.drop_column("priority")
