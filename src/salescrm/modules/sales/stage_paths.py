"""Two facts kept on every stage-history row so the funnel reads rows, not paths.

A funnel asks of each deal that entered stage S in a period: was this its first
entry into S in the period, and how far did it get afterwards? Answering that from the
raw history means grouping every deal's stays since the period began (a hash
aggregate over hundreds of thousands of deals). Instead each stay carries:

- ``prior_entry_at``: when the deal last entered the same stage (of the same
  pipeline) before this stay; null for its first entry. A stay in the period is the
  deal's first entry into the stage in that period when this is null or earlier.
- ``furthest_stage``: the furthest stage, by the pipeline's order, the deal entered
  from this stay on (this stay included): any won stage is beyond every open stage;
  a lost stage is nowhere, so a stay followed only by losing keeps its own stage.

Both are written when a stay opens (``on_stay_opened``: one indexed read and one
small update of the deal's earlier stays) and recomputed in bulk with window
functions (``recompute``) by the migration that added them, by bulk loads, and by a
background job when an administrator reorders a pipeline's stages.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import and_, case, func, literal, select, update
from sqlalchemy.engine import Connection
from sqlalchemy.orm import Session

from salescrm.models import Job, OpportunityStageHistory, Pipeline
from salescrm.platform.jobs import enqueue

H = OpportunityStageHistory
WON_RANK = 10_000
RECOMPUTE_JOB = "sales.recompute_stage_paths"


def stage_ranks(stages: list[dict[str, Any]]) -> dict[str, int]:
    """Open stages rank 0, 1, 2 … in order; won stages rank beyond them all; lost
    stages are absent (rank -1 wherever asked)."""
    ranks: dict[str, int] = {}
    opens = [s["key"] for s in stages if s.get("kind") == "open"]
    for i, key in enumerate(opens):
        ranks[key] = i
    for s in stages:
        if s.get("kind") == "won":
            ranks[s["key"]] = WON_RANK
    return ranks


def rank_of(column: Any, ranks: dict[str, int]) -> Any:
    """The rank of a stage-key column (-1 for lost or unknown stages)."""
    if not ranks:
        return literal(-1)
    return case(ranks, value=column, else_=-1)


def order_changed(old: list[dict[str, Any]], new: list[dict[str, Any]]) -> bool:
    """Would the furthest stage of some stay change? Only when stages already in use
    rank differently: a new stage nobody entered yet changes nothing recorded."""
    before, after = stage_ranks(old), stage_ranks(new)
    keys = [k for k in before if k in after]
    return any((before[a] < before[b]) != (after[a] < after[b]) for a in keys for b in keys)


def on_stay_opened(session: Session, stay: OpportunityStageHistory,
                   stages: list[dict[str, Any]]) -> None:
    """Fill in a new stay's two facts and raise the furthest stage of the deal's earlier
    stays in the pipeline. A backdated stay that lands before later ones (history
    written out of order) has its deal recomputed instead."""
    same_deal = and_(H.opportunity_id == stay.opportunity_id,
                     H.pipeline_id == stay.pipeline_id, H.id != stay.id)
    later = session.scalar(select(H.id).where(same_deal, H.entered_at > stay.entered_at)
                           .limit(1))
    if later is not None:
        recompute(session.connection(), stay.pipeline_id, stages,
                  opportunity_id=stay.opportunity_id)
        return
    stay.prior_entry_at = session.scalar(
        select(func.max(H.entered_at)).where(same_deal, H.stage == stay.stage))
    stay.furthest_stage = stay.stage
    ranks = stage_ranks(stages)
    rank = ranks.get(stay.stage, -1)
    if rank >= 0:
        session.execute(
            update(H).where(same_deal, rank_of(H.furthest_stage, ranks) < rank)
            .values(furthest_stage=stay.stage).execution_options(synchronize_session=False))


def recompute(conn: Connection, pipeline_id: str, stages: list[dict[str, Any]], *,
              opportunity_id: str | None = None) -> None:
    """Recompute both facts for every stay of a pipeline (or of one deal in it) with
    window functions: one UPDATE … FROM on PostgreSQL and SQLite alike."""
    ranks = stage_ranks(stages)
    opens = {rank: key for key, rank in ranks.items() if rank != WON_RANK}
    won = next((k for k, r in ranks.items() if r == WON_RANK), None)
    where = [H.pipeline_id == pipeline_id]
    if opportunity_id is not None:
        where.append(H.opportunity_id == opportunity_id)
    furthest_rank = func.max(rank_of(H.stage, ranks)).over(
        partition_by=H.opportunity_id, order_by=(H.entered_at.desc(), H.id.desc()),
        rows=(None, 0))
    prior = func.lag(H.entered_at).over(partition_by=(H.opportunity_id, H.stage),
                                        order_by=(H.entered_at, H.id))
    paths = (select(H.id.label("stay_id"), H.stage.label("own"),
                    furthest_rank.label("furthest_rank"), prior.label("prior"))
             .where(*where).subquery("paths"))
    whens = [(paths.c.furthest_rank == r, literal(k)) for r, k in opens.items()]
    if won is not None:
        whens.append((paths.c.furthest_rank == WON_RANK, literal(won)))
    furthest = case(*whens, else_=paths.c.own) if whens else paths.c.own
    conn.execute(update(H).where(H.id == paths.c.stay_id)
                 .values(furthest_stage=furthest, prior_entry_at=paths.c.prior)
                 .execution_options(synchronize_session=False))


def recompute_all(conn: Connection) -> None:
    """Every pipeline of every tenant (the migration's backfill)."""
    rows = conn.execute(select(Pipeline.id, Pipeline.stages)).all()
    for pipeline_id, stages in rows:
        recompute(conn, pipeline_id, list(stages or []))


def request_recompute(session: Session, tenant_id: str, pipeline_id: str) -> None:
    enqueue(session, RECOMPUTE_JOB, {"pipeline_id": pipeline_id}, tenant_id=tenant_id)


def recompute_job(session: Session, job: Job) -> None:
    session.info["tenant_id"] = job.tenant_id
    pipeline_id = (job.payload or {}).get("pipeline_id")
    pipeline = session.get(Pipeline, pipeline_id)
    if pipeline is not None:
        recompute(session.connection(), pipeline.id, list(pipeline.stages or []))
