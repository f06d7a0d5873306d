"""Pre-write check for custom fields marked unique (per tenant, among live records)."""

from __future__ import annotations

import hashlib
from decimal import Decimal
from typing import Any

from sqlalchemy import func, select

from salescrm.platform.errors import FieldError, ProblemError
from salescrm.platform.metadata import FieldDef, ObjectDef
from salescrm.platform.records.query import column
from salescrm.platform.tenancy import Context


def _comparable(f: FieldDef, stored: Any) -> Any:
    """The stored JSON value in the form ``records.query.column`` compares with."""
    if f.type in ("number", "money"):
        return Decimal(str(stored))
    if f.type == "integer":
        return int(stored)
    return str(stored)


def _lock_value(ctx: Context, obj: ObjectDef, f: FieldDef, value: Any) -> None:
    """On PostgreSQL, serialize writers of the same value until commit, so two
    concurrent writes cannot both pass the check."""
    if ctx.session.get_bind().dialect.name != "postgresql":
        return  # SQLite has one writer at a time
    key = f"{ctx.tenant_id}|{obj.api_name}|{f.api_name}|{value}"
    number = int.from_bytes(hashlib.sha1(key.encode()).digest()[:8], "big", signed=True)
    ctx.session.execute(select(func.pg_advisory_xact_lock(number)))


def check_unique(ctx: Context, obj: ObjectDef, row: Any, changes: dict[str, Any],
                 action: str) -> None:
    if action == "delete":
        return
    names = [f.api_name for f in obj.fields.values() if f.custom and f.unique]
    if action != "restore":
        names = [n for n in names if n in changes]
    errors: list[dict[str, Any]] = []
    for name in names:
        f = obj.fields[name]
        stored = (row.custom or {}).get(name)
        if stored is None:
            continue
        _lock_value(ctx, obj, f, stored)
        model = obj.model
        stmt = select(model.id).where(column(obj, f) == _comparable(f, stored),
                                      model.deleted_at.is_(None))
        if row.id is not None:
            stmt = stmt.where(model.id != row.id)
        if obj.record_filter:
            stmt = stmt.where(getattr(model, obj.record_filter[0]) == obj.record_filter[1])
        if ctx.session.scalar(stmt.limit(1)) is not None:
            errors.append(FieldError(name, "field.unique"))
    if errors:
        raise ProblemError(409, "error.duplicate", field=errors[0]["field"], errors=errors)
