"""Pipelines: ordered stages with probability, kind and the fields required to enter.

Every tenant gets a default pipeline with the stage keys of API.md. A pipeline's
stages may change, but never so that an opportunity is left in a stage that no
longer exists (422 naming the stage).
"""

from __future__ import annotations

import re
from dataclasses import replace
from typing import Any, cast

from sqlalchemy import func, select

from salescrm.models import Opportunity, Pipeline
from salescrm.modules.sales import stage_paths
from salescrm.platform.errors import FieldError, ProblemError, validation_error
from salescrm.platform.metadata import ObjectDef
from salescrm.platform.records import service as records
from salescrm.platform.records.values import trim
from salescrm.platform.tenancy import Context

STAGE_KINDS = ("open", "won", "lost")
KEY_RE = re.compile(r"^[a-z0-9_]{1,64}$")
MAX_STAGES = 50
STAGE_KEYS = {"key", "name", "labels", "probability", "kind", "required_fields"}
NAME_MAX = 100

# (key, en, zh-CN, probability, kind): the stage keys are part of the public contract.
DEFAULT_STAGES = (
    ("initial", "Initial contact", "初步接洽", 10, "open"),
    ("qualified", "Qualified", "需求确认", 30, "open"),
    ("proposal", "Proposal", "方案报价", 60, "open"),
    ("negotiation", "Negotiation", "商务谈判", 80, "open"),
    ("won", "Won", "赢单", 100, "won"),
    ("lost", "Lost", "输单", 0, "lost"),
)
DEFAULT_NAME = {"en": "Standard sales process", "zh-CN": "标准销售流程"}


def default_stages(locale: str) -> list[dict[str, Any]]:
    zh = locale == "zh-CN"
    return [{"key": key, "name": name_zh if zh else name_en,
             "labels": {"en": name_en, "zh-CN": name_zh}, "probability": probability,
             "kind": kind, "required_fields": []}
            for key, name_en, name_zh, probability, kind in DEFAULT_STAGES]


def stage_name(stage: dict[str, Any], locale: str) -> str:
    labels = stage.get("labels") or {}
    return str(labels.get(locale) or stage.get("name") or stage["key"])


def find_stage(pipeline: Pipeline, key: str | None) -> dict[str, Any] | None:
    return next((s for s in pipeline.stages or [] if s.get("key") == key), None)


def first_open_stage(pipeline: Pipeline) -> dict[str, Any]:
    stages = pipeline.stages or []
    return next((s for s in stages if s.get("kind") == "open"), stages[0])


# --- the default pipeline --------------------------------------------------------
def create_default_pipeline(ctx: Context) -> Pipeline:
    """Run for every new tenant (``TENANT_SETUP``); idempotent."""
    existing = ctx.session.scalar(select(Pipeline).where(Pipeline.is_default.is_(True),
                                                         Pipeline.deleted_at.is_(None)))
    if existing is not None:
        return existing
    locale = ctx.locale if ctx.locale in ("zh-CN", "en") else "zh-CN"
    values = {"name": DEFAULT_NAME[locale], "is_default": True,
              "stages": default_stages(locale)}
    return cast("Pipeline", records.insert_record(ctx, ctx.object("pipelines"), values))


def default_pipeline(ctx: Context) -> Pipeline:
    """The tenant's default pipeline, created on first use for tenants older than it."""
    found = ctx.session.scalar(select(Pipeline).where(Pipeline.is_default.is_(True),
                                                      Pipeline.deleted_at.is_(None))
                               .order_by(Pipeline.created_at).limit(1))
    return found if found is not None else create_default_pipeline(ctx)


def get_pipeline(ctx: Context, pipeline_id: str) -> Pipeline | None:
    if "\x00" in pipeline_id:  # names no pipeline (and PostgreSQL cannot compare it)
        return None
    return ctx.session.scalar(select(Pipeline).where(Pipeline.id == pipeline_id,
                                                     Pipeline.deleted_at.is_(None)))


