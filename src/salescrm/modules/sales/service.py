"""Opportunities: stage rules, stage history and the stage-changed event.

Other modules call :func:`create_opportunity` (lead conversion) and
:func:`quote_total` (orders). The rules of a stage move, in one place:

- ``stage`` must be a key of the opportunity's pipeline (default pipeline if none);
- ``status`` follows the kind of the stage (open / won / lost);
- ``probability`` follows the stage unless the same write sets it;
- entering a lost stage needs ``lost_reason``; entering any stage needs the
  stage's ``required_fields``;
- every move closes the current stage-history row and opens a new one (who, when,
  amount at entry) and emits ``opportunities.stage_changed``.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import select, update

from salescrm.db.types import utcnow
from salescrm.models import Opportunity, OpportunityStageHistory, Pipeline
from salescrm.modules.sales import migration, stage_paths
from salescrm.modules.sales.pipelines import (
    default_pipeline,
    find_stage,
    first_open_stage,
    get_pipeline,
    stage_name,
)
from salescrm.modules.sales.pricing import Totals, line_total, quote_total
from salescrm.platform.errors import FieldError, body_object, validation_error
from salescrm.platform.jobs import emit_event
from salescrm.platform.metadata import ObjectDef
from salescrm.platform.permissions import visible_values
from salescrm.platform.permissions.field_levels import readable_in_full
from salescrm.platform.records import service as records
from salescrm.platform.tenancy import Context

__all__ = ["Totals", "change_stage", "create_opportunity", "line_total", "quote_total",
           "stage_history", "update_opportunity"]

CLOSED = ("won", "lost")


def _currency(values: dict[str, Any], errors: list[dict[str, Any]], creating: bool) -> None:
    if "currency" not in values and not creating:
        return
    code = (values.get("currency") or "CNY").upper()
    if len(code) != 3 or not code.isalpha():
        errors.append(FieldError("currency", "sales.currency"))
    values["currency"] = code


def _current(obj: ObjectDef, row: Opportunity | None, values: dict[str, Any], name: str) -> Any:
    if name in values:
        return values[name]
    if row is None:
        return None
    f = obj.fields.get(name)
    if f is not None and f.custom:
        return (row.custom or {}).get(name)
    return getattr(row, name, None)


def _apply_stage(ctx: Context, obj: ObjectDef, row: Opportunity | None, values: dict[str, Any],
                 stage: dict[str, Any], body: dict[str, Any], now: datetime) -> list[FieldError]:
    """Set what follows from entering ``stage``; return the fields the stage still needs."""
    name = stage_name(stage, ctx.locale)
    errors: list[FieldError] = []
    for field in stage.get("required_fields") or []:
        if _current(obj, row, values, field) in (None, "", []):
            errors.append(FieldError(field, "sales.stage_requires_field", stage=name))
    kind = stage["kind"]
    if kind == "lost" and not _current(obj, row, values, "lost_reason") and not any(
            e["field"] == "lost_reason" for e in errors):
        errors.append(FieldError("lost_reason", "sales.lost_reason_required"))
    values["stage"] = stage["key"]
    values["status"] = kind
    if body.get("probability") is None:
        values["probability"] = stage.get("probability")
    if "forecast_category" not in body:
        was_closed = row is not None and row.status in CLOSED
        if kind == "won":
            values["forecast_category"] = "commit"
        elif kind == "lost":
            values["forecast_category"] = "omitted"
        elif row is None or was_closed or not row.forecast_category:
            values["forecast_category"] = "pipeline"
    values["stage_changed_at"] = now
    values["closed_at"] = now if kind in CLOSED else None
    return errors


def _resolve_pipeline(ctx: Context, pipeline_id: str | None) -> Pipeline:
    if pipeline_id is None:
        return default_pipeline(ctx)
    pipeline = get_pipeline(ctx, pipeline_id)
    if pipeline is None:  # the lookup check already vouched for it; a race deleted it
        raise validation_error([FieldError("pipeline_id", "field.lookup", target="pipelines")])
    return pipeline


def create_opportunity(ctx: Context, body: dict[str, Any], params: Any = None, *,
                       obj: ObjectDef | None = None, at: datetime | None = None) -> Opportunity:
    """Create an opportunity from an API-shaped body (``name``, ``account_id`` …).

    Checks the caller may create opportunities and see the account; writes the
    first stage-history row. Only flushes: the caller's unit of work commits.
    ``at`` backdates the stage entry (imports of history, demo data); default now.
    """
    obj = obj or ctx.object("opportunities")
    ctx.permissions.require(obj, "create")
    body = dict(body_object(body))
    history = migration.take(ctx, body, params)  # an administrator's migration: dates kept
    if history is not None and body.get("stage") in (None, ""):
        body.pop("stage", None)
        if (ref := migration.current_stage_ref(history)) is not None:
            body["stage"] = ref
    values = records.validate(ctx, obj, body, creating=True)
    errors: list[dict[str, Any]] = []
    _currency(values, errors, creating=True)
    pipeline = _resolve_pipeline(ctx, values.get("pipeline_id"))
    values["pipeline_id"] = pipeline.id
    key = values.get("stage")
    stage = first_open_stage(pipeline) if key is None else find_stage(pipeline, key)
    if stage is None and history is not None and key is not None:
        stage = migration.stage_by_ref(pipeline, key)
    now = at or utcnow()
    if stage is None:
        errors.append(FieldError("stage", "sales.stage_unknown", stage=str(key)[:64]))
        raise validation_error(errors)
    written = None if history is None else migration.plan(history, pipeline, stage,
                                                          values.get("close_date"))
    if written is not None:
        now = written.stays[-1][1]
        values["created_at"] = written.created_at
    errors.extend(_apply_stage(ctx, obj, None, values, stage, body, now))
    if errors:
        raise validation_error(errors)
    row: Opportunity = records.insert_record(ctx, obj, values)
    if written is None:
        _open_history(ctx, row, now)
    else:
        migration.write_stays(ctx, row, pipeline, written)
    return row


def update_opportunity(ctx: Context, obj: ObjectDef, opportunity_id: str,
                       body: Any, *, at: datetime | None = None) -> Opportunity:
    """PATCH with the stage rules; a stage or pipeline move is recorded in the history
    (at ``at`` when given, for backdated history; now otherwise)."""
    ctx.permissions.require(obj, "read")
    row: Opportunity = records.load_for_write(ctx, obj, opportunity_id)
    ctx.permissions.require(obj, "update")
    body = body_object(body)
    records.check_version(row, body)
    values = records.validate(ctx, obj, body, creating=False, current=row)
    errors: list[dict[str, Any]] = []
    _currency(values, errors, creating=False)
    for name in ("pipeline_id", "stage"):
        if name in values and values[name] is None:
            errors.append(FieldError(name, "field.required"))
    if errors:
        raise validation_error(errors)
    pipeline = _resolve_pipeline(ctx, values.get("pipeline_id", row.pipeline_id))
    key = values.get("stage", row.stage)
    stage = find_stage(pipeline, key)
    if stage is None:
        raise validation_error([FieldError("stage", "sales.stage_unknown", stage=str(key)[:64])])
    moving = pipeline.id != row.pipeline_id or stage["key"] != row.stage
    now = at or utcnow()
    if moving:
        errors.extend(_apply_stage(ctx, obj, row, values, stage, body, now))
    else:
        errors.extend(_still_complete(ctx, obj, row, values, stage))
    if errors:
        raise validation_error(errors)
    from_stage = row.stage
    row = records.save_changes(ctx, obj, row, values)
    if moving:
        _close_history(ctx, row.id, now)
        _open_history(ctx, row, now)
        emit_event(ctx.session, ctx.tenant_id, "opportunities.stage_changed",
                   {"id": row.id, "object": "opportunities", "from": from_stage,
                    "to": row.stage, "pipeline_id": row.pipeline_id, "status": row.status,
                    "amount": f"{row.amount:.2f}" if row.amount is not None else None})
    return row


def _still_complete(ctx: Context, obj: ObjectDef, row: Opportunity, values: dict[str, Any],
                    stage: dict[str, Any]) -> list[FieldError]:
    """Staying in a stage: what the stage requires cannot be cleared."""
    errors = [FieldError(f, "sales.stage_requires_field", stage=stage_name(stage, ctx.locale))
              for f in stage.get("required_fields") or []
              if f in values and values[f] in (None, "", [])]
    if stage["kind"] == "lost" and "lost_reason" in values and not values["lost_reason"]:
        errors.append(FieldError("lost_reason", "sales.lost_reason_required"))
    return errors


def change_stage(ctx: Context, opportunity_id: str, stage: str, *, at: datetime | None = None,
                 **fields: Any) -> Opportunity:
    """Move an opportunity to ``stage`` (plus any other fields, e.g. ``lost_reason``),
    as the API would: for automation, imports and demo data (``at`` backdates it)."""
    obj = ctx.object("opportunities")
    row = records.load_for_write(ctx, obj, opportunity_id)
    return update_opportunity(ctx, obj, opportunity_id,
                              {**fields, "stage": stage, "version": row.version}, at=at)


# --- stage history ---------------------------------------------------------------
def _open_history(ctx: Context, row: Opportunity, at: datetime) -> None:
    stay = OpportunityStageHistory(
        tenant_id=ctx.tenant_id, opportunity_id=row.id, pipeline_id=row.pipeline_id,
        stage=row.stage, entered_at=at, left_at=None, moved_by=ctx.user.id, amount=row.amount,
        currency=row.currency)
    ctx.session.add(stay)
    ctx.session.flush()
    pipeline = ctx.session.get(Pipeline, row.pipeline_id)
    stage_paths.on_stay_opened(ctx.session, stay, list(pipeline.stages or []) if pipeline else [])
    ctx.session.flush()


def _close_history(ctx: Context, opportunity_id: str, at: datetime) -> None:
    ctx.session.execute(
        update(OpportunityStageHistory)
        .where(OpportunityStageHistory.opportunity_id == opportunity_id,
               OpportunityStageHistory.left_at.is_(None))
        .values(left_at=at).execution_options(synchronize_session=False))


def history_rows(ctx: Context, opportunity_id: str) -> list[OpportunityStageHistory]:
    return list(ctx.session.scalars(
        select(OpportunityStageHistory)
        .where(OpportunityStageHistory.opportunity_id == opportunity_id)
        .order_by(OpportunityStageHistory.entered_at, OpportunityStageHistory.id)))


def stage_history(ctx: Context, opportunity_id: str) -> dict[str, Any]:
    """``GET /opportunities/{id}/stage_history``: oldest first, with time spent per stage."""
    obj = ctx.object("opportunities")
    records.get_record(ctx, obj, opportunity_id)  # 404 outside tenant or data scope
    if not readable_in_full(ctx.permissions, obj.api_name, "stage"):
        return {"items": []}  # the stages it went through would tell its stage
    names = _stage_names(ctx, {h.pipeline_id for h in history_rows(ctx, opportunity_id)})
    items = []
    for h in history_rows(ctx, opportunity_id):
        end = h.left_at or utcnow()
        items.append({
            "id": h.id, "pipeline_id": h.pipeline_id, "stage": h.stage,
            "stage_name": names.get((h.pipeline_id, h.stage), h.stage),
            "entered_at": h.entered_at.isoformat(),
            "left_at": h.left_at.isoformat() if h.left_at else None,
            "moved_by": h.moved_by, **_amount_at_entry(ctx, h),
            "duration_seconds": int((end - h.entered_at).total_seconds()),
        })
    return {"items": items}


def _amount_at_entry(ctx: Context, h: OpportunityStageHistory) -> dict[str, Any]:
    """``{"amount"}`` of a stay as the caller may see the deal's amount (absent when
    hidden from them, masked when masked)."""
    return visible_values(ctx.permissions, "opportunities",
                          {"amount": f"{h.amount:.2f}" if h.amount is not None else None})


def _stage_names(ctx: Context, pipeline_ids: set[str]) -> dict[tuple[str, str], str]:
    if not pipeline_ids:
        return {}
    out: dict[tuple[str, str], str] = {}
    for p in ctx.session.scalars(select(Pipeline).where(Pipeline.id.in_(pipeline_ids))):
        for s in p.stages or []:
            out[(p.id, s["key"])] = stage_name(s, ctx.locale)
    return out


def stage_timeline(ctx: Context, object_name: str, record_id: str) -> list[dict[str, Any]]:
    """The opportunities behaviour's timeline: each stage an opportunity entered."""
    if object_name != "opportunities" or not readable_in_full(ctx.permissions, object_name,
                                                                "stage"):
        return []
    rows = history_rows(ctx, record_id)
    names = _stage_names(ctx, {h.pipeline_id for h in rows})
    items: list[dict[str, Any]] = []
    previous: str | None = None
    for h in rows:
        items.append({"kind": "stage_change", "id": h.id, "at": h.entered_at.isoformat(),
                      "user_id": h.moved_by, "from": previous, "to": h.stage,
                      "stage_name": names.get((h.pipeline_id, h.stage), h.stage),
                      **_amount_at_entry(ctx, h)})
        previous = h.stage
    return items


def create_opportunity_override(ctx: Context, obj: ObjectDef, body: Any,
                                params: Any = None) -> Opportunity:
    """The opportunities behaviour's ``create`` (signature of every create hook)."""
    return create_opportunity(ctx, body, params, obj=obj)
