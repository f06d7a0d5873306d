"""stage paths: each stay's previous entry into its stage, the furthest stage after it, its currency

Revision ID: 7c2d9e4f1a30
Revises: 50f9e7edbaee
Create Date: 2026-11-28 10:30:00
"""
from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql
from sqlalchemy.engine import Connection

revision: str = "7c2d9e4f1a30"
down_revision: str | None = "50f9e7edbaee"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

COVERING = ["tenant_id", "entered_at", "pipeline_id", "stage", "opportunity_id", "left_at",
            "amount"]


def upgrade() -> None:
    op.add_column("opportunity_stage_history",
                  sa.Column("prior_entry_at", sa.DateTime(timezone=True),
                            nullable=True))
    op.add_column("opportunity_stage_history",
                  sa.Column("furthest_stage", sa.String(length=64), nullable=True))
    op.add_column("opportunity_stage_history",
                  sa.Column("currency", sa.String(length=3), nullable=True))
    # Fill them in before the index that carries them is built (one pass, not two).
    op.drop_index("ix_opp_stage_history_tenant_entered", "opportunity_stage_history")
    _recompute_all(op.get_bind())
    op.execute("UPDATE opportunity_stage_history SET currency = (SELECT o.currency "
               "FROM opportunities o WHERE o.id = opportunity_stage_history.opportunity_id)")
    op.create_index("ix_opp_stage_history_tenant_entered", "opportunity_stage_history",
                    [*COVERING, "prior_entry_at", "furthest_stage", "currency"])



# --- the stage-path back-fill, frozen --------------------------------------------------
# recompute_all/recompute/stage_ranks of salescrm/modules/sales/stage_paths.py as they
# stood when this revision was frozen, on table definitions of this revision's schema (a
# migration never imports the app: the live code and models may change, this back-fill
# may not). Each stay gets ``prior_entry_at`` (the deal's previous entry into the same
# stage) and ``furthest_stage`` (the furthest stage it entered from this stay on: won
# beyond every open stage, lost nowhere) by window functions, one UPDATE … FROM.
WON_RANK = 10_000
H = sa.table("opportunity_stage_history", sa.column("id", sa.String),
             sa.column("opportunity_id", sa.String), sa.column("pipeline_id", sa.String),
             sa.column("stage", sa.String), sa.column("entered_at", sa.DateTime(timezone=True)),
             sa.column("prior_entry_at", sa.DateTime(timezone=True)),
             sa.column("furthest_stage", sa.String))
PIPELINES = sa.table("pipelines", sa.column("id", sa.String),
                     sa.column("stages", sa.JSON().with_variant(postgresql.JSONB(),
                                                                "postgresql")))


def _stage_ranks(stages: list[dict[str, Any]]) -> dict[str, int]:
    ranks: dict[str, int] = {}
    opens = [s["key"] for s in stages if s.get("kind") == "open"]
    for i, key in enumerate(opens):
        ranks[key] = i
    for s in stages:
        if s.get("kind") == "won":
            ranks[s["key"]] = WON_RANK
    return ranks


def _rank_of(column: Any, ranks: dict[str, int]) -> Any:
    if not ranks:
        return sa.literal(-1)
    return sa.case(ranks, value=column, else_=-1)


def _recompute(conn: Connection, pipeline_id: str, stages: list[dict[str, Any]]) -> None:
    ranks = _stage_ranks(stages)
    opens = {rank: key for key, rank in ranks.items() if rank != WON_RANK}
    won = next((k for k, r in ranks.items() if r == WON_RANK), None)
    furthest_rank = sa.func.max(_rank_of(H.c.stage, ranks)).over(
        partition_by=H.c.opportunity_id, order_by=(H.c.entered_at.desc(), H.c.id.desc()),
        rows=(None, 0))
    prior = sa.func.lag(H.c.entered_at).over(partition_by=(H.c.opportunity_id, H.c.stage),
                                             order_by=(H.c.entered_at, H.c.id))
    paths = (sa.select(H.c.id.label("stay_id"), H.c.stage.label("own"),
                       furthest_rank.label("furthest_rank"), prior.label("prior"))
             .where(H.c.pipeline_id == pipeline_id).subquery("paths"))
    whens = [(paths.c.furthest_rank == r, sa.literal(k)) for r, k in opens.items()]
    if won is not None:
        whens.append((paths.c.furthest_rank == WON_RANK, sa.literal(won)))
    furthest = sa.case(*whens, else_=paths.c.own) if whens else paths.c.own
    conn.execute(sa.update(H).where(H.c.id == paths.c.stay_id)
                 .values(furthest_stage=furthest, prior_entry_at=paths.c.prior))


def _recompute_all(conn: Connection) -> None:
    """Every pipeline of every tenant."""
    for pipeline_id, stages in conn.execute(sa.select(PIPELINES.c.id, PIPELINES.c.stages)).all():
        _recompute(conn, pipeline_id, list(stages or []))


def downgrade() -> None:
    op.drop_index("ix_opp_stage_history_tenant_entered", "opportunity_stage_history")
    with op.batch_alter_table("opportunity_stage_history") as batch:
        batch.drop_column("currency")
        batch.drop_column("furthest_stage")
        batch.drop_column("prior_entry_at")
    op.create_index("ix_opp_stage_history_tenant_entered", "opportunity_stage_history",
                    COVERING)
