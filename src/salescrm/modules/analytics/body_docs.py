"""JSON Schemas of the analytics request bodies, as the services check them
(``reports.parse_spec``, ``saved.save_report``, ``dashboards.save``, ``targets``).

Each schema states what the server accepts, no more and no less, so the published
contract can be fuzzed. What no schema can state is said in the descriptions: which
objects, fields and records exist (the tenant's data) and sharing with a department
(only for a caller who belongs to one).
"""

from __future__ import annotations

from typing import Any

from salescrm.modules.analytics import dashboards, reports, standard, targets
from salescrm.modules.analytics.sql import LIMITS, check_timezone

MALFORMED = {"description": "The body is not JSON", "content": {"application/problem+json": {
    "schema": {"$ref": "#/components/schemas/Problem"}}}}


def body(schema: dict[str, Any], responses: dict[str, Any] | None = None) -> dict[str, Any]:
    """``openapi_extra`` of a route whose JSON body is required (unreadable JSON: 400)."""
    return {"requestBody": {"required": True,
                            "content": {"application/json": {"schema": schema}}},
            "responses": {"400": MALFORMED, **(responses or {})}}


def _timezones() -> list[str]:
    from zoneinfo import available_timezones

    return sorted(n for n in available_timezones() if check_timezone(n) is not None)


TIMEZONES = _timezones()
_TEXT_OR_NUMBER = [{"type": "string"}, {"type": "number"}]


def spec_properties(max_rows: int) -> dict[str, Any]:
    return {
        "object": {"type": "string", "minLength": 1,
                   "description": "api name of any object the caller may read, incl. custom"},
        "group_by": {"anyOf": [
            {"type": "null"}, {"type": "string"},
            {"type": "array", "maxItems": reports.MAX_GROUP_BY, "items": {"type": "string"}}],
            "description": 'fields; dates bucketed as "created_at:month" '
                           "(day|week|month|quarter|year)"},
        "measures": {"anyOf": [{"type": "null"}, {
            "type": "array", "maxItems": reports.MAX_MEASURES, "items": {
                "type": "object", "properties": {
                    "field": {"type": ["string", "null"],
                              "description": "a field; empty or * with count"},
                    "agg": {"type": "string", "enum": list(reports.AGGS)}}}}]},
        "filters": {"type": ["object", "null"], "additionalProperties": {"anyOf": [
            *_TEXT_OR_NUMBER, {"type": "boolean"},
            {"type": "array", "items": {"anyOf": _TEXT_OR_NUMBER}}]},
            "description": 'list filter syntax: {"amount__gte": 1000, '
                           '"status__in": ["open","won"]}; "q" searches'},
        "sort": {"anyOf": [{"type": "null"}, {"type": "string"},
                           {"type": "array", "items": {"type": "string"}}],
                 "description": 'a group key or measure key, "-" for descending'},
        "limit": {"type": "integer", "minimum": 1, "maximum": max_rows},
        "timezone": {"anyOf": [{"type": "null"}, {"type": "string", "enum": TIMEZONES}],
                     "description": "IANA zone for date buckets (UTC)"},
    }


def spec(max_rows: int = LIMITS.max_rows) -> dict[str, Any]:
    return {"type": "object", "required": ["object"], "additionalProperties": False,
            "properties": spec_properties(max_rows)}


NAME = {"type": "string", "maxLength": 200, "pattern": r"\S", "description": "1–200 characters"}
DESCRIPTION = {"type": ["string", "null"], "maxLength": 2000}
SHARING = {"type": "string", "enum": ["private", "all"],
           "description": 'private (default) or all; "department" shares with the '
                          "caller's department and is refused to a caller without one"}
VERSION = {"type": "integer", "description": "the version read (optimistic locking)"}
# The server keeps a chart's settings up to 4000 characters: small flat settings.
CHART = {"anyOf": [{"type": "null"}, {
    "type": "object", "maxProperties": 6, "propertyNames": {"maxLength": 32},
    "additionalProperties": {"anyOf": [
        {"type": "string", "maxLength": 32}, {"type": ["boolean", "null"]},
        {"type": "number", "minimum": -1e15, "maximum": 1e15}]}}],
    "description": "display settings of the chart (type, axes…)"}
