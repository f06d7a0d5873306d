"""The report builder: group any object by up to three fields and aggregate it.

``POST /reports/run {"object","group_by","measures","filters","sort","limit"}`` is
validated against the object's metadata *and the caller's field permissions*, then
compiled into ONE ``SELECT … GROUP BY`` over the object's table, with the caller's
tenant and data scope applied exactly as the list endpoint applies them. Built-in
and custom objects, built-in and custom fields all go through the same code.
"""

from __future__ import annotations

import typing
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from sqlalchemy import BigInteger, Select, cast, func, literal_column, select, type_coerce

from salescrm.db.types import Money
from salescrm.models import Pipeline
from salescrm.modules.analytics.currency import Currencies, currencies
from salescrm.modules.analytics.sql import (
    BUCKETS,
    LIMITS,
    bucket,
    check_timezone,
    dialect_of,
    guarded,
    num,
    text_date,
    text_timestamp,
)
from salescrm.platform.errors import FieldError, ProblemError, validation_error
from salescrm.platform.i18n import t
from salescrm.platform.metadata import FieldDef, ObjectDef
from salescrm.platform.records.query import column, parse_list_params, search_clause
from salescrm.platform.records.service import base_criteria
from salescrm.platform.sharing import readable_object
from salescrm.platform.tenancy import Context

AGGS = ("count", "sum", "avg", "min", "max")
NUMERIC_TYPES = {"number", "integer", "money"}
DATE_TYPES = {"date", "datetime"}
# What each aggregation accepts; count takes any field (it counts non-empty values).
AGG_TYPES = {"sum": NUMERIC_TYPES, "avg": NUMERIC_TYPES,
             "min": NUMERIC_TYPES | DATE_TYPES, "max": NUMERIC_TYPES | DATE_TYPES}
GROUPABLE_TYPES = {"text", "email", "phone", "url", "picklist", "lookup", "boolean",
                   "integer", "number", "money", "date", "datetime"}
MAX_GROUP_BY = 3
MAX_MEASURES = 12
SPEC_KEYS = ("object", "group_by", "measures", "filters", "sort", "limit", "timezone")
CENT = Decimal("0.01")
AVG_PLACES = Decimal("0.0001")


@dataclass
class Group:
    key: str
    field: FieldDef
    bucket: str | None


@dataclass
class Measure:
    key: str
    agg: str
    field: FieldDef | None


@dataclass
class ReportSpec:
    obj: ObjectDef
    groups: list[Group]
    measures: list[Measure]
    filters: list[Any]
    sort: list[tuple[str, bool]]
    limit: int
    timezone: str = "UTC"
    raw: dict[str, Any] = field(default_factory=dict)


# --- validating --------------------------------------------------------------
def parse_spec(ctx: Context, body: Any, *, max_rows: int | None = None,
               extra_keys: tuple[str, ...] = ()) -> ReportSpec:
    """Check a report definition; every problem is reported at once as one 422."""
    if not isinstance(body, dict):
        raise ProblemError(422, "error.body_not_object",
                           errors=[FieldError("body", "error.body_not_object")])
    errors: list[dict[str, Any]] = []
    allowed = SPEC_KEYS + extra_keys
    for key in body:
        if key not in allowed:
            errors.append(FieldError(str(key)[:64], "report.unknown_key", name=str(key)[:64],
                                     allowed=", ".join(SPEC_KEYS)))
    obj = readable_object(ctx, body.get("object"))
    if obj is None:
        errors.append(FieldError("object", "report.unknown_object",
                                 object=str(body.get("object"))[:64])
                      if body.get("object") else FieldError("object", "report.object_required"))
        raise validation_error(errors)
    ctx.permissions.require(obj, "read")
    groups = _groups(ctx, obj, body.get("group_by"), errors)
    measures = _measures(ctx, obj, body.get("measures"), errors)
    filters = _filters(ctx, obj, body.get("filters"), errors)
    keys = [g.key for g in groups] + [m.key for m in measures]
    sort = _sort(body.get("sort"), keys, groups, errors)
    cap = max_rows or LIMITS.max_rows
    limit = body.get("limit", min(LIMITS.default_rows, cap))
    if isinstance(limit, float) and limit.is_integer():  # JSON 3.0 is the whole number 3
        limit = int(limit)
    if isinstance(limit, bool) or not isinstance(limit, int) or not 1 <= limit <= cap:
        errors.append(FieldError("limit", "report.limit", max=cap))
        limit = 1
    tz = body.get("timezone") or "UTC"
    if not isinstance(tz, str) or check_timezone(tz) is None:
        errors.append(FieldError("timezone", "report.timezone", tz=str(tz)[:64]))
    if errors:
        raise validation_error(errors)
    raw = {k: body[k] for k in SPEC_KEYS if k in body}
    return ReportSpec(obj, groups, measures, filters, sort, limit, tz, raw)


