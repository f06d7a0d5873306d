"""What analytics needs to know about pipelines and opportunities, read from the
shared models (the sales module owns the writes)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import select

from salescrm.models import Pipeline
from salescrm.modules.sales.stage_paths import rank_of, stage_ranks
from salescrm.platform.errors import FieldError
from salescrm.platform.metadata import ObjectDef
from salescrm.platform.tenancy import Context


@dataclass
class Stages:
    """A pipeline's stages: order, kind and probability by key."""

    pipeline_id: str
    name: str
    stages: list[dict[str, Any]]

    @property
    def open_keys(self) -> list[str]:
        return [s["key"] for s in self.stages if s.get("kind") == "open"]

    @property
    def won_keys(self) -> list[str]:
        return [s["key"] for s in self.stages if s.get("kind") == "won"]

    @property
    def lost_keys(self) -> list[str]:
        return [s["key"] for s in self.stages if s.get("kind") == "lost"]

    def rank(self, key: str) -> int:
        """Open stages count 0, 1, 2 … in order; won is beyond all; lost is nowhere."""
        return stage_ranks(self.stages).get(key, -1)

    def rank_expression(self, column: Any) -> Any:
        return rank_of(column, stage_ranks(self.stages))

    def probability(self, key: str) -> int:
        for s in self.stages:
            if s["key"] == key:
                return int(s.get("probability") or 0)
        return 0

    def label(self, stage: dict[str, Any], locale: str) -> str:
        labels = stage.get("labels") or {}
        return str(labels.get(locale) or stage.get("name") or stage["key"])


def opportunities(ctx: Context) -> ObjectDef:
    return ctx.object("opportunities")


def load_pipeline(ctx: Context, pipeline_id: str | None,
                  errors: list[dict[str, Any]]) -> Stages | None:
    """The named pipeline, or the tenant's default one."""
    stmt = select(Pipeline).where(Pipeline.deleted_at.is_(None))
    if pipeline_id:
        stmt = stmt.where(Pipeline.id == pipeline_id)
    else:
        stmt = stmt.order_by(Pipeline.is_default.desc(), Pipeline.created_at).limit(1)
    row = ctx.session.scalar(stmt)
    if row is None:
        if pipeline_id:
            errors.append(FieldError("pipeline_id", "analytics.pipeline_unknown"))
        return None
    return Stages(row.id, row.name, list(row.stages or []))


def all_pipelines(ctx: Context) -> dict[str, Stages]:
    rows = ctx.session.scalars(select(Pipeline).where(Pipeline.deleted_at.is_(None)))
    return {p.id: Stages(p.id, p.name, list(p.stages or [])) for p in rows}

