"""A preview of an import before it runs: how the first rows read, column by column
(a date column in the format chosen for it, a picklist value as the option it
names), so the user picks each date column's format seeing the dates it gives.

The request is checked exactly as ``POST /imports`` checks it (inside a savepoint
that is rolled back: nothing is stored, nothing queued); then the first rows of the
upload are read and parsed as the job would parse them. Lookups are not resolved
here (the dry run does that, with everything else).
"""

from __future__ import annotations

import io
from typing import Any, BinaryIO

from salescrm.platform.imports import files
from salescrm.platform.imports.dates import AUTO, guess_format
from salescrm.platform.imports.mapping import Plan
from salescrm.platform.imports.rows import parse_row
from salescrm.platform.imports.service import checked_import, render
from salescrm.platform.imports.templates import BY_NAME
from salescrm.platform.tenancy import Context

PREVIEW_ROWS = 20


def preview_import(ctx: Context, form: dict[str, str], filename: str,
                   upload: BinaryIO | None) -> dict[str, Any]:
    savepoint = ctx.session.begin_nested()
    try:
        imp = checked_import(ctx, form, filename, upload)
        settings = dict(imp.mapping)
        fmt, encoding, system = imp.file_format, imp.encoding, imp.system
        template = BY_NAME.get(imp.template or "")
        obj = ctx.object(imp.object)
    finally:
        savepoint.rollback()
    assert upload is not None
    plan = Plan.from_json(settings["plan"])
    rows = _first_rows(upload, fmt, encoding)
    parsed = [parse_row(obj, plan, template, system, r.line, r.cells) for r in rows]
    columns = []
    for target, cols in plan.targets.items():
        f = obj.fields.get(target)
        samples: list[dict[str, Any]] = []
        for row, raw in zip(parsed, rows, strict=True):
            cell = next((raw.cells[i].strip() for i in cols
                         if i < len(raw.cells) and raw.cells[i].strip()), "")
            error = next((e for e in row.errors if e.field == target), None)
            samples.append({"row": row.line, "raw": cell,
                            "value": None if error else row.body.get(target),
                            "error": render(error.code, error.params, ctx.locale)
                            if error else None})
        column: dict[str, Any] = {"column": plan.headers[cols[0]], "field": target,
                                  "type": f.type if f else None, "samples": samples}
        if f is not None and f.type in ("date", "datetime"):
            chosen = plan.formats.get(target, AUTO)
            column["date_format"] = chosen
            unread = [s["raw"] for s in samples if s["error"]]
            guess = guess_format([s["raw"] for s in samples if s["raw"]]) if unread else None
            # Suggest another format only: the chosen one may leave wrong cells unread.
            column["suggested_format"] = guess if guess != chosen else None
        columns.append(column)
    return {"headers": plan.headers, "ignored": plan.ignored, "columns": columns,
            "rows": len(rows)}


def _first_rows(upload: BinaryIO, fmt: str, encoding: str | None) -> list[files.Row]:
    upload.seek(0)
    if fmt == "csv":
        head = upload.read(files.SAMPLE_BYTES)
        cut = len(head) == files.SAMPLE_BYTES  # the last row may be cut short: left out
        reader: Any = files.CsvRows(io.BytesIO(head), encoding or "utf-8", len(head))
    else:
        cut = False
        reader = files.SheetRows(upload)
    out: list[files.Row] = []
    header_seen = False
    for row in reader:
        if files.is_blank(row.cells):
            continue
        if not header_seen:
            header_seen = True
            continue
        out.append(row)
        if len(out) > PREVIEW_ROWS:
            return out[:PREVIEW_ROWS]
    return out[:-1] if cut else out