def visible_field(ctx: Context, obj: ObjectDef, name: Any) -> FieldDef | None:
    """The field if it exists and is not hidden from the caller."""
    if not isinstance(name, str):
        return None
    f = obj.fields.get(name)
    if f is None or f.type == "json" or ctx.permissions.field_level(obj.api_name, name) == "hidden":
        return None
    return f


def _masked(ctx: Context, obj: ObjectDef, f: FieldDef) -> bool:
    return ctx.permissions.field_level(obj.api_name, f.api_name) == "masked"


def _groups(ctx: Context, obj: ObjectDef, raw: Any, errors: list[dict[str, Any]]) -> list[Group]:
    if raw is None:
        return []
    if isinstance(raw, str):
        raw = [raw]
    if not isinstance(raw, list) or not all(isinstance(g, str) for g in raw):
        errors.append(FieldError("group_by", "report.group_by_list", max=MAX_GROUP_BY))
        return []
    if len(raw) > MAX_GROUP_BY:
        errors.append(FieldError("group_by", "report.too_many_groups", max=MAX_GROUP_BY))
        return []
    groups: list[Group] = []
    for i, key in enumerate(raw):
        where = f"group_by.{i}"
        name, _, unit = key.partition(":")
        f = visible_field(ctx, obj, name)
        if f is None:
            errors.append(FieldError(where, "report.unknown_field", field=name[:64]))
            continue
        if f.type not in GROUPABLE_TYPES or _masked(ctx, obj, f):
            errors.append(FieldError(where, "report.not_groupable", field=name, type=f.type))
            continue
        if unit and f.type not in DATE_TYPES:
            errors.append(FieldError(where, "report.bucket_not_date", field=name, type=f.type))
            continue
        if f.type in DATE_TYPES:
            unit = unit or ("day" if f.type == "date" else "")
            if unit not in BUCKETS:
                errors.append(FieldError(where, "report.bucket_unknown", bucket=unit[:20],
                                         buckets=", ".join(BUCKETS)) if unit else
                              FieldError(where, "report.bucket_required", field=name,
                                         buckets=", ".join(BUCKETS)))
                continue
        norm = f"{name}:{unit}" if unit else name
        if any(g.key == norm for g in groups):
            errors.append(FieldError(where, "report.group_duplicate", name=norm))
            continue
        groups.append(Group(norm, f, unit or None))
    return groups


def _measures(ctx: Context, obj: ObjectDef, raw: Any,
              errors: list[dict[str, Any]]) -> list[Measure]:
    if raw is None or raw == []:
        return [Measure("count", "count", None)]
    if (not isinstance(raw, list) or len(raw) > MAX_MEASURES
            or not all(isinstance(m, dict) for m in raw)):
        errors.append(FieldError("measures", "report.measures_list", max=MAX_MEASURES))
        return []
    out: list[Measure] = []
    for i, m in enumerate(raw):
        where = f"measures.{i}"
        agg = m.get("agg", "count")
        name = m.get("field")
        if agg not in AGGS:
            errors.append(FieldError(where, "report.agg_unknown", agg=str(agg)[:20],
                                     aggs=", ".join(AGGS)))
            continue
        if name in (None, "*", "") and agg == "count":
            measure = Measure("count", "count", None)
        elif name in (None, "*", ""):
            errors.append(FieldError(where, "report.agg_needs_field", agg=agg))
            continue
        else:
            f = visible_field(ctx, obj, name)
            if f is None:
                errors.append(FieldError(where, "report.unknown_field", field=str(name)[:64]))
                continue
            if agg != "count" and f.type not in AGG_TYPES[agg]:
                errors.append(FieldError(where, "report.agg_type", agg=agg, field=name,
                                         type=f.type))
                continue
            if agg != "count" and _masked(ctx, obj, f):
                errors.append(FieldError(where, "report.masked_field", field=name))
                continue
            measure = Measure(f"{agg}_{name}", agg, f)
        if any(o.key == measure.key for o in out):
            errors.append(FieldError(where, "report.measure_duplicate", name=measure.key))
            continue
        out.append(measure)
    return out


