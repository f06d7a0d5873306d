"""Writes of campaigns (dates in order, currency code) and the lead counts shown with
each campaign."""

from __future__ import annotations

import re
from typing import Any

from sqlalchemy import case, func, select

from salescrm.models import Campaign, Lead
from salescrm.platform.errors import FieldError, validation_error
from salescrm.platform.metadata import ObjectDef
from salescrm.platform.records import service as records
from salescrm.platform.tenancy import Context

CURRENCY = re.compile(r"^[A-Z]{3}$")


def _check(values: dict[str, Any], row: Campaign | None = None) -> None:
    start = values.get("start_date", row.start_date if row else None)
    end = values.get("end_date", row.end_date if row else None)
    errors: list[dict[str, Any]] = []
    if start and end and end < start:
        errors.append(FieldError("end_date", "marketing.end_before_start"))
    if "currency" in values:
        currency = values["currency"]
        if currency is None:
            values["currency"] = "CNY"
        elif not CURRENCY.match(currency.upper()):
            errors.append(FieldError("currency", "marketing.bad_currency"))
        else:
            values["currency"] = currency.upper()
    if errors:
        raise validation_error(errors)


def create_campaign(ctx: Context, obj: ObjectDef, body: Any, _params: Any = None) -> Any:
    ctx.permissions.require(obj, "create")
    values = records.validate(ctx, obj, body, creating=True)
    _check(values)
    if "owner_id" not in values:
        values["owner_id"] = ctx.user.id
    return records.insert_record(ctx, obj, values)


def update_campaign(ctx: Context, obj: ObjectDef, campaign_id: str, body: Any) -> Any:
    ctx.permissions.require(obj, "read")
    row = records.load_for_write(ctx, obj, campaign_id)
    ctx.permissions.require(obj, "update")
    if not isinstance(body, dict):
        records.validate(ctx, obj, body, creating=False)
    records.check_version(row, body)
    values = records.validate(ctx, obj, body, creating=False, current=row)
    _check(values, row)
    return records.save_changes(ctx, obj, row, values)


def read_campaign(ctx: Context, obj: ObjectDef, campaign_id: str) -> dict[str, Any]:
    """The campaign plus how many leads it brought and how many converted."""
    record = records.get_record(ctx, obj, campaign_id)
    total, converted = ctx.session.execute(
        select(func.count(Lead.id),
               func.coalesce(func.sum(case((Lead.status == "converted", 1), else_=0)), 0))
        .where(Lead.campaign_id == campaign_id, Lead.deleted_at.is_(None))).one()
    record["lead_count"] = int(total or 0)
    record["converted_lead_count"] = int(converted or 0)
    return record
