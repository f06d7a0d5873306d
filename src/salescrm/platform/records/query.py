"""List parameters → SQL: filters (``field__op=value``), sort, keyset cursor, search.

Keyset pagination is sargable: for a NOT NULL sort column we compare the row value
``(col, id)`` with the cursor and add the redundant bound ``col <= :c`` so the
database seeks the index instead of filtering (see bench-reference lessons).
"""

from __future__ import annotations

import base64
import typing
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import Any

import orjson
from sqlalchemy import Boolean, ColumnElement, Numeric, and_, cast, false, or_, tuple_
from sqlalchemy.sql.elements import KeyedColumnElement

from salescrm.platform.errors import FieldError, ProblemError, validation_error
from salescrm.platform.metadata import FieldDef, ObjectDef
from salescrm.platform.permissions import Permissions
from salescrm.platform.permissions.field_levels import readable_in_full
from salescrm.platform.records.values import (
    ValueInvalid,
    coerce,
    parse_date,
    parse_datetime,
    to_custom_storage,
)
from salescrm.platform.search.index import searched_fields
from salescrm.platform.search.match import record_ids
from salescrm.platform.search.terms import query_text

MAX_LIMIT = 500
DEFAULT_LIMIT = 50
RESERVED_PARAMS = {"limit", "cursor", "sort", "q", "count", "deleted", "format", "fields",
                   "allow_duplicate"}
OPERATORS = ("eq", "ne", "in", "gte", "lte", "gt", "lt", "contains", "isnull")
ORDERED_TYPES = {"number", "integer", "money", "date", "datetime", "text", "email", "phone",
                 "url", "picklist", "lookup", "textarea"}
TEXT_TYPES = {"text", "textarea", "email", "phone", "url", "picklist", "lookup"}


@dataclass
class ListParams:
    limit: int
    cursor: tuple[Any, str] | None
    sort_field: FieldDef
    descending: bool
    q: str | None
    count: bool
    deleted: bool
    filters: list[ColumnElement[bool]]


def column(obj: ObjectDef, f: FieldDef) -> Any:
    """The SQL expression for a field: a column, or a path into the ``custom`` JSON."""
    if not f.custom:
        return getattr(obj.model, f.api_name)
    element = obj.model.custom[f.api_name]
    if f.type in ("number", "money"):
        return cast(element.as_string(), Numeric(24, 6))
    if f.type == "integer":
        return element.as_integer()
    if f.type == "boolean":
        return cast(element.as_boolean(), Boolean)
    return element.as_string()


def _filter_value(f: FieldDef, raw: str) -> Any:
    if f.type in ("date", "datetime"):
        value = parse_date(raw) if f.type == "date" else parse_datetime(raw)
        # A custom date is ISO text in the JSON: compared as text, as it sorts.
        return to_custom_storage(f, value) if f.custom else value
    if f.type in ("multi_picklist",):
        return raw
    probe = FieldDef(f.api_name, f.type, "", "", max_length=max(f.limit() or 0, 2000))
    value = coerce(probe, raw)
    if value is None:
        raise ValueInvalid("query.bad_value", value=raw[:50])
    return value