def _filter_text(value: Any) -> str | None:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float, Decimal)):
        return str(value)
    if isinstance(value, str):
        return value
    if isinstance(value, list) and all(isinstance(v, (str, int, float)) and
                                       not isinstance(v, bool) for v in value):
        return ",".join(str(v) for v in value)
    return None


def _filters(ctx: Context, obj: ObjectDef, raw: Any, errors: list[dict[str, Any]]) -> list[Any]:
    """Filters in the list-endpoint syntax (``{"amount__gte": 1000}``), parsed by the
    same code as list filters, so hidden and masked fields are refused the same way."""
    if raw is None:
        return []
    if not isinstance(raw, dict):
        errors.append(FieldError("filters", "report.filters_object"))
        return []
    params: dict[str, str] = {}
    for key, value in raw.items():
        as_text = _filter_text(value)
        if as_text is None:
            errors.append(FieldError(f"filters.{str(key)[:64]}", "report.filter_value"))
            continue
        name = str(key).partition("__")[0]
        if key != "q" and (name in ("limit", "cursor", "sort", "count", "deleted", "format",
                                    "fields", "allow_duplicate")):
            errors.append(FieldError(f"filters.{str(key)[:64]}", "query.bad_filter",
                                     param=str(key)[:64]))
            continue
        params[str(key)] = as_text
    q = params.pop("q", None)
    try:
        parsed = parse_list_params(obj, params, ctx.permissions)
    except ProblemError as exc:
        for e in exc.errors:
            errors.append({**e, "field": f"filters.{e.get('field')}"})
        return []
    clauses = list(parsed.filters)
    if q and q.strip():
        clauses.append(search_clause(obj, q.strip()[:200], ctx.permissions))
    return clauses


def _sort(raw: Any, keys: list[str], groups: list[Group],
          errors: list[dict[str, Any]]) -> list[tuple[str, bool]]:
    if raw is None or raw == "" or raw == []:
        return [(g.key, False) for g in groups]
    items = [raw] if isinstance(raw, str) else raw
    if not isinstance(items, list) or not all(isinstance(s, str) for s in items):
        errors.append(FieldError("sort", "report.sort_unknown", name=str(raw)[:64],
                                 keys=", ".join(keys)))
        return []
    out: list[tuple[str, bool]] = []
    for s in items[:MAX_GROUP_BY + MAX_MEASURES]:
        key = s.lstrip("-+")
        if key not in keys:
            errors.append(FieldError("sort", "report.sort_unknown", name=key[:64],
                                     keys=", ".join(keys)))
            continue
        out.append((key, s.startswith("-")))
    return out


# --- compiling ---------------------------------------------------------------
def group_expression(obj: ObjectDef, g: Group, dialect: str, tz: str) -> Any:
    col = column(obj, g.field)
    if g.bucket is None:
        return col
    is_date = g.field.type == "date"
    if g.field.custom:
        col = text_date(col, dialect) if is_date else text_timestamp(col, dialect)
    return bucket(col, g.bucket, dialect, tz, is_date=is_date)


def conversion(ctx: Context, spec: ReportSpec) -> Currencies | None:
    """Money measures over a table whose rows carry a currency are converted into the
    tenant's currency (see ``currency.py``); None when nothing needs converting."""
    model = spec.obj.model
    money_measures = [m for m in spec.measures if m.field is not None and m.agg != "count"
                      and m.field.type == "money" and not m.field.custom]
    if not money_measures or "currency" not in model.__table__.c:
        return None
    return currencies(ctx, model)


def measure_expression(obj: ObjectDef, m: Measure, dialect: str,
                       cur: Currencies | None = None) -> Any:
    if m.field is None:
        return func.count()
    col = column(obj, m.field)
    if m.agg == "count":
        return func.count(col)
    f = m.field
    if cur is not None and f.type == "money" and not f.custom:
        col = cur.amount(col, obj.model.currency)
    if f.custom and f.type == "money" and dialect == "sqlite" and m.agg in ("sum", "avg"):
        # SQLite has no exact decimals: add whole cents, as built-in money columns do.
        cents = cast(func.round(col * num(100)), BigInteger)
        return type_coerce(getattr(func, m.agg)(cents), Money())
    if m.agg == "avg":
        return type_coerce(func.avg(col), Money()) if (f.type == "money" and not f.custom) \
            else func.avg(col)
    if f.custom and f.type == "datetime":
        # ISO text with any offset: compare instants, not strings.
        col = text_timestamp(col, dialect) if dialect == "postgresql" else func.datetime(col)
    return getattr(func, m.agg)(col)


