"""Export: the records a list call would return (all pages), as CSV or XLSX.

The plan is made inside the request's unit of work (permissions, filters and
headers checked there, so bad input is a 4xx before any byte is sent); the rows
are then streamed from a server-side cursor in a session of their own, a few
hundred at a time, so an export of a million rows needs no more memory than one
of a hundred.
"""

from __future__ import annotations

import csv
import io
import re
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from sqlalchemy import Select, select
from sqlalchemy.orm import Session, sessionmaker

from salescrm.models import ExternalId
from salescrm.platform.errors import FieldError, validation_error
from salescrm.platform.exports import messages as _messages  # noqa: F401
from salescrm.platform.exports.cells import csv_cell, neutralize, xlsx_cell
from salescrm.platform.i18n import t
from salescrm.platform.metadata import FieldDef, ObjectDef
from salescrm.platform.records.query import order_and_seek, parse_list_params, search_clause
from salescrm.platform.records.serialize import builtin_columns, readable_fields, row_to_record
from salescrm.platform.records.service import base_criteria
from salescrm.platform.tenancy import Context

FORMATS = ("csv", "xlsx")
BATCH = 500
CSV_BOM = "\ufeff"  # Excel (zh-CN Windows) reads a BOM-less CSV as GBK
# Columns nobody needs in a spreadsheet.
SKIPPED_FIELDS = {"version"}
_ZONE_NAME = re.compile(r"^[A-Za-z][A-Za-z0-9_+\-]*(/[A-Za-z0-9_+\-]+){0,2}$")


@dataclass
class LookupNames:
    """Names for a lookup column, read with the target's own data scope."""

    field: str
    target: ObjectDef
    name_column: Any
    criteria: list[Any]


@dataclass
class ExportPlan:
    obj: ObjectDef
    tenant_id: str
    format: str
    fields: list[FieldDef]
    headers: list[str]
    stmt: Select[Any]
    field_levels: dict[str, str]
    perms: Any
    lookups: list[LookupNames] = field(default_factory=list)
    filename: str = ""
    # Systems the records were imported from: a "source id" column each, last, so a
    # file exported here and imported again keeps the links to that system's ids.
    sources: list[str] = field(default_factory=list)
    # A file for people (``labels=true``): choices by their labels in this language.
    labels_locale: str | None = None
    # ``tz``: date-times in the reader's time zone, written with their offset (so the
    # import reads back the same moment) instead of UTC.
    zone: ZoneInfo | None = None


def plan_export(ctx: Context, object_name: str, params: dict[str, str]) -> ExportPlan:
    """Check rights and parameters; build the query and the header row."""
    obj = ctx.object(object_name)
    ctx.permissions.require(obj, "read")
    ctx.permissions.require(obj, "export")
    fmt = (params.get("format") or "csv").lower()
    if fmt not in FORMATS:
        raise validation_error([FieldError("format", "export.bad_format",
                                           formats=", ".join(FORMATS))])
    zone = _zone(params.get("tz"))
    list_params = {k: v for k, v in params.items()
                   if k not in ("limit", "cursor", "count", "labels", "tz")}
    p = parse_list_params(obj, list_params, ctx.permissions)
    fields = [f for f in readable_fields(obj, ctx.permissions)
              if f.api_name not in SKIPPED_FIELDS]
    where = [*base_criteria(ctx, obj, p.deleted), *p.filters]
    if p.q:
        where.append(search_clause(obj, p.q, ctx.permissions))
    p.cursor = None
    order, _ = order_and_seek(obj, p)
    stmt = select(*builtin_columns(obj, fields)).where(*where).order_by(*order)
    levels = ctx.permissions.field_levels.get(obj.api_name, {})
    headers: list[str] = []
    lookups: list[LookupNames] = []
    for f in fields:
        headers.append(f.label(ctx.locale))
        if f.type == "lookup" and f.target and levels.get(f.api_name) != "masked":
            names = _lookup_names(ctx, f)
            if names is not None:
                lookups.append(names)
                headers.append(t("export.lookup_name", label=f.label(ctx.locale)))
    sources = sorted(ctx.session.scalars(select(ExternalId.system).where(
        ExternalId.object == obj.api_name).distinct()))
    headers.extend(t("export.source_id", system=system) for system in sources)
    stamp = date.today().strftime("%Y%m%d")
    labels = (params.get("labels") or "").lower() in ("true", "1")
    return ExportPlan(obj, ctx.tenant_id, fmt, fields, headers, stmt,
                      dict(levels), ctx.permissions, lookups,
                      filename=f"{obj.api_name}-{stamp}.{fmt}", sources=sources,
                      labels_locale=ctx.locale if labels else None, zone=zone)


def _zone(name: str | None) -> ZoneInfo | None:
    if not name:
        return None
    try:
        if _ZONE_NAME.match(name):
            return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        pass
    raise validation_error([FieldError("tz", "export.bad_timezone", tz=name[:64])])


