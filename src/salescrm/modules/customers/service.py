"""Writes of accounts and contacts (and, through ``create_checked``/``update_checked``,
of leads): the generic records service plus the duplicate check and pool bookkeeping.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from sqlalchemy import select

from salescrm.db.types import utcnow
from salescrm.models import Contact, User
from salescrm.platform.dedupe.keys import spec_for
from salescrm.platform.dedupe.service import allow_duplicate, ensure_no_duplicates
from salescrm.platform.errors import FieldError, ProblemError, not_found, validation_error
from salescrm.platform.metadata import ObjectDef
from salescrm.platform.records import service as records
from salescrm.platform.records.serialize import builtin_columns, readable_fields, row_to_record
from salescrm.platform.tenancy import Context

Prepare = Callable[[Context, ObjectDef, dict[str, Any], Any], None]
Reader = Callable[[Context, ObjectDef, str], dict[str, Any]]
# Ids written in this unit of work that went to another owner: the writer still gets
# the record back once (it sent the data), though afterwards it is out of their scope.
JUST_WRITTEN = "salescrm.customers.just_written"


def mark_written(ctx: Context, record_id: str) -> None:
    ctx.session.info.setdefault(JUST_WRITTEN, set()).add(record_id)


def reader_after_write(fallback: Reader) -> Reader:
    def read(ctx: Context, obj: ObjectDef, record_id: str) -> dict[str, Any]:
        if record_id not in ctx.session.info.get(JUST_WRITTEN, ()):
            return fallback(ctx, obj, record_id)
        fields = readable_fields(obj, ctx.permissions)
        row = ctx.session.execute(select(*builtin_columns(obj, fields)).where(
            obj.model.id == record_id, obj.model.deleted_at.is_(None))).first()
        if row is None:
            raise not_found()
        return row_to_record(obj, fields, row, ctx.permissions)

    return read


def create_checked(ctx: Context, obj: ObjectDef, body: Any, params: dict[str, str] | None,
                   prepare: Prepare | None = None) -> Any:
    """Create after the duplicate check; ``prepare`` may complete the values (assignment)."""
    ctx.permissions.require(obj, "create")
    values = records.validate(ctx, obj, body, creating=True)
    ensure_no_duplicates(ctx, obj, values, allow=allow_duplicate(params))
    if prepare:
        prepare(ctx, obj, values, body)
    row = records.insert_record(ctx, obj, values)
    if row.owner_id and hasattr(row, "assigned_at"):
        row.assigned_at = row.created_at
    if row.owner_id != ctx.user.id:
        mark_written(ctx, row.id)
    return row


def update_checked(ctx: Context, obj: ObjectDef, record_id: str, body: Any) -> Any:
    """Partial update with optimistic locking; changed name/mobile/email are checked for
    duplicates (``?allow_duplicate=true`` skips it); a new owner restarts the pool clock."""
    ctx.permissions.require(obj, "read")
    row = records.load_for_write(ctx, obj, record_id)
    ctx.permissions.require(obj, "update")
    if not isinstance(body, dict):
        records.validate(ctx, obj, body, creating=False)
    records.check_version(row, body)
    values = records.validate(ctx, obj, body, creating=False, current=row)
    ensure_no_duplicates(ctx, obj, changed_dedupe_values(obj, row, values), exclude_id=row.id,
                         allow=allow_duplicate(ctx.query))
    return save_with_owner_clock(ctx, obj, row, values)


def changed_dedupe_values(obj: ObjectDef, row: Any, values: dict[str, Any]) -> dict[str, Any]:
    """Only fields whose normalized key changes are checked again."""
    spec = spec_for(obj.api_name)
    if spec is None:
        return {}
    keys = spec.keys(values)
    return {f: values[f] for f, key in keys.items() if key != getattr(row, f"{f}_key")}


def save_with_owner_clock(ctx: Context, obj: ObjectDef, row: Any, values: dict[str, Any],
                          action: str = "update") -> Any:
    old_owner = row.owner_id
    row = records.save_changes(ctx, obj, row, values, action=action)
    if row.owner_id != old_owner:
        if hasattr(row, "assigned_at"):
            row.assigned_at = utcnow() if row.owner_id else None
        mark_written(ctx, row.id)
    return row


# --- ownership transfer --------------------------------------------------------
def active_user_or_422(ctx: Context, user_id: Any, field_name: str = "owner_id") -> str:
    found = None
    if isinstance(user_id, str) and len(user_id) <= 64:
        found = ctx.session.scalar(select(User.id).where(
            User.id == user_id, User.is_active.is_(True), User.deleted_at.is_(None)))
    if found is None:
        raise validation_error([FieldError(field_name, "field.lookup",
                                           target=ctx.object("users").label(ctx.locale))])
    return found


def transfer_account(ctx: Context, account_id: str, body: Any) -> Any:
    """Give an account (and, by default, its contacts held by the same owner) to another
    user; each record's audit says ``transfer`` with the owner before and after."""
    if not isinstance(body, dict):
        raise ProblemError(422, "error.body_not_object",
                           errors=[FieldError("body", "error.body_not_object")])
    include_contacts = body.get("include_contacts", True)
    if not isinstance(include_contacts, bool):
        raise validation_error([FieldError("include_contacts", "field.type_boolean")])
    obj = ctx.object("accounts")
    ctx.permissions.require(obj, "read")
    row = records.load_for_write(ctx, obj, account_id)
    ctx.permissions.require(obj, "update")
    new_owner = active_user_or_422(ctx, body.get("owner_id"))
    old_owner = row.owner_id
    if new_owner == old_owner:
        return row
    save_with_owner_clock(ctx, obj, row, {"owner_id": new_owner}, action="transfer")
    if include_contacts:
        contacts = ctx.object("contacts")
        same_owner = (Contact.owner_id == old_owner if old_owner
                      else Contact.owner_id.is_(None))
        for contact in ctx.session.scalars(select(Contact).where(
                Contact.account_id == row.id, same_owner, Contact.deleted_at.is_(None))):
            records.save_changes(ctx, contacts, contact, {"owner_id": new_owner},
                                 action="transfer")
    return row
