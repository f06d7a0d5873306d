"""Starting an import (checks, the stored file, the job), reading its report, and
saved column mappings."""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterator
from typing import Any, BinaryIO

import orjson
from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from salescrm.models import ImportMapping, ImportRowError, ImportRun
from salescrm.platform.errors import FieldError, ProblemError, not_found, validation_error
from salescrm.platform.exports import messages as _export_messages  # noqa: F401
from salescrm.platform.exports.cells import neutralize
from salescrm.platform.i18n import t
from salescrm.platform.imports import adapters, files, mapping, xlsx
from salescrm.platform.imports import messages as _messages  # noqa: F401
from salescrm.platform.imports import migration_messages as _migration  # noqa: F401
from salescrm.platform.imports.adapters import adapter_for
from salescrm.platform.imports.dates import AUTO
from salescrm.platform.imports.extras import extras_for
from salescrm.platform.imports.mapping import EXTERNAL_ID, Plan
from salescrm.platform.imports.natural import natural_key
from salescrm.platform.jobs import enqueue
from salescrm.platform.metadata import ObjectDef
from salescrm.platform.records.behaviour import behaviour_for
from salescrm.platform.records.query import page_limit
from salescrm.platform.tenancy import Context

MODES = ("insert", "upsert")
ERRORS_SHOWN = 1000
SYSTEM_RE = re.compile(r"^[A-Za-z0-9_\-]{1,40}$")


# --- starting ------------------------------------------------------------------
def _flag(form: dict[str, str], name: str, errors: list[dict[str, Any]]) -> bool:
    value = (form.get(name) or "false").strip().lower()
    if value not in ("true", "false", "1", "0", "yes", "no", "on", "off"):
        errors.append(FieldError(name, "import.bad_flag"))
    return value in ("true", "1", "yes", "on")


def _mapping_of(form: dict[str, str], errors: list[dict[str, Any]],
                name: str = "mapping") -> dict[str, str] | None:
    """A form field holding a JSON object of "file column": text (``mapping``,
    ``date_formats``)."""
    raw = form.get(name)
    if not raw:
        return None
    try:
        value = orjson.loads(raw)
    except orjson.JSONDecodeError:
        value = None
    if not isinstance(value, dict) or not value or not all(
            isinstance(k, str) and isinstance(v, str) for k, v in value.items()):
        errors.append(FieldError(name, f"import.bad_{name}"))
        return None
    return value


def _object_of(ctx: Context, name: str | None, errors: list[dict[str, Any]]) -> ObjectDef | None:
    try:
        return ctx.object(name or "")
    except ProblemError:
        errors.append(FieldError("object", "import.unknown_object", object=(name or "")[:64]))
        return None


def start_import(ctx: Context, form: dict[str, str], filename: str,
                 upload: BinaryIO | None) -> dict[str, Any]:
    """Check the request, store the file, check its header against the mapping and
    enqueue the job, all in the request's transaction (nothing is left of a 4xx)."""
    imp = checked_import(ctx, form, filename, upload)
    enqueue(ctx.session, "import", {"import_id": imp.id}, tenant_id=ctx.tenant_id)
    return {"id": imp.id}