def readable(plan: ExportPlan, f: FieldDef, value: Any) -> Any:
    """A value as a person reads it, in a file for people: a choice's label, a
    date-time in their zone (with its offset). Masked values stay as they are."""
    if value is None:
        return None
    if plan.labels_locale and f.option_labels:
        locale = plan.labels_locale
        if f.type == "multi_picklist" and isinstance(value, list):
            return [f.option_label(str(v), locale) for v in value]
        if isinstance(value, str):
            return f.option_label(value, locale)
    if plan.zone is not None and f.type == "datetime" and isinstance(value, str):
        try:
            moment = datetime.fromisoformat(value.replace("Z", "+00:00"))
        except ValueError:
            return value
        if moment.tzinfo is not None:
            return moment.astimezone(plan.zone).isoformat(sep=" ", timespec="seconds")
    return value


def _lookup_names(ctx: Context, f: FieldDef) -> LookupNames | None:
    """A name column next to a lookup, when the caller may read the target object."""
    try:
        target = ctx.object(f.target or "")
    except Exception:  # a lookup to an object that no longer exists: ids only
        return None
    if not ctx.permissions.can(target.api_name, "read"):
        return None
    name_field = target.fields.get(target.name_field)
    if name_field is None or ctx.permissions.field_level(target.api_name,
                                                         target.name_field) is not None:
        return None
    column = target.model.name if target.custom else getattr(target.model, name_field.api_name)
    return LookupNames(f.api_name, target, column, base_criteria(ctx, target))


def _names_for(session: Session, lookup: LookupNames, ids: set[str]) -> dict[str, str]:
    if not ids:
        return {}
    model = lookup.target.model
    rows = session.execute(select(model.id, lookup.name_column)
                           .where(model.id.in_(sorted(ids)), *lookup.criteria))
    return {rid: name for rid, name in rows}


def records(plan: ExportPlan, factory: sessionmaker[Session]) -> Iterator[list[Any]]:
    """Each exported row as a list of JSON-ready values (masked where the role says so)."""
    with factory() as session:
        session.info["tenant_id"] = plan.tenant_id
        result = session.execute(plan.stmt.execution_options(yield_per=BATCH))
        for part in result.partitions():
            items = [row_to_record(plan.obj, plan.fields, r, plan.perms) for r in part]
            names = {lk.field: _names_for(session, lk, {i[lk.field] for i in items
                                                        if i.get(lk.field)})
                     for lk in plan.lookups}
            sources = _source_ids(session, plan, [i["id"] for i in items if i.get("id")])
            for item in items:
                out: list[Any] = []
                for f in plan.fields:
                    value = item.get(f.api_name)
                    out.append(readable(plan, f, value))
                    if f.api_name in names:
                        out.append(names[f.api_name].get(value) if value else None)
                out.extend(sources.get((system, item.get("id") or "")) for system in plan.sources)
                yield out


def _source_ids(session: Session, plan: ExportPlan, ids: list[str]
                ) -> dict[tuple[str, str], str]:
    """(system, record id) → the record's id in that system."""
    if not plan.sources or not ids:
        return {}
    rows = session.execute(select(ExternalId.system, ExternalId.record_id,
                                  ExternalId.external_id).where(
        ExternalId.object == plan.obj.api_name, ExternalId.record_id.in_(ids)))
    return {(system, rid): ext for system, rid, ext in rows}


def _column_fields(plan: ExportPlan) -> list[FieldDef | None]:
    """The field of each column (None for a lookup's name column)."""
    cols: list[FieldDef | None] = []
    with_names = {lk.field for lk in plan.lookups}
    for f in plan.fields:
        # A date-time in the reader's zone is text with its offset: a spreadsheet's
        # date cell has no zone, and would read back as UTC.
        cols.append(None if plan.zone is not None and f.type == "datetime" else f)
        if f.api_name in with_names:
            cols.append(None)
    return cols + [None] * len(plan.sources)


def stream_csv(plan: ExportPlan, factory: sessionmaker[Session]) -> Iterator[bytes]:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    buffer.write(CSV_BOM)
    writer.writerow([neutralize(h) for h in plan.headers])
    cols = _column_fields(plan)
    for n, row in enumerate(records(plan, factory), start=1):
        writer.writerow([csv_cell(f, v) for f, v in zip(cols, row, strict=True)])
        if n % BATCH == 0:
            yield buffer.getvalue().encode("utf-8")
            buffer.seek(0)
            buffer.truncate()
    yield buffer.getvalue().encode("utf-8")


def stream_xlsx(plan: ExportPlan, factory: sessionmaker[Session], locale: str
                ) -> Iterator[bytes]:
    """openpyxl's write-only workbook keeps rows in a temporary file, not in memory;
    the zipped workbook is then sent in pieces."""
    from openpyxl import Workbook

    wb = Workbook(write_only=True)
    ws = wb.create_sheet(_sheet_title(plan.obj.label(locale)))
    ws.append([xlsx_cell(ws, None, h) for h in plan.headers])
    cols = _column_fields(plan)
    for row in records(plan, factory):
        ws.append([xlsx_cell(ws, f, value) for f, value in zip(cols, row, strict=True)])
    with tempfile.TemporaryFile() as out:
        wb.save(out)
        out.seek(0)
        while chunk := out.read(256 * 1024):
            yield chunk


def _sheet_title(label: str) -> str:
    cleaned = "".join(c for c in label if c not in "[]:*?/\\")
    return (cleaned or "export")[:31]
