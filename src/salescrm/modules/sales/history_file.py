"""A stage-history file: one row per stage a deal entered (deal, stage, entered at),
imported after the deals as an administrator's migration (``kind=stage_history``).

Each row adds a stay to a deal already in the CRM (named by id, source id or name);
the deal's stays are then re-chained in time order (each ends when the next begins),
its funnel facts recomputed (``stage_paths.recompute``) and its ``created_at`` moved
back to the earliest entry when that is earlier. A row equal to a stay the deal
already has (same stage, same instant) is skipped, so a file imported twice adds
nothing. Refused per row: an unknown deal or stage, a date in the future, an entry
at or after the deal's current stage (the last stay stays the current one). Rules:
decision 0140.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import datetime
from typing import Any

from sqlalchemy import select

from salescrm.db.types import utcnow
from salescrm.models import Opportunity, OpportunityStageHistory, Pipeline
from salescrm.modules.sales import stage_paths
from salescrm.modules.sales.migration import FUTURE_TOLERANCE, parse_when, stage_by_ref
from salescrm.platform.imports.adapters import HistoryFile
from salescrm.platform.imports.links import resolve_lookup
from salescrm.platform.imports.rows import RowError
from salescrm.platform.records import service as records
from salescrm.platform.records.values import ValueInvalid
from salescrm.platform.tenancy import Context

H = OpportunityStageHistory
TARGETS = {
    "opportunity": ("opportunity", "opportunity_id", "deal", "deal id", "deal name",
                    "opportunity name", "商机", "商机名称", "商机编号"),
    "stage": ("stage", "阶段", "阶段名称"),
    "entered_at": ("entered_at", "entered at", "entered on", "date", "进入时间", "进入日期",
                   "日期"),
}


def write(ctx: Context, rows: list[tuple[int, dict[str, str]]], system: str | None
          ) -> dict[int, list[RowError]]:
    """Add the rows' stays; return the errors of the rows that were not written."""
    errors: dict[int, list[RowError]] = defaultdict(list)
    obj = ctx.object("opportunities")
    ctx.permissions.require(obj, "update")
    found = resolve_lookup(ctx, obj, system, {r.get("opportunity", "") for _l, r in rows})
    deals = {d.id: d for d in ctx.session.scalars(
        select(Opportunity).where(Opportunity.id.in_([i for i in found.values() if i])))}
    pipelines = {p.id: p for p in ctx.session.scalars(
        select(Pipeline).where(Pipeline.id.in_({d.pipeline_id for d in deals.values()})))}
    wanted: dict[str, list[tuple[int, str, datetime]]] = defaultdict(list)
    limit = utcnow() + FUTURE_TOLERANCE
    for line, r in rows:
        deal = deals.get(found.get(r.get("opportunity", "")) or "")
        if deal is None:
            code = "import.lookup_ambiguous" if r.get("opportunity") in found \
                else "import.lookup_not_found"
            errors[line].append(RowError("opportunity", code, {
                "value": (r.get("opportunity") or "")[:100],
                "target": {"en": obj.label_en, "zh-CN": obj.label_zh}}))
            continue
        stage = stage_by_ref(pipelines[deal.pipeline_id], r.get("stage") or "")
        if stage is None:
            errors[line].append(RowError("stage", "sales.stage_unknown",
                                         {"stage": (r.get("stage") or "")[:64]}))
        try:
            at = parse_when(r.get("entered_at") or "")
        except ValueInvalid as exc:
            errors[line].append(RowError("entered_at", exc.key, exc.params))
            continue
        if at > limit:
            errors[line].append(RowError("entered_at", "sales.date_in_future"))
        if stage is not None and not errors[line]:
            wanted[deal.id].append((line, stage["key"], at))
    for deal_id, entries in wanted.items():
        _add_stays(ctx, deals[deal_id], pipelines[deals[deal_id].pipeline_id], entries, errors)
    return {line: errs for line, errs in errors.items() if errs}


def _add_stays(ctx: Context, deal: Opportunity, pipeline: Pipeline,
               entries: list[tuple[int, str, datetime]],
               errors: dict[int, list[RowError]]) -> None:
    stays = list(ctx.session.scalars(select(H).where(H.opportunity_id == deal.id)
                                     .order_by(H.entered_at, H.id)))
    current = next((s for s in stays if s.left_at is None), stays[-1] if stays else None)
    have = {(s.stage, s.entered_at) for s in stays}
    added = []
    for line, stage, at in sorted(entries, key=lambda e: e[2]):
        if (stage, at) in have:
            continue  # already there (the same file imported again)
        if current is not None and at >= current.entered_at:
            errors[line].append(RowError("entered_at", "sales.history_after_current",
                                         {"stage": current.stage}))
            continue
        have.add((stage, at))
        stay = H(tenant_id=ctx.tenant_id, opportunity_id=deal.id, pipeline_id=deal.pipeline_id,
                 stage=stage, entered_at=at, moved_by=ctx.user.id, amount=deal.amount,
                 currency=deal.currency)
        ctx.session.add(stay)
        stays.append(stay)
        added.append({"stage": stage, "entered_at": at.isoformat()})
    if not added:
        return
    ctx.session.flush()
    stays.sort(key=lambda s: (s.entered_at, s is current, s.id))
    for i, s in enumerate(stays):
        s.left_at = stays[i + 1].entered_at if i + 1 < len(stays) else None
    changes: dict[str, Any] = {"stage_history": [None, added]}
    if stays[0].entered_at < deal.created_at:
        changes["created_at"] = [deal.created_at.isoformat(), stays[0].entered_at.isoformat()]
        deal.created_at = stays[0].entered_at
    ctx.session.flush()
    stage_paths.recompute(ctx.session.connection(), deal.pipeline_id,
                          list(pipeline.stages or []), opportunity_id=deal.id)
    records.note_action(ctx, "migrate", "opportunities", deal.id, changes)


STAGE_HISTORY = HistoryFile(targets=TARGETS, required=tuple(TARGETS), write=write)
