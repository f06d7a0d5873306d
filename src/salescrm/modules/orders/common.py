"""Small helpers the contract, order, invoice and payment services share."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from sqlalchemy import func, select

from salescrm.platform.errors import FieldError, ProblemError, not_found
from salescrm.platform.i18n import t
from salescrm.platform.metadata import ObjectDef
from salescrm.platform.records import service as records
from salescrm.platform.tenancy import Context

ZERO = Decimal("0.00")


def body_object(data: Any) -> dict[str, Any]:
    if not isinstance(data, dict):
        raise ProblemError(422, "error.body_not_object",
                           errors=[FieldError("body", "error.body_not_object")])
    return dict(data)


def collect(ctx: Context, obj: ObjectDef, data: dict[str, Any], creating: bool,
            errors: list[dict[str, Any]]) -> dict[str, Any]:
    """``records.validate``, but its field errors join ``errors`` so that one 422
    reports every problem of the request (fields and lines together)."""
    try:
        return records.validate(ctx, obj, data, creating=creating)
    except ProblemError as exc:
        if exc.status != 422:
            raise
        errors.extend(exc.errors)
        return {}


def lock(ctx: Context, model: Any, record_id: str | None) -> Any:
    """A live row of the tenant by id, locked for update on PostgreSQL, ignoring data
    scope: balances are the company's, whoever records the money. None if absent."""
    if record_id is None:
        return None
    stmt = select(model).where(model.id == record_id, model.deleted_at.is_(None))
    if ctx.session.get_bind().dialect.name == "postgresql":
        stmt = stmt.with_for_update()
    return ctx.session.scalars(stmt).first()


def load_visible(ctx: Context, obj: ObjectDef, record_id: str, action: str) -> Any:
    """The row for a write by the caller: 404 outside scope, 403 without the action.
    Deleting stays with the owner's side: a record team member gets 403."""
    ctx.permissions.require(obj, "read")
    row = records.load_for_write(ctx, obj, record_id,
                                 team=None if action == "delete" else "edit")
    ctx.permissions.require(obj, action)
    return row


def live_sum(ctx: Context, column: Any, *where: Any) -> Decimal:
    """SUM of a Money column over live rows (typed Money, so exact on SQLite too)."""
    model = column.class_
    total = ctx.session.scalar(select(func.sum(column)).where(model.deleted_at.is_(None),
                                                               *where))
    return total if total is not None else ZERO


def status_name(object_name: str, status: str) -> str:
    """A status as users read it in the current language (草稿, approved …)."""
    return t(f"{object_name}.status.{status}")


def money(value: Decimal) -> str:
    return f"{value:.2f}"


__all__ = ["ZERO", "body_object", "collect", "live_sum", "load_visible", "lock", "money",
           "not_found", "status_name"]
