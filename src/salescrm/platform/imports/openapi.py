"""OpenAPI documentation of the import routes: what they accept and answer, built
when the document is (every object is registered by then)."""

from __future__ import annotations

from typing import Any

from salescrm.platform.imports.dates import DATE_FORMATS
from salescrm.platform.imports.mapping import EXTERNAL_ID, FIRST_NAME, LAST_NAME
from salescrm.platform.imports.templates import TEMPLATES
from salescrm.platform.metadata import ObjectDef, builtin_objects

PROBLEM = {"description": "Problem", "content": {"application/problem+json": {
    "schema": {"$ref": "#/components/schemas/Problem"}}}}
SYSTEM = {"type": "string", "pattern": r"^[A-Za-z0-9_\-]{1,40}$"}


def problems(*statuses: int) -> dict[int | str, dict[str, Any]]:
    return {status: PROBLEM for status in (401, *statuses)}


def _importable(obj: ObjectDef) -> list[str]:
    targets = [n for n, f in obj.fields.items() if not f.readonly or n == "id"]
    if EXTERNAL_ID not in obj.fields:
        targets.append(EXTERNAL_ID)
    if obj.name_field in obj.fields:
        targets += [FIRST_NAME, LAST_NAME]
    return sorted(targets)


def upload_docs() -> dict[str, Any]:
    names = sorted(builtin_objects())
    return {
        "requestBody": {"required": True, "content": {"multipart/form-data": {
            "schema": {"type": "object", "required": ["file", "object"], "properties": {
                "file": {"type": "string", "format": "binary", "description":
                         "CSV (UTF-8, UTF-8 with BOM, GBK/GB18030) or XLSX, header row first"},
                "object": {"type": "string", "enum": names,
                           "description": "api name (custom objects too)"},
                "mapping": {"type": "object", "minProperties": 1,
                            "additionalProperties": {"type": "string"},
                            "description": '{"file column": "field"}; special targets: '
                            '"external_id" (the source system\'s record id), "name.first", '
                            '"name.last". Without mapping, template or mapping_id, headers '
                            "that name a field (api name or label) map themselves."},
                "date_formats": {"type": "object", "minProperties": 1,
                                 "additionalProperties": {"type": "string",
                                                          "enum": list(DATE_FORMATS)},
                                 "description": '{"file column": "format"} for date and '
                                 'date-time columns; "auto" (the default) refuses what it '
                                 "could misread, such as 01/03/2017. POST /imports/preview "
                                 "shows how each column reads."},
                "mapping_id": {"type": "string", "maxLength": 64,
                               "description": "a saved mapping (GET /import_mappings)"},
                "template": {"type": "string", "enum": list(TEMPLATES),
                             "description": "the export of that system, as it comes"},
                "system": {**SYSTEM, "description": "the system the file's record ids "
                           "belong to (default: the template's)"},
                "mode": {"type": "string", "enum": ["insert", "upsert"], "default": "insert"},
                "key": {"type": "string", "maxLength": 64, "description":
                        "upsert: the field (or id, external_id) that finds the record"},
                "dry_run": {"type": "boolean", "default": False},
                "migration": {"type": "boolean", "default": False, "description":
                              "administrators only (else 403 import.migration_admin_only): "
                              "keep the history as given — for opportunities created_at, "
                              "closed_at and \"Entered <stage> on\" columns (target "
                              "\"stage_entered:<stage>\"); decision 0140"},
                "kind": {"type": "string", "default": "records", "enum": ["records",
                                                                          "stage_history"],
                         "description": "stage_history (object opportunities, "
                         "administrators only): one row per stage a deal entered — deal "
                         "(id, source id or name), stage, entered on"},
                "allow_duplicate": {"type": "boolean", "default": False,
                                    "description": "skip the duplicate check"},
            }},
            "encoding": {"mapping": {"contentType": "application/json"},
                         "date_formats": {"contentType": "application/json"}}}}},
        "responses": {"202": {"description": "Queued", "content": {"application/json": {
            "schema": {"type": "object", "required": ["id"],
                       "properties": {"id": {"type": "string"}}}}}}},
    }


PREVIEW = {"type": "object", "required": ["headers", "columns", "rows"], "properties": {
    "headers": {"type": "array", "items": {"type": "string"}},
    "ignored": {"type": "array", "items": {"type": "string"}},
    "rows": {"type": "integer"},
    "columns": {"type": "array", "items": {"type": "object", "required": [
        "column", "field", "samples"], "properties": {
        "column": {"type": "string"}, "field": {"type": "string"},
        "type": {"type": ["string", "null"]},
        "date_format": {"type": "string", "enum": list(DATE_FORMATS)},
        "suggested_format": {"type": ["string", "null"]},
        "samples": {"type": "array", "items": {"type": "object", "properties": {
            "row": {"type": "integer"}, "raw": {"type": "string"}, "value": {},
            "error": {"type": ["string", "null"]}}}}}}}}}


