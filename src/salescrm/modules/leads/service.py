"""Writes of leads: duplicate check, assignment rules on create, and the status rules
(``converted`` is reached only by converting)."""

from __future__ import annotations

from typing import Any

from salescrm.modules.customers.service import create_checked, update_checked
from salescrm.modules.leads.assignment import assign_lead
from salescrm.platform.errors import FieldError, validation_error
from salescrm.platform.metadata import ObjectDef
from salescrm.platform.records import service as records
from salescrm.platform.tenancy import Context

__all__ = ["assign_lead", "create_lead", "update_lead"]


def _status_guard(values: dict[str, Any], current: str | None) -> None:
    status = values.get("status")
    if "status" not in values or status == current:
        return
    if status == "converted":
        raise validation_error([FieldError("status", "leads.convert_with_action")])
    if current == "converted":
        raise validation_error([FieldError("status", "leads.already_converted_status")])


def _assign_unless_owner_given(ctx: Context, _obj: ObjectDef, values: dict[str, Any],
                               body: Any) -> None:
    """Rules decide the owner unless the caller named one (or ``null`` for the pool)."""
    _status_guard(values, None)
    if "owner_id" not in body:
        assign_lead(ctx, values)


def create_lead(ctx: Context, obj: ObjectDef, body: Any, params: dict[str, str]) -> Any:
    return create_checked(ctx, obj, body, params, prepare=_assign_unless_owner_given)


def update_lead(ctx: Context, obj: ObjectDef, lead_id: str, body: Any) -> Any:
    if isinstance(body, dict) and "status" in body:
        row = records.load_for_write(ctx, obj, lead_id)
        _status_guard({"status": body["status"]}, row.status)
    return update_checked(ctx, obj, lead_id, body)