# --- validating stages -----------------------------------------------------------
def _check_stage(ctx: Context, raw: Any, at: str, opp_fields: set[str]) -> tuple[
        dict[str, Any], list[dict[str, Any]]]:
    if not isinstance(raw, dict):
        return {}, [FieldError(at, "error.body_not_object")]
    errors: list[dict[str, Any]] = [FieldError(f"{at}.{str(k)[:64]}", "field.unknown")
                                    for k in raw if k not in STAGE_KEYS]
    key, name, kind = raw.get("key"), raw.get("name"), raw.get("kind")
    if not isinstance(key, str) or not KEY_RE.match(key):
        errors.append(FieldError(f"{at}.key", "sales.stage_key"))
    labels = raw.get("labels") or {}
    if not isinstance(labels, dict) or not all(
            k in ("en", "zh-CN") and _label_ok(v) for k, v in labels.items()):
        errors.append(FieldError(f"{at}.labels", "field.type_text"))
        labels = {}
    if name is None and labels:
        name = labels.get(ctx.locale) or next(iter(labels.values()))
    if not isinstance(name, str) or not trim(name) or "\x00" in name:
        errors.append(FieldError(f"{at}.name", "field.required"))
    elif len(name) > NAME_MAX:
        errors.append(FieldError(f"{at}.name", "field.too_long", max=NAME_MAX))
    if kind not in STAGE_KINDS:
        errors.append(FieldError(f"{at}.kind", "sales.stage_kind"))
    probability = raw.get("probability")
    if isinstance(probability, float) and probability.is_integer():
        probability = int(probability)  # 50.0 is the JSON integer 50
    if isinstance(probability, bool) or not isinstance(probability, int) or not (
            0 <= probability <= 100):
        errors.append(FieldError(f"{at}.probability", "sales.stage_probability"))
    required = raw.get("required_fields")
    required = [] if required is None else required
    if not isinstance(required, list) or not all(isinstance(f, str) for f in required):
        errors.append(FieldError(f"{at}.required_fields", "field.type_list"))
        required = []
    unknown = [f for f in required if f not in opp_fields]
    if unknown:
        errors.append(FieldError(f"{at}.required_fields", "sales.stage_required_fields",
                                 name=unknown[0][:64]))
    stage = {"key": key, "name": trim(name) if isinstance(name, str) else name,
             "probability": probability, "kind": kind,
             "required_fields": list(dict.fromkeys(required))}
    if labels:
        stage["labels"] = {k: trim(v) for k, v in labels.items()}
    return stage, errors


def _label_ok(value: Any) -> bool:
    return (isinstance(value, str) and bool(trim(value)) and len(value) <= NAME_MAX
            and "\x00" not in value)


def check_stages(ctx: Context, raw: Any) -> list[dict[str, Any]]:
    """Validate a stages list: unique keys, known kinds, one of each kind, 0–100."""
    if not isinstance(raw, list) or not raw:
        raise validation_error([FieldError("stages", "sales.stages_list")])
    if len(raw) > MAX_STAGES:
        raise validation_error([FieldError("stages", "sales.too_many_lines", max=MAX_STAGES)])
    opp = ctx.object("opportunities")
    opp_fields = {n for n, f in opp.fields.items() if not f.readonly}
    stages: list[dict[str, Any]] = []
    errors: list[dict[str, Any]] = []
    duplicates: list[dict[str, Any]] = []
    clash: str | None = None
    seen: set[str] = set()
    for i, item in enumerate(raw):
        stage, errs = _check_stage(ctx, item, f"stages.{i}", opp_fields)
        errors.extend(errs)
        key = stage.get("key")
        if isinstance(key, str) and key in seen:
            clash = clash or key
            duplicates.append(FieldError(f"stages.{i}.key", "sales.stage_key_duplicate",
                                         stage=key))
        if isinstance(key, str):
            seen.add(key)
        stages.append(stage)
    if not errors:
        kinds = {s["kind"] for s in stages}
        errors.extend(FieldError("stages", "sales.stage_kinds_missing", kind=k)
                      for k in STAGE_KINDS if k not in kinds)
    if errors:
        raise validation_error(errors + duplicates)
    if duplicates:
        # Well-formed stages whose keys clash: a duplicate (409, as API.md says), the one
        # rule of a stages list that a JSON Schema cannot state.
        raise ProblemError(409, "sales.stage_key_duplicate", stage=clash,
                           errors=duplicates)
    return stages


def _stage_counts(ctx: Context, pipeline_id: str) -> dict[str, int]:
    """How many opportunities (the recycle bin included) sit in each stage of a pipeline.

    Counted across the tenant, not the caller's data scope: the admin changing a
    pipeline must not orphan deals they cannot see.
    """
    rows = ctx.session.execute(
        select(Opportunity.stage, func.count()).where(Opportunity.pipeline_id == pipeline_id)
        .group_by(Opportunity.stage)).all()
    return {stage: count for stage, count in rows}