def preview_docs() -> dict[str, Any]:
    docs = upload_docs()
    return {**docs, **json_ok(PREVIEW)}


_ROW_ISSUE = {"type": "object", "required": ["row", "field", "message"], "properties": {
    "row": {"type": "integer", "description": "1-based line in the file"},
    "field": {"type": "string"}, "column": {"type": ["string", "null"]},
    "message": {"type": "string"}, "code": {"type": "string"}}}
STATUS = {"type": "object", "required": [
    "id", "status", "total", "created", "updated", "failed", "errors", "progress"],
    "properties": {
        "id": {"type": "string"}, "object": {"type": "string"},
        "status": {"type": "string", "enum": ["queued", "running", "done", "failed"]},
        "filename": {"type": "string"}, "mode": {"type": "string"},
        "key": {"type": ["string", "null"]}, "dry_run": {"type": "boolean"},
        "template": {"type": ["string", "null"]}, "system": {"type": ["string", "null"]},
        "total": {"type": "integer"}, "created": {"type": "integer"},
        "updated": {"type": "integer"}, "failed": {"type": "integer"},
        "unchanged": {"type": "integer", "description":
                      "upserted rows whose values the record already had"},
        "first_passwords": {"type": "boolean", "description":
                            "users were imported with generated first passwords, not yet "
                            "downloaded (GET /imports/{id}/passwords.csv, once)"},
        "progress": {"type": "number", "minimum": 0, "maximum": 1},
        "errors": {"type": "array", "items": _ROW_ISSUE},
        "errors_total": {"type": "integer"},
        "warnings": {"type": "array", "items": _ROW_ISSUE},
        "failure": {"type": ["string", "null"]},
        "created_at": {"type": "string"}, "started_at": {"type": ["string", "null"]},
        "finished_at": {"type": ["string", "null"]}}}
ERRORS_PAGE = {"type": "object", "required": ["items", "total", "next_offset"],
               "properties": {"items": {"type": "array", "items": _ROW_ISSUE},
                              "total": {"type": "integer"},
                              "next_offset": {"type": ["integer", "null"]}}}
PAGE_PARAMETERS = [
    {"name": "offset", "in": "query", "schema": {"type": "integer", "minimum": 0}},
    {"name": "limit", "in": "query", "schema": {"type": "integer", "minimum": 1,
                                                "maximum": 1000}}]
LIST = {"type": "object", "required": ["items"], "properties": {"items": {
    "type": "array", "items": {"type": "object", "required": ["id", "status"]}}}}
CSV = {"200": {"description": "CSV, UTF-8 with BOM", "content": {"text/csv": {
    "schema": {"type": "string"}}}}}


def json_ok(schema: dict[str, Any], code: str = "200") -> dict[str, Any]:
    return {"responses": {code: {"description": "OK", "content": {
        "application/json": {"schema": schema}}}}}


MAPPING = {"type": "object", "required": ["id", "name", "object", "mapping"], "properties": {
    "id": {"type": "string"}, "name": {"type": "string"}, "object": {"type": "string"},
    "mapping": {"type": "object", "additionalProperties": {"type": "string"}},
    "date_formats": {"type": "object", "additionalProperties": {
        "type": "string", "enum": list(DATE_FORMATS)}},
    "system": {"type": ["string", "null"]}, "created_by": {"type": ["string", "null"]},
    "created_at": {"type": "string"}}}


SAVED_FORMATS = {"type": "object", "additionalProperties": {"type": "string",
                                                          "enum": list(DATE_FORMATS)},
                 "description": '{"file column": "format"} for columns the mapping sends '
                 "to a date or date-time field; they come back with the mapping "
                 "(POST /imports and /imports/preview with mapping_id use them unless "
                 "date_formats names the column)."}


def mapping_docs() -> dict[str, Any]:
    """One body shape per object: the mapping's targets are that object's fields."""
    variants = [{"type": "object", "required": ["name", "object", "mapping"],
                 "additionalProperties": False, "properties": {
                     "name": {"type": "string", "minLength": 1, "maxLength": 100,
                              "pattern": r"\S"},
                     "object": {"type": "string", "enum": [obj.api_name]},
                     "mapping": {"type": "object", "minProperties": 1,
                                 "additionalProperties": {"type": "string",
                                                          "enum": _importable(obj)}},
                     "date_formats": SAVED_FORMATS,
                     "system": {"anyOf": [SYSTEM, {"type": "null"}]}}}
                for obj in sorted(builtin_objects().values(), key=lambda o: o.api_name)]
    return {"requestBody": {"required": True, "content": {"application/json": {
        "schema": {"oneOf": variants}}}}, **json_ok(MAPPING, "201")}