_META = {"name": NAME, "description": DESCRIPTION, "sharing": SHARING, "chart": CHART}

SAVED_REPORT_CREATE = {"type": "object", "required": ["object", "name"],
                       "additionalProperties": False,
                       "properties": {**spec_properties(LIMITS.max_rows), **_META}}
SAVED_REPORT_UPDATE = {"type": "object", "required": ["version"], "additionalProperties": False,
                       "properties": {**spec_properties(LIMITS.max_rows), **_META,
                                      "version": VERSION}}

_FIGURES = ["funnel", "forecast", "targets", "leaderboard", *standard.REPORTS]
_SPOT = {"type": ["integer", "null"], "minimum": 0, "maximum": 1000}
WIDGET = {
    "type": "object", "required": ["type"], "additionalProperties": False,
    "properties": {
        "id": {"description": "kept as text (64 characters); a new id when empty"},
        "title": {"description": "kept as text (200 characters)"},
        "type": {"type": "string", "enum": list(dashboards.WIDGET_TYPES)},
        "source": {"type": "string", "enum": ["report", *_FIGURES],
                   "description": "report (default) or one of the analytics figures"},
        "report_id": {"description": "with source report: a saved report the caller sees"},
        "report": {"description": "with source report: an inline report definition"},
        "params": {"type": ["object", "null"],
                   "additionalProperties": {"type": ["string", "integer"]},
                   "description": "the figure's query parameters"},
        "x": _SPOT, "y": _SPOT, "w": _SPOT, "h": _SPOT},
    # A report widget shows an inline report (a saved one by report_id also works, but
    # which saved reports exist is the tenant's data).
    "if": {"properties": {"source": {"const": "report"}}},
    "then": {"required": ["report"], "not": {"required": ["report_id"]},
             "properties": {"report": spec()}},
}
_BOARD = {"name": NAME, "description": DESCRIPTION, "sharing": SHARING,
          "widgets": {"type": ["array", "null"], "maxItems": dashboards.MAX_WIDGETS,
                      "items": WIDGET}}
DASHBOARD_CREATE = {"type": "object", "required": ["name"], "additionalProperties": False,
                    "properties": {**_BOARD, "version": {"description": "ignored"}}}
DASHBOARD_UPDATE = {"type": "object", "required": ["version"], "additionalProperties": False,
                    "properties": {**_BOARD, "version": VERSION}}

_YEAR = "(19[7-9][0-9]|2[01][0-9][0-9]|2200)"
AMOUNT = {"anyOf": [
    {"type": "string", "pattern": r"^[0-9]{1,16}(\.[0-9]{1,2})?$"},
    {"type": "integer", "minimum": 0, "maximum": 9_999_999_999_999_999}],
    "description": 'a decimal string like "12500.00" (0 … 9999999999999999.99)'}
TARGET_CREATE = {
    "type": "object", "required": ["subject_type", "subject_id", "period", "amount"],
    "additionalProperties": False,
    "properties": {
        "subject_type": {"type": "string", "enum": list(targets.SUBJECTS)},
        "subject_id": {"type": "string", "description": "the user's or department's id"},
        "metric": {"type": "string", "enum": list(targets.METRICS)},
        "period": {"type": "string", "pattern": f"^({_YEAR}-(0[1-9]|1[0-2])|{_YEAR}-[Qq][1-4])?$",
                   "description": "2026-11 (a month) or 2026-Q4; empty: the current month"},
        "amount": AMOUNT,
        "currency": {"type": "string", "minLength": 3, "maxLength": 3},
    }}
TARGET_UPDATE = {"type": "object", "required": ["version"], "additionalProperties": False,
                 "properties": {"amount": AMOUNT, "version": VERSION}}