def _clause(obj: ObjectDef, f: FieldDef, op: str, raw: str) -> ColumnElement[bool]:
    col = column(obj, f)
    if op == "isnull":
        if raw.lower() not in ("true", "false"):
            raise ValueInvalid("query.bad_value", value=raw[:50])
        return typing.cast("ColumnElement[bool]", col.is_(None) if raw.lower() == "true" else col.is_not(None))
    if op == "contains":
        if f.type not in TEXT_TYPES and f.type != "multi_picklist":
            raise ValueInvalid("query.bad_operator", op=op)
        if "\x00" in raw:  # no stored text has a NUL (and PostgreSQL cannot compare one)
            return false()
        return typing.cast("ColumnElement[bool]", col.icontains(raw[:200], autoescape=True))
    if op == "in":
        parts = [p for p in raw.split(",") if p != ""][:500]
        if not parts:
            raise ValueInvalid("query.bad_value", value=raw[:50])
        return typing.cast("ColumnElement[bool]", col.in_([_filter_value(f, p) for p in parts]))
    if f.type in ("boolean", "multi_picklist") and op not in ("eq", "ne"):
        raise ValueInvalid("query.bad_operator", op=op)
    value = _filter_value(f, raw)
    if isinstance(value, Decimal) and not f.custom and f.type == "integer":
        value = int(value)
    if op == "eq":
        return typing.cast("ColumnElement[bool]", col == value)
    if op == "ne":
        return or_(col != value, col.is_(None))
    if f.type not in ORDERED_TYPES:
        raise ValueInvalid("query.bad_operator", op=op)
    return typing.cast("ColumnElement[bool]", {"gte": col >= value, "lte": col <= value, "gt": col > value, "lt": col < value}[op])


def encode_cursor(value: Any, record_id: str) -> str:
    if isinstance(value, (datetime, date)):
        value = value.isoformat()
    elif isinstance(value, Decimal):
        value = str(value)
    raw = orjson.dumps([value, record_id])
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def decode_plain_cursor(token: str) -> tuple[datetime, str]:
    """A cursor over a (timestamp, id) ordering, for logs outside the records layer."""
    value, record_id = _decode_cursor(token, FieldDef("at", "datetime", "", ""))
    if value is None:
        raise ProblemError(400, "query.bad_cursor",
                           errors=[FieldError("cursor", "query.bad_cursor")])
    return value, record_id


def _decode_cursor(token: str, f: FieldDef) -> tuple[Any, str]:
    try:
        raw = base64.urlsafe_b64decode(token + "=" * (-len(token) % 4))
        value, record_id = orjson.loads(raw)
        if not isinstance(record_id, str) or len(record_id) > 64:
            raise ValueError
        if value is None and not f.nullable and not f.custom:
            raise ValueError  # a NOT NULL column never gave a null cursor
        if isinstance(value, bool) and f.type != "boolean":
            raise ValueError
        if value is not None:
            if f.type == "datetime":
                value = parse_datetime(value) if not f.custom else str(value)
            elif f.type == "date":
                value = parse_date(value) if not f.custom else str(value)
            elif f.type in ("money", "number"):
                value = Decimal(str(value))
                if not value.is_finite():
                    raise ValueError
            elif f.type == "integer":
                value = int(value)
            elif f.type == "boolean":
                value = bool(value)
            elif not isinstance(value, str):
                raise ValueError
        return value, record_id
    except (ValueError, TypeError, ValueInvalid, ArithmeticError) as exc:
        raise ProblemError(400, "query.bad_cursor",
                           errors=[FieldError("cursor", "query.bad_cursor")]) from exc


def page_limit(params: dict[str, str], default: int = DEFAULT_LIMIT,
               maximum: int = MAX_LIMIT) -> int:
    """The ``limit`` query parameter of a page of anything (1…maximum), or 422."""
    try:
        limit = int(params.get("limit", default))
        if not 1 <= limit <= maximum:
            raise ValueError
    except ValueError as exc:
        raise validation_error([FieldError("limit", "query.bad_limit", max=maximum)]) from exc
    return limit