def checked_import(ctx: Context, form: dict[str, str], filename: str,
                   upload: BinaryIO | None) -> ImportRun:
    """The import a request asks for, checked, its file stored (not yet queued)."""
    errors: list[dict[str, Any]] = []
    obj = _object_of(ctx, form.get("object"), errors)
    mode = (form.get("mode") or "insert").strip().lower()
    if mode not in MODES:
        errors.append(FieldError("mode", "import.bad_mode"))
    dry_run = _flag(form, "dry_run", errors)
    migration = _flag(form, "migration", errors)
    kind = (form.get("kind") or "records").strip().lower()[:40]
    allow_duplicates = _flag(form, "allow_duplicate", errors)
    template, problem = mapping.template_or_error(form.get("template"))
    if problem:
        errors.append(problem)
    columns = _mapping_of(form, errors)
    date_formats = _mapping_of(form, errors, "date_formats")
    system = form.get("system") or (template.system if template else None)
    saved = _saved_mapping(ctx, form.get("mapping_id"), errors)
    if saved is not None:
        columns = {**saved.mapping, **(columns or {})}
        # The date formats chosen when the mapping was saved come back with it.
        date_formats = {**(saved.date_formats or {}), **(date_formats or {})} or None
        system = system or saved.system
    if system and not SYSTEM_RE.match(system):
        errors.append(FieldError("system", "import.bad_system"))
    key = form.get("key") or (EXTERNAL_ID if template and mode == "upsert" else None)
    if key is not None and ("\x00" in key or len(key) > 64):  # no field is named so
        errors.append(FieldError("key", "import.bad_key", field=key.replace("\x00", "")[:64]))
    filename = filename.replace("\x00", "")
    if upload is None:
        errors.append(FieldError("file", "import.file_required"))
    if errors or obj is None or upload is None:
        raise validation_error(errors)
    if extras_for(obj.api_name).admin_only and not ctx.permissions.is_admin:
        raise ProblemError(403, "import.admins_only", object=obj.label(ctx.locale))
    ctx.permissions.require(obj, "create")
    if mode == "upsert":
        ctx.permissions.require(obj, "update")
        key = key or natural_key(obj.api_name)  # products: their code
    if migration or kind != "records":
        _check_migration(ctx, obj, kind)
    imp = ImportRun(created_by=ctx.user.id, object=obj.api_name, filename=filename[:255],
                    file_format="csv", mode=mode, key=key, dry_run=dry_run,
                    allow_duplicates=allow_duplicates, template=template.system if template
                    else None, system=system, status="queued", mapping={}, warnings=[])
    ctx.session.add(imp)
    ctx.session.flush()
    header = _store_and_read_header(ctx, imp, upload)
    if not system and not columns and not template:
        # A file exported here carries its records' ids in the system they came from.
        found = mapping.source_system(header.cells)
        system = imp.system = found if found and SYSTEM_RE.match(found) else None
    has_service = behaviour_for(obj).create is not None
    history_file = adapters.history_file(obj.api_name, kind)
    if history_file is not None:
        plan, problems = mapping.history_file_plan(history_file.targets, history_file.required,
                                                   header.cells, columns)
    else:
        plan, problems = mapping.resolve(
            obj, ctx.permissions, ctx.locale, header.cells, columns,
            template.system if template else None, mode, key,
            check_required=adapter_for(obj.api_name, has_service) is not None,
            date_formats=date_formats, history=migration)
    if problems:
        raise validation_error(list(problems))
    imp.mapping = {"columns": columns or {}, "plan": plan.to_json(), "locale": ctx.locale,
                   "migration": migration or history_file is not None, "kind": kind}
    imp.warnings = [{"row": header.line, "field": column, "code": "import.column_ignored",
                     "params": {"column": column}} for column in plan.ignored]
    return imp


def _check_migration(ctx: Context, obj: ObjectDef, kind: str) -> None:
    """A migration writes history as given (dates, stage entries): administrators
    only, and only objects whose service keeps history (or the kinds of history
    files an object registered, ``kind``)."""
    if not ctx.permissions.is_admin:
        raise ProblemError(403, "import.migration_admin_only",
                           errors=[FieldError("migration", "import.migration_admin_only")])
    if kind != "records" and adapters.history_file(obj.api_name, kind) is None:
        raise validation_error([FieldError("kind", "import.unknown_kind", choices=", ".join(
            ["records", *adapters.history_kinds(obj.api_name)]))])
    if kind == "records" and not adapters.keeps_history(obj.api_name):
        raise validation_error([FieldError("migration", "import.migration_unsupported",
                                           objects=", ".join(adapters.history_objects()))])