def build_statement(ctx: Context, spec: ReportSpec, limit: int,
                    cur: Currencies | None = None) -> Select[Any]:
    """ONE ``SELECT … WHERE scope AND filters GROUP BY … ORDER BY … LIMIT``."""
    obj = spec.obj
    dialect = dialect_of(ctx.session)
    labels = {}
    cols = []
    for i, g in enumerate(spec.groups):
        labels[g.key] = f"g{i}"
        cols.append(group_expression(obj, g, dialect, spec.timezone).label(f"g{i}"))
    for i, m in enumerate(spec.measures):
        labels[m.key] = f"m{i}"
        cols.append(measure_expression(obj, m, dialect, cur).label(f"m{i}"))
    stmt = select(*cols).select_from(obj.model).where(*base_criteria(ctx, obj), *spec.filters)
    if spec.groups:
        # Group by the output names: the expressions may carry bound parameters.
        stmt = stmt.group_by(*[literal_column(f"g{i}") for i in range(len(spec.groups))])
    order = []
    for key, desc in spec.sort:
        ref: Any = literal_column(labels[key])
        order.append(ref.desc().nulls_last() if desc else ref.asc().nulls_last())
    return stmt.order_by(*order).limit(limit)


# --- running -----------------------------------------------------------------
def run_report(ctx: Context, spec: ReportSpec, *, limit: int | None = None) -> dict[str, Any]:
    """``{"columns","rows","truncated"}`` (+ ``"notice"`` when rows were cut off)."""
    cap = limit or spec.limit
    cur = conversion(ctx, spec)
    stmt = build_statement(ctx, spec, cap + 1, cur)
    with guarded(ctx.session):
        rows = ctx.session.execute(stmt).all()
    truncated = len(rows) > cap
    rows = rows[:cap]
    out_rows = [_row(spec, r) for r in rows]
    _add_lookup_labels(ctx, spec, out_rows)
    _add_stage_labels(ctx, spec, out_rows)
    _add_choice_labels(ctx, spec, out_rows)
    result: dict[str, Any] = {"object": spec.obj.api_name, "columns": columns(ctx, spec),
                              "rows": out_rows, "truncated": truncated}
    if cur is not None:
        result["currency"] = cur.view()
    if truncated:
        result["notice"] = t("report.truncated", limit=cap, max=LIMITS.max_rows)
    return result


def _row(spec: ReportSpec, r: Any) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for i, g in enumerate(spec.groups):
        out[g.key] = group_value(g, r[i])
    offset = len(spec.groups)
    for j, m in enumerate(spec.measures):
        out[m.key] = measure_value(m, r[offset + j])
    return out


def group_value(g: Group, value: Any) -> Any:
    if value is None or g.bucket is not None:
        return None if value is None else str(value)
    return plain(g.field, value)


def plain(f: FieldDef, value: Any) -> Any:
    """A database value as JSON: money two decimals, numbers as decimal strings."""
    if value is None:
        return None
    if f.type == "money":
        return f"{Decimal(str(value)).quantize(CENT, rounding=ROUND_HALF_UP):.2f}"
    if f.type == "number":
        return format(Decimal(str(value)).normalize(), "f")
    if f.type == "integer":
        return int(value)
    if f.type == "boolean":
        return bool(value)
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, date):
        return value.isoformat()
    return value


def measure_value(m: Measure, value: Any) -> Any:
    if m.agg == "count":
        return int(value or 0)
    f = m.field
    assert f is not None
    if value is None:
        return None
    if f.custom and f.type == "money" and m.agg in ("sum", "avg") and not isinstance(
            value, Decimal):
        value = Decimal(str(value)) / 100
    if m.agg == "avg":
        places = CENT if f.type == "money" else AVG_PLACES
        amount = Decimal(str(value)).quantize(places, rounding=ROUND_HALF_UP)
        return f"{amount:.2f}" if f.type == "money" else format(amount.normalize(), "f")
    if f.type == "datetime":
        return _utc_iso(value)
    return plain(f, value)


def _utc_iso(value: Any) -> str:
    """A datetime (or SQLite's ``YYYY-MM-DD HH:MM:SS`` text, which is UTC) as ISO 8601."""
    if isinstance(value, str):
        value = datetime.fromisoformat(value.replace(" ", "T"))
    if value.tzinfo is None:
        value = value.replace(tzinfo=UTC)
    return typing.cast("str", value.astimezone(UTC).isoformat())


