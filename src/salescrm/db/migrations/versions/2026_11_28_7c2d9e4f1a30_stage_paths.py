"""stage paths: each stay's previous entry into its stage, the furthest stage after it, its currency

Revision ID: 7c2d9e4f1a30
Revises: 50f9e7edbaee
Create Date: 2026-11-28 10:30:00
"""
from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import salescrm.db.types

revision: str = "7c2d9e4f1a30"
down_revision: str | None = "50f9e7edbaee"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

COVERING = ["tenant_id", "entered_at", "pipeline_id", "stage", "opportunity_id", "left_at",
            "amount"]


def upgrade() -> None:
    from salescrm.modules.sales.stage_paths import recompute_all

    op.add_column("opportunity_stage_history",
                  sa.Column("prior_entry_at", salescrm.db.types.UTCDateTime(timezone=True),
                            nullable=True))
    op.add_column("opportunity_stage_history",
                  sa.Column("furthest_stage", sa.String(length=64), nullable=True))
    op.add_column("opportunity_stage_history",
                  sa.Column("currency", sa.String(length=3), nullable=True))
    # Fill them in before the index that carries them is built (one pass, not two).
    op.drop_index("ix_opp_stage_history_tenant_entered", "opportunity_stage_history")
    recompute_all(op.get_bind())
    op.execute("UPDATE opportunity_stage_history SET currency = (SELECT o.currency "
               "FROM opportunities o WHERE o.id = opportunity_stage_history.opportunity_id)")
    op.create_index("ix_opp_stage_history_tenant_entered", "opportunity_stage_history",
                    [*COVERING, "prior_entry_at", "furthest_stage", "currency"])


def downgrade() -> None:
    op.drop_index("ix_opp_stage_history_tenant_entered", "opportunity_stage_history")
    with op.batch_alter_table("opportunity_stage_history") as batch:
        batch.drop_column("currency")
        batch.drop_column("furthest_stage")
        batch.drop_column("prior_entry_at")
    op.create_index("ix_opp_stage_history_tenant_entered", "opportunity_stage_history",
                    COVERING)