def _check_stage_change(ctx: Context, row: Pipeline, stages: list[dict[str, Any]]) -> None:
    counts = _stage_counts(ctx, row.id)
    new = {s["key"]: s for s in stages}
    old = {s["key"]: s for s in row.stages or []}
    errors: list[dict[str, Any]] = []
    for key, count in counts.items():
        if key not in new:
            errors.append(FieldError("stages", "sales.stage_in_use", stage=key, count=count))
        elif key in old and old[key].get("kind") != new[key]["kind"]:
            errors.append(FieldError("stages", "sales.stage_kind_in_use", stage=key,
                                     count=count))
    if errors:
        raise validation_error(errors)


# --- writes ----------------------------------------------------------------------
def _split_body(body: Any) -> tuple[dict[str, Any], Any]:
    if not isinstance(body, dict):
        raise ProblemError(422, "error.body_not_object",
                           errors=[FieldError("body", "error.body_not_object")])
    rest = dict(body)
    return rest, rest.pop("stages", None)


def _unset_other_defaults(ctx: Context, obj: ObjectDef, keep_id: str) -> None:
    """One default per tenant: the previous one stops being it (audited like any edit)."""
    for other in ctx.session.scalars(select(Pipeline).where(
            Pipeline.id != keep_id, Pipeline.is_default.is_(True))):
        records.save_changes(ctx, obj, other, {"is_default": False})


def without_fields(obj: ObjectDef, *names: str) -> ObjectDef:
    """The object minus fields a service checks itself (JSON lists such as stages)."""
    return replace(obj, fields={k: f for k, f in obj.fields.items() if k not in names})


def create_pipeline(ctx: Context, obj: ObjectDef, body: Any, _params: Any = None) -> Pipeline:
    ctx.permissions.require(obj, "create")
    rest, raw_stages = _split_body(body)
    errors: list[dict[str, Any]] = []
    values: dict[str, Any] = {}
    try:
        values = records.validate(ctx, without_fields(obj, "stages"), rest, creating=True)
    except ProblemError as exc:
        errors.extend(exc.errors)
    conflict: ProblemError | None = None
    try:
        values["stages"] = check_stages(ctx, raw_stages)
    except ProblemError as exc:
        if exc.status == 409:
            conflict = exc
        else:
            errors.extend(exc.errors)
    if errors:
        raise validation_error(errors + (conflict.errors if conflict else []))
    if conflict:
        raise conflict
    values["is_default"] = bool(values.get("is_default"))
    row: Pipeline = records.insert_record(ctx, obj, values)
    if row.is_default:
        _unset_other_defaults(ctx, obj, row.id)
    return row


def update_pipeline(ctx: Context, obj: ObjectDef, pipeline_id: str, body: Any) -> Pipeline:
    ctx.permissions.require(obj, "read")
    row: Pipeline = records.load_for_write(ctx, obj, pipeline_id)
    ctx.permissions.require(obj, "update")
    rest, raw_stages = _split_body(body)
    records.check_version(row, rest)
    values = records.validate(ctx, without_fields(obj, "stages"), rest, creating=False,
                              current=row)
    reordered = False
    if "stages" in body:
        values["stages"] = check_stages(ctx, raw_stages)
        _check_stage_change(ctx, row, values["stages"])
        reordered = stage_paths.order_changed(list(row.stages or []), values["stages"])
    if "is_default" in values:
        if not values["is_default"] and row.is_default:
            raise validation_error([FieldError("is_default", "sales.default_pipeline_needed")])
        values["is_default"] = bool(values["is_default"])
    row = records.save_changes(ctx, obj, row, values)
    if reordered:  # the funnel's "furthest stage" of past stays follows the new order
        stage_paths.request_recompute(ctx.session, ctx.tenant_id, row.id)
    if row.is_default:
        _unset_other_defaults(ctx, obj, row.id)
    return row


def delete_pipeline(ctx: Context, obj: ObjectDef, pipeline_id: str) -> None:
    ctx.permissions.require(obj, "read")
    row: Pipeline = records.load_for_write(ctx, obj, pipeline_id)
    ctx.permissions.require(obj, "delete")
    if row.is_default or _stage_counts(ctx, pipeline_id):
        raise ProblemError(409, "sales.pipeline_in_use")
    records.delete_record(ctx, obj, pipeline_id)


def read_pipeline(ctx: Context, obj: ObjectDef, pipeline_id: str) -> dict[str, Any]:
    """The record, with each stage's name in the caller's language."""
    record = records.get_record(ctx, obj, pipeline_id)
    record["stages"] = [dict(s, name=stage_name(s, ctx.locale)) for s in record.get("stages")
                        or []]
    return record
