"""Opportunities imported in batches (``platform/imports/adapters.py``), with the rules
of :func:`service.create_opportunity` a thousand rows at a time instead of one:

- ``prepare`` (each row, before insert): the currency, the pipeline (the default one
  when the row names none), the stage (its first open stage when none) and what
  entering it sets — status, probability, forecast category, stage-changed and
  closed times — or the row's errors (a stage it lacks, fields the stage requires,
  a lost deal without a reason), as the service would report them;
- ``after_flush`` (the batch's new deals): their first stage-history rows in one bulk
  insert. A new deal's only stay is its first entry into its stage and the furthest
  it got, so the funnel's two facts (``stage_paths``) need no query.

Audit rows and ``opportunities.created`` events are the batched path's own. A
migration (dates and stays as they were) still goes row by row through the service.
"""

from __future__ import annotations

from typing import Any

from salescrm.db.types import new_id, utcnow
from salescrm.models import OpportunityStageHistory, Pipeline
from salescrm.modules.sales import service
from salescrm.modules.sales.pipelines import (
    default_pipeline,
    find_stage,
    first_open_stage,
    get_pipeline,
)
from salescrm.platform.errors import FieldError, validation_error
from salescrm.platform.imports.adapters import ImportAdapter
from salescrm.platform.metadata import ObjectDef
from salescrm.platform.records.bulk import bulk_insert
from salescrm.platform.tenancy import Context

_CACHE = "sales.import_pipelines"  # session.info: (transaction, {pipeline id: Pipeline})


def _pipeline(ctx: Context, pipeline_id: str | None) -> Pipeline | None:
    """The row's pipeline (None: the default one), read once per transaction — an
    import batch — rather than once per row."""
    session = ctx.session
    transaction = session.get_transaction()
    cache: dict[str | None, Pipeline | None]
    held, cache = session.info.get(_CACHE) or (None, {})
    if held is not transaction:
        cache = {}
        session.info[_CACHE] = (transaction, cache)
    if pipeline_id not in cache:
        cache[pipeline_id] = (default_pipeline(ctx) if pipeline_id is None
                              else get_pipeline(ctx, pipeline_id))
    return cache[pipeline_id]


def prepare(ctx: Context, obj: ObjectDef, values: dict[str, Any]) -> None:
    errors: list[dict[str, Any]] = []
    service._currency(values, errors, creating=True)
    pipeline = _pipeline(ctx, values.get("pipeline_id"))
    if pipeline is None:  # the lookup vouched for it; deleted since
        raise validation_error([FieldError("pipeline_id", "field.lookup", target="pipelines")])
    values["pipeline_id"] = pipeline.id
    key = values.get("stage")
    stage = first_open_stage(pipeline) if key is None else find_stage(pipeline, key)
    if stage is None:
        errors.append(FieldError("stage", "sales.stage_unknown", stage=str(key)[:64]))
        raise validation_error(errors)
    errors.extend(service._apply_stage(ctx, obj, None, values, stage, dict(values), utcnow()))
    if errors:
        raise validation_error(errors)


def open_stays(ctx: Context, _obj: ObjectDef, rows: list[Any]) -> None:
    """Each new deal's first stay, entered when its stage was set."""
    bulk_insert(ctx.session, OpportunityStageHistory.__table__, [
        {"id": new_id(), "tenant_id": ctx.tenant_id, "opportunity_id": r.id,
         "pipeline_id": r.pipeline_id, "stage": r.stage, "entered_at": r.stage_changed_at,
         "left_at": None, "moved_by": ctx.user.id, "amount": getattr(r, "amount", None),
         "currency": r.currency, "prior_entry_at": None, "furthest_stage": r.stage}
        for r in rows])


ADAPTER = ImportAdapter(prepare=prepare, after_flush=open_stays)