def parse_list_params(obj: ObjectDef, params: dict[str, str], perms: Permissions) -> ListParams:
    """Validate the query string of a list call; every problem is reported at once."""
    errors: list[dict[str, Any]] = []
    limit = DEFAULT_LIMIT
    if "limit" in params:
        try:
            limit = int(params["limit"])
            if not 1 <= limit <= MAX_LIMIT:
                raise ValueError
        except ValueError:
            errors.append(FieldError("limit", "query.bad_limit", max=MAX_LIMIT))

    def visible(name: str) -> FieldDef | None:
        f = obj.fields.get(name)
        if f is None or perms.field_level(obj.api_name, name) == "hidden":
            return None
        return f

    # Exactly a field's name, or "-" and the name (the published enum): "" is no field.
    sort = params.get("sort", "-created_at")
    descending = sort.startswith("-")
    sort_field = visible(sort[1:] if descending else sort)
    if sort_field is None or sort_field.type == "multi_picklist":
        errors.append(FieldError("sort", "query.bad_sort", field=sort[:64]))
        sort_field = obj.fields["created_at"]
    if perms.field_level(obj.api_name, sort_field.api_name) == "masked":
        errors.append(FieldError("sort", "query.bad_sort", field=sort[:64]))

    filters: list[ColumnElement[bool]] = []
    for key, raw in params.items():
        if key in RESERVED_PARAMS:
            continue
        name, _, op = key.partition("__")
        op = op or "eq"
        f = visible(name)
        if f is None or op not in OPERATORS:
            errors.append(FieldError(key[:64], "query.bad_filter", param=key[:64]))
            continue
        if perms.field_level(obj.api_name, name) == "masked" and op != "isnull":
            errors.append(FieldError(key[:64], "query.bad_filter", param=key[:64]))
            continue
        try:
            filters.append(_clause(obj, f, op, raw))
        except ValueInvalid as exc:
            errors.append(exc.field_error(key[:64]))
    flags = {}
    for flag in ("count", "deleted"):
        value = params.get(flag, "false").lower()
        if value not in ("true", "false", "1", "0"):
            errors.append(FieldError(flag, "field.type_boolean"))
        flags[flag] = value in ("true", "1")
    if errors:
        raise validation_error(errors)
    cursor = _decode_cursor(params["cursor"], sort_field) if params.get("cursor") else None
    q = (params.get("q") or "").strip()[:200] or None
    return ListParams(limit, cursor, sort_field, descending, q, flags["count"],
                      flags["deleted"], filters)


def order_and_seek(
    obj: ObjectDef, p: ListParams
) -> tuple[list[Any], ColumnElement[bool] | None]:
    """ORDER BY and the keyset predicate for the page after ``p.cursor``."""
    col = column(obj, p.sort_field)
    id_col: KeyedColumnElement[Any] = obj.model.id
    # NULLS LAST only where NULLs can occur: on a NOT NULL column it would stop
    # PostgreSQL from reading the (tenant_id, col, id) index backwards (a full sort
    # of the tenant's rows instead of a 51-row index scan).
    plain = not p.sort_field.nullable and not p.sort_field.custom
    if p.descending:
        order = [col.desc() if plain else col.desc().nulls_last(), id_col.desc()]
    else:
        order = [col.asc() if plain else col.asc().nulls_last(), id_col.asc()]
    if p.cursor is None:
        return order, None
    value, last_id = p.cursor
    if not p.sort_field.nullable and not p.sort_field.custom:
        if p.descending:
            return order, and_(col <= value, tuple_(col, id_col) < tuple_(value, last_id))
        return order, and_(col >= value, tuple_(col, id_col) > tuple_(value, last_id))
    # Nullable columns: NULLs sort last in both directions.
    if value is None:
        after_id = id_col < last_id if p.descending else id_col > last_id
        return order, and_(col.is_(None), after_id)
    beyond = col < value if p.descending else col > value
    tie = and_(col == value, id_col < last_id if p.descending else id_col > last_id)
    return order, or_(beyond, tie, col.is_(None))


def search_clause(obj: ObjectDef, q: str, perms: Permissions) -> ColumnElement[bool]:
    """``q``: a case-insensitive substring of any searchable field the user may read in
    full, found through the search index (``platform/search``). A hidden or masked
    field is never searched: matching on it would tell its value digit by digit
    (``?q=1391`` … ``?q=13912``)."""
    text = query_text(q)
    fields = [f.api_name for f in searched_fields(obj)
              if readable_in_full(perms, obj.api_name, f.api_name)]
    if text is None or not fields:
        return false()
    return typing.cast("ColumnElement[bool]", obj.model.id.in_(
        record_ids(obj.api_name, fields, text)))
