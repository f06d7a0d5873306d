"""Lead conversion (线索转化): the lead becomes an account (or joins an existing one),
a contact, and optionally an opportunity — all in one unit of work, or nothing."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from salescrm.db.types import utcnow
from salescrm.platform.dedupe.service import allow_duplicate, ensure_no_duplicates
from salescrm.platform.errors import FieldError, ProblemError, validation_error
from salescrm.platform.jobs import emit_event
from salescrm.platform.metadata import ObjectDef
from salescrm.platform.records import service as records
from salescrm.platform.tenancy import Context

BODY_KEYS = ("account_id", "contact_id", "opportunity")


def _parse(body: Any) -> dict[str, Any]:
    if not isinstance(body, dict):
        raise ProblemError(422, "error.body_not_object",
                           errors=[FieldError("body", "error.body_not_object")])
    errors: list[dict[str, Any]] = [FieldError(str(k)[:64], "field.unknown")
                                    for k in body if k not in BODY_KEYS]
    for key in ("account_id", "contact_id"):
        value = body.get(key)
        if value is not None and (not isinstance(value, str) or not value or len(value) > 64):
            errors.append(FieldError(key, "field.type_text"))
    if body.get("opportunity") is not None and not isinstance(body["opportunity"], dict):
        errors.append(FieldError("opportunity", "error.body_not_object"))
    if errors:
        raise validation_error(errors)
    return body


def _visible(ctx: Context, obj: ObjectDef, record_id: str, field: str) -> Any:
    ctx.permissions.require(obj, "read")
    row = ctx.session.scalar(select(obj.model).where(obj.model.id == record_id,
                                                     *records.base_criteria(ctx, obj)))
    if row is None:
        raise validation_error([FieldError(field, "field.lookup", target=obj.label(ctx.locale))])
    return row


def _create(ctx: Context, obj: ObjectDef, data: dict[str, Any]) -> Any:
    """Create through the records layer, duplicate-checked like any other create."""
    ctx.permissions.require(obj, "create")
    values = records.validate(ctx, obj, {k: v for k, v in data.items() if v is not None},
                              creating=True)
    ensure_no_duplicates(ctx, obj, values, allow=allow_duplicate(ctx.query))
    return records.insert_record(ctx, obj, values)


def _opportunity(ctx: Context, lead: Any, account_id: str, contact_id: str, owner_id: str,
                 data: dict[str, Any]) -> Any:
    from salescrm.modules.sales.service import create_opportunity

    opportunities = ctx.object("opportunities")
    body = {"name": data.get("name") or lead.company or lead.name, **data,
            "account_id": account_id, "contact_id": contact_id, "owner_id": owner_id}
    if lead.campaign_id and "campaign_id" in opportunities.fields and "campaign_id" not in data:
        body["campaign_id"] = lead.campaign_id
    try:
        return create_opportunity(ctx, body)
    except ProblemError as exc:
        # Name the field as the caller sent it: opportunity.amount, not amount.
        for error in exc.errors:
            if error.get("field") and not str(error["field"]).startswith("opportunity."):
                error["field"] = f"opportunity.{error['field']}"
        raise


def convert_lead(ctx: Context, lead_id: str, body: Any) -> dict[str, Any]:
    """``POST /leads/{id}/convert``. 404 when the lead is not visible, 409 when it was
    converted already or the new account/contact duplicates one (answer with that
    ``account_id``/``contact_id``, or ``?allow_duplicate=true``)."""
    leads = ctx.object("leads")
    ctx.permissions.require(leads, "read")
    lead = records.load_for_write(ctx, leads, lead_id)
    ctx.permissions.require(leads, "update")
    if lead.status == "converted":
        raise ProblemError(409, "leads.already_converted",
                           extra={"account_id": lead.converted_account_id,
                                  "contact_id": lead.converted_contact_id,
                                  "opportunity_id": lead.converted_opportunity_id})
    body = _parse(body)
    owner_id = lead.owner_id or ctx.user.id
    accounts, contacts = ctx.object("accounts"), ctx.object("contacts")
    if body.get("account_id"):
        account = _visible(ctx, accounts, body["account_id"], "account_id")
    else:
        account = _create(ctx, accounts, {
            "name": lead.company or lead.name, "province": lead.province, "city": lead.city,
            "source": lead.source, "owner_id": owner_id})
    if body.get("contact_id"):
        contact = _visible(ctx, contacts, body["contact_id"], "contact_id")
        if contact.account_id not in (None, account.id):
            raise validation_error([FieldError("contact_id", "leads.contact_other_account")])
        if contact.account_id is None:
            records.save_changes(ctx, contacts, contact, {"account_id": account.id})
    else:
        contact = _create(ctx, contacts, {
            "name": lead.name, "account_id": account.id, "title": lead.title,
            "mobile": lead.mobile, "email": lead.email, "owner_id": owner_id})
    opportunity = None
    if body.get("opportunity") is not None:
        opportunity = _opportunity(ctx, lead, account.id, contact.id, owner_id,
                                   body["opportunity"])
    result = {"account_id": account.id, "contact_id": contact.id,
              "opportunity_id": opportunity.id if opportunity is not None else None}
    records.save_changes(ctx, leads, lead, {
        "status": "converted", "converted_account_id": account.id,
        "converted_contact_id": contact.id, "converted_opportunity_id": result["opportunity_id"],
        "converted_at": utcnow(), "owner_id": owner_id}, action="convert")
    emit_event(ctx.session, ctx.tenant_id, "leads.converted", {"id": lead.id, **result})
    return result