def _add_lookup_labels(ctx: Context, spec: ReportSpec, rows: list[dict[str, Any]]) -> None:
    """``<key>_label``: the display name of each looked-up record the caller can see."""
    for g in spec.groups:
        f = g.field
        if f.type != "lookup" or not f.target or not rows:
            continue
        try:
            target = ctx.object(f.target)
        except ProblemError:
            continue
        if not ctx.permissions.can(target.api_name, "read"):
            continue
        name_field = target.fields.get(target.name_field)
        if name_field is None or ctx.permissions.field_level(
                target.api_name, name_field.api_name) in ("hidden", "masked"):
            continue
        ids = sorted({r[g.key] for r in rows if r[g.key] is not None})
        names: dict[str, Any] = {}
        for start in range(0, len(ids), 500):
            chunk = ids[start:start + 500]
            names.update(ctx.session.execute(
                select(target.model.id, column(target, name_field))
                .where(target.model.id.in_(chunk), *base_criteria(ctx, target))).all())
        for r in rows:
            r[f"{g.key}_label"] = names.get(r[g.key])


def _add_stage_labels(ctx: Context, spec: ReportSpec, rows: list[dict[str, Any]]) -> None:
    """``stage_label``: a deal stage's name in the caller's language, not its key. The
    name comes from the row's own pipeline when ``pipeline_id`` is grouped too, else
    from the first pipeline (the default one first) that has a stage of that key."""
    if spec.obj.api_name != "opportunities" or not rows:
        return
    stage = next((g for g in spec.groups if g.field.api_name == "stage"), None)
    if stage is None:
        return
    by_pipeline: dict[str, dict[str, str]] = {}
    anywhere: dict[str, str] = {}
    for p in ctx.session.scalars(select(Pipeline).where(Pipeline.deleted_at.is_(None))
                                 .order_by(Pipeline.is_default.desc(), Pipeline.created_at)):
        names = {str(s["key"]): _stage_name(s, ctx.locale) for s in p.stages or []
                 if isinstance(s, dict) and s.get("key")}
        by_pipeline[p.id] = names
        for key, name in names.items():
            anywhere.setdefault(key, name)
    grouped_pipeline = any(g.key == "pipeline_id" for g in spec.groups)
    for r in rows:
        key = r[stage.key]
        if key is None:
            continue
        own = by_pipeline.get(r.get("pipeline_id") or "", {}) if grouped_pipeline else {}
        r[f"{stage.key}_label"] = own.get(key) or anywhere.get(key, key)


def _add_choice_labels(ctx: Context, spec: ReportSpec, rows: list[dict[str, Any]]) -> None:
    """``<key>_label``: a built-in choice's label (an order's status 已批准, not
    ``approved``), so tables, charts and the report's file read as words."""
    for g in spec.groups:
        f = g.field
        if f.type != "picklist" or not f.option_labels:
            continue
        for r in rows:
            if isinstance(r.get(g.key), str):
                r[f"{g.key}_label"] = f.option_label(r[g.key], ctx.locale)


def _stage_name(stage: dict[str, Any], locale: str) -> str:
    labels = stage.get("labels") or {}
    return str(labels.get(locale) or stage.get("name") or stage["key"])


def columns(ctx: Context, spec: ReportSpec) -> list[dict[str, Any]]:
    out = []
    for g in spec.groups:
        label = g.field.label(ctx.locale)
        if g.bucket:
            label = t("report.bucket_label", field=label, bucket=t(f"report.bucket.{g.bucket}"))
        out.append({"key": g.key, "label": label, "kind": "group",
                    "type": "text" if g.bucket else g.field.type, "bucket": g.bucket})
    for m in spec.measures:
        if m.field is None:
            label = t("report.count_label")
            typ = "integer"
        else:
            label = t(f"report.agg_label.{m.agg}", field=m.field.label(ctx.locale))
            typ = "integer" if m.agg == "count" else (
                "number" if m.agg == "avg" and m.field.type == "integer" else m.field.type)
        out.append({"key": m.key, "label": label, "kind": "measure", "type": typ,
                    "agg": m.agg})
    return out


def run(ctx: Context, body: Any) -> dict[str, Any]:
    """``POST /reports/run``."""
    return run_report(ctx, parse_spec(ctx, body))