def _store_and_read_header(ctx: Context, imp: ImportRun, upload: BinaryIO) -> files.Row:
    try:
        size, head = files.store(ctx.session, ctx.tenant_id, imp.id, upload)
    except files.FileTooLarge as exc:
        raise ProblemError(413, "import.file_too_large",
                           errors=[FieldError("file", "import.file_too_large",
                                              max_mb=files.MAX_FILE_BYTES // 2**20)],
                           max_mb=files.MAX_FILE_BYTES // 2**20) from exc
    if size == 0:
        raise validation_error([FieldError("file", "import.file_empty")])
    imp.size_bytes = size
    imp.file_format = files.file_format(imp.filename, head)
    try:
        if imp.file_format == "csv":
            imp.encoding = files.detect_encoding(head)
            header = files.first_row(files.CsvRows(io.BytesIO(head), imp.encoding, len(head)))
        else:
            upload.seek(0)
            header = _spreadsheet_header(upload)
    except files.SpreadsheetTooLarge as exc:
        raise ProblemError(413, "import.too_large", errors=[
            FieldError("file", exc.key, **exc.params)], **exc.params) from exc
    except files.UnreadableFile as exc:
        raise validation_error([FieldError("file", exc.key, **exc.params)]) from exc
    if header is None:
        raise validation_error([FieldError("file", "import.no_header")])
    return header


def _spreadsheet_header(upload: BinaryIO) -> files.Row | None:
    """An XLSX is looked at without being unpacked (sizes, a streamed header row, a
    cell count); other spreadsheets (XLS, ODS) are read by the memory-limited child."""
    if xlsx.is_xlsx(upload):
        return xlsx.inspect(upload, xlsx.Limits.from_settings())
    return files.first_row(files.SheetRows(upload, header_only=True))


def _saved_mapping(ctx: Context, mapping_id: str | None,
                   errors: list[dict[str, Any]]) -> ImportMapping | None:
    if not mapping_id:
        return None
    found = ctx.session.scalar(select(ImportMapping).where(ImportMapping.id == mapping_id[:64]))
    if found is None:
        errors.append(FieldError("mapping_id", "import.unknown_mapping"))
    return found


# --- reading the report ----------------------------------------------------------
def _visible_import(ctx: Context, import_id: str) -> ImportRun:
    """The uploader and administrators see an import; others get 404."""
    imp = ctx.session.scalar(select(ImportRun).where(ImportRun.id == import_id[:64]))
    if imp is None or (imp.created_by != ctx.user.id and not ctx.permissions.is_admin):
        raise not_found()
    return imp


def render(code: str, params: dict[str, Any] | None, locale: str) -> str:
    """An error in the reader's language (records-layer messages keep the uploader's)."""
    params = params or {}
    if params.get("_message"):
        return str(params["_message"])
    values = {k: (v.get(locale) or v.get("en")) if isinstance(v, dict) else v
              for k, v in params.items()}
    return t(code, locale=locale, **values)


def _columns_by_field(imp: ImportRun) -> dict[str, str]:
    plan = Plan.from_json((imp.mapping or {}).get("plan") or {})
    return {target: plan.headers[cols[0]] for target, cols in plan.targets.items()
            if cols and cols[0] < len(plan.headers)}


def _error_page(ctx: Context, imp: ImportRun, offset: int, limit: int
                ) -> list[dict[str, Any]]:
    columns = _columns_by_field(imp)
    rows = ctx.session.execute(
        select(ImportRowError.row, ImportRowError.field, ImportRowError.code,
               ImportRowError.params).where(ImportRowError.import_id == imp.id)
        .order_by(ImportRowError.row, ImportRowError.id).offset(offset).limit(limit)).all()
    return [{"row": r.row, "field": r.field, "column": columns.get(r.field),
             "message": render(r.code, r.params, ctx.locale), "code": r.code} for r in rows]


def _errors_total(ctx: Context, imp: ImportRun) -> int:
    return ctx.session.scalar(select(func.count()).select_from(ImportRowError)
                              .where(ImportRowError.import_id == imp.id)) or 0


def import_errors(ctx: Context, import_id: str, params: dict[str, str]) -> dict[str, Any]:
    """Every row error, a page at a time (``offset``, ``limit`` up to 1000)."""
    imp = _visible_import(ctx, import_id)
    limit = page_limit(params, default=ERRORS_SHOWN, maximum=ERRORS_SHOWN)
    try:
        offset = int(params.get("offset", "0"))
        if not 0 <= offset < 2**31:  # a database's OFFSET is a (big) integer
            raise ValueError
    except ValueError as exc:
        raise validation_error([FieldError("offset", "import.bad_offset")]) from exc
    items = _error_page(ctx, imp, offset, limit)
    total = _errors_total(ctx, imp)
    return {"items": items, "total": total,
            "next_offset": offset + len(items) if offset + len(items) < total else None}


def import_status(ctx: Context, import_id: str) -> dict[str, Any]:
    imp = _visible_import(ctx, import_id)
    errors = _error_page(ctx, imp, 0, ERRORS_SHOWN)
    errors_total = len(errors) if len(errors) < ERRORS_SHOWN else _errors_total(ctx, imp)
    return {
        "id": imp.id, "object": imp.object, "status": imp.status, "filename": imp.filename,
        "mode": imp.mode, "key": imp.key, "dry_run": imp.dry_run, "template": imp.template,
        "system": imp.system, "total": imp.total, "created": imp.created,
        "updated": imp.updated, "unchanged": imp.unchanged, "failed": imp.failed,
        "first_passwords": imp.first_passwords is not None,
        "progress": round(imp.bytes_read / imp.size_bytes, 4) if imp.size_bytes else 0.0,
        "errors": errors, "errors_total": errors_total,
        "warnings": [{"row": w["row"], "field": w["field"],
                      "message": render(w["code"], w.get("params"), ctx.locale)}
                     for w in imp.warnings or []],
        "failure": render(imp.failure["code"], imp.failure.get("params"), ctx.locale)
        if imp.failure else None,
        "created_at": imp.created_at.isoformat(),
        "started_at": imp.started_at.isoformat() if imp.started_at else None,
        "finished_at": imp.finished_at.isoformat() if imp.finished_at else None,
    }


def list_imports(ctx: Context) -> dict[str, Any]:
    stmt = select(ImportRun).order_by(ImportRun.created_at.desc()).limit(50)
    if not ctx.permissions.is_admin:
        stmt = stmt.where(ImportRun.created_by == ctx.user.id)
    return {"items": [{"id": i.id, "object": i.object, "filename": i.filename,
                       "status": i.status, "total": i.total, "created": i.created,
                       "updated": i.updated, "unchanged": i.unchanged, "failed": i.failed, "dry_run": i.dry_run,
                       "created_at": i.created_at.isoformat()}
                      for i in ctx.session.scalars(stmt)]}


def error_report_headers(ctx: Context, import_id: str) -> tuple[str, list[str]]:
    """Checks visibility; returns the import id and the report's header row."""
    imp = _visible_import(ctx, import_id)
    plan = Plan.from_json((imp.mapping or {}).get("plan") or {})
    head = [t("import.csv_row"), t("import.csv_field"), t("import.csv_message")]
    return imp.id, [neutralize(h) for h in head + plan.headers]


def stream_error_report(factory: sessionmaker[Session], tenant_id: str, import_id: str,
                        header: list[str], locale: str) -> Iterator[bytes]:
    """errors.csv: row, field, message, then the row as it was in the file, so the
    user can fix the rows and import this file again."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    buffer.write("\ufeff")
    writer.writerow(header)
    with factory() as session:
        session.info["tenant_id"] = tenant_id
        result = session.execute(
            select(ImportRowError.row, ImportRowError.field, ImportRowError.code,
                   ImportRowError.params, ImportRowError.cells)
            .where(ImportRowError.import_id == import_id)
            .order_by(ImportRowError.row, ImportRowError.id).execution_options(yield_per=500))
        for n, r in enumerate(result, start=1):
            cells = [neutralize(str(c)) for c in (r.cells or [])]
            writer.writerow([r.row, r.field, neutralize(render(r.code, r.params, locale)),
                             *cells])
            if n % 500 == 0:
                yield buffer.getvalue().encode("utf-8")
                buffer.seek(0)
                buffer.truncate()
    yield buffer.getvalue().encode("utf-8")


def take_first_passwords(ctx: Context, import_id: str) -> tuple[str, str]:
    """The generated first passwords of the users an import created, as CSV, for the
    uploader only and only once: they are erased as they are handed over."""
    imp = _visible_import(ctx, import_id)
    if imp.created_by != ctx.user.id:
        raise not_found()
    if imp.first_passwords is None:
        raise ProblemError(410, "import.passwords_gone")
    buffer = io.StringIO()
    buffer.write("\ufeff")
    writer = csv.writer(buffer)
    writer.writerow([t("import.csv_row"), t("import.csv_name"), t("import.csv_email"),
                     t("import.csv_password")])
    for item in imp.first_passwords:
        writer.writerow([item.get("row"), neutralize(str(item.get("name") or "")),
                         neutralize(str(item.get("email") or "")), item.get("password")])
    imp.first_passwords = None
    return imp.id, buffer.getvalue()


# --- saved mappings ----------------------------------------------------------------
def _mapping_view(m: ImportMapping) -> dict[str, Any]:
    return {"id": m.id, "name": m.name, "object": m.object, "mapping": m.mapping,
            "date_formats": m.date_formats or {}, "system": m.system,
            "created_by": m.created_by,
            "created_at": m.created_at.isoformat()}


def list_mappings(ctx: Context, object_name: str | None) -> dict[str, Any]:
    stmt = select(ImportMapping).order_by(ImportMapping.object, ImportMapping.name)
    if object_name:
        stmt = stmt.where(ImportMapping.object == object_name[:64])
    return {"items": [_mapping_view(m) for m in ctx.session.scalars(stmt)]}


def save_mapping(ctx: Context, body: Any) -> dict[str, Any]:
    if not isinstance(body, dict):
        raise ProblemError(422, "error.body_not_object",
                           errors=[FieldError("body", "error.body_not_object")])
    errors: list[dict[str, Any]] = []
    name: Any = body.get("name")
    if not isinstance(name, str) or not name.strip() or len(name) > 100:
        errors.append(FieldError("name", "import.mapping_name_required"))
    obj = _object_of(ctx, body.get("object") if isinstance(body.get("object"), str) else None,
                     errors)
    columns: Any = body.get("mapping")
    if not isinstance(columns, dict) or not columns or not all(
            isinstance(k, str) and isinstance(v, str) for k, v in columns.items()):
        errors.append(FieldError("mapping", "import.bad_mapping"))
    system = body.get("system")
    if system is not None and (not isinstance(system, str) or not SYSTEM_RE.match(system)):
        errors.append(FieldError("system", "import.bad_system"))
    formats: Any = body.get("date_formats") or {}
    if not isinstance(formats, dict) or not all(
            isinstance(k, str) and isinstance(v, str) for k, v in formats.items()):
        errors.append(FieldError("date_formats", "import.bad_date_formats"))
        formats = {}
    if errors or obj is None or not isinstance(columns, dict) or not isinstance(name, str):
        raise validation_error(errors)
    errors.extend(_saved_formats(obj, columns, formats))
    if errors:
        raise validation_error(errors)
    ctx.permissions.require(obj, "create")
    targets = mapping.special_targets(obj)
    bad = [v for v in columns.values() if v not in targets and (
        v not in obj.fields or (obj.fields[v].readonly and v != "id"))]
    if bad:
        raise validation_error([FieldError("mapping", "import.unknown_target", column="",
                                           field=bad[0][:64])])
    exists = ctx.session.scalar(select(ImportMapping.id).where(
        ImportMapping.object == obj.api_name, ImportMapping.name == name.strip()))
    if exists:
        raise ProblemError(409, "import.mapping_exists",
                           errors=[FieldError("name", "import.mapping_exists")])
    saved = ImportMapping(name=name.strip(), object=obj.api_name, mapping=columns,
                          date_formats={c: f for c, f in formats.items() if f != AUTO} or None,
                          system=system, created_by=ctx.user.id)
    ctx.session.add(saved)
    ctx.session.flush()
    return _mapping_view(saved)


def _saved_formats(obj: ObjectDef, columns: dict[str, str], formats: dict[str, str]
                   ) -> list[dict[str, Any]]:
    """A saved date format names a known format and a column the mapping sends to a
    date or date-time field (the same refusals as an import's ``date_formats``)."""
    found = (mapping.date_format_error(column, fmt, obj.fields.get(columns.get(column, "")))
             for column, fmt in formats.items())
    return [error for error in found if error is not None]


def delete_mapping(ctx: Context, mapping_id: str) -> None:
    found = ctx.session.scalar(select(ImportMapping).where(ImportMapping.id == mapping_id[:64]))
    if found is None:
        raise not_found()
    if found.created_by != ctx.user.id and not ctx.permissions.is_admin:
        raise ProblemError(403, "error.forbidden_action", action="delete",
                           object=found.name)
    ctx.session.delete(found)
