"""Follow-ups (activities, check-in) and tasks on any record.

An activity is attached to a record the caller can see (``related_type`` +
``related_id``); it stamps that record's ``last_activity_at`` (and its account's)
where the column exists, which is what "no follow-up for N days" rules read.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any, cast

from sqlalchemy import or_, select, update

from salescrm.db.types import utcnow
from salescrm.models import Activity, Task
from salescrm.platform.errors import FieldError, ProblemError, body_object, validation_error
from salescrm.platform.metadata import ObjectDef
from salescrm.platform.records import service as records
from salescrm.platform.tenancy import Context


def _collect(ctx: Context, obj: ObjectDef, data: dict[str, Any], creating: bool,
             errors: list[dict[str, Any]]) -> dict[str, Any]:
    try:
        return records.validate(ctx, obj, data, creating=creating)
    except ProblemError as exc:
        if exc.status != 422:
            raise
        errors.extend(exc.errors)
        return {}


def related_record(ctx: Context, values: dict[str, Any], current: Any,
                   errors: list[dict[str, Any]]) -> tuple[ObjectDef, Any] | None:
    """The (object, row) an activity or task refers to, if the caller can see it;
    otherwise a 422 naming ``related_type`` or ``related_id``."""
    rtype = values.get("related_type", getattr(current, "related_type", None))
    rid = values.get("related_id", getattr(current, "related_id", None))
    if not rtype and not rid:
        return None
    if not rtype or not rid:
        errors.append(FieldError("related_id" if rtype else "related_type",
                                 "activities.related_pair"))
        return None
    try:
        robj = ctx.object(rtype)
    except ProblemError:
        # Objects come and go with the tenant's customization: a data-dependent miss.
        errors.append(FieldError("related_type", "field.lookup", target=rtype[:64]))
        return None
    row = None
    if ctx.permissions.can(rtype, "read"):
        row = ctx.session.scalars(select(robj.model).where(
            robj.model.id == rid, *records.base_criteria(ctx, robj))).first()
    if row is None:
        errors.append(FieldError("related_id", "field.lookup", target=robj.label(ctx.locale)))
        return None
    return robj, row


def _account_of(robj: ObjectDef, row: Any) -> str | None:
    if robj.api_name == "accounts":
        return cast("str | None", row.id)
    return getattr(row, "account_id", None) if not robj.custom else None


def touch_last_activity(ctx: Context, object_name: str, record_id: str | None,
                        at: datetime) -> None:
    """Move ``last_activity_at`` forward on a record whose table has the column.

    A plain UPDATE: a follow-up is not an edit of the record, so its version (and a
    colleague's open form) stays valid.
    """
    if not record_id:
        return
    try:
        model = ctx.object(object_name).model
    except ProblemError:
        return
    column = getattr(model, "last_activity_at", None)
    if column is None:
        return
    ctx.session.execute(update(model).where(model.id == record_id,
                                            or_(column.is_(None), column < at))
                        .values(last_activity_at=at)
                        .execution_options(synchronize_session=False))


def _activity_checks(ctx: Context, values: dict[str, Any], current: Activity | None,
                     errors: list[dict[str, Any]]) -> None:
    kind = values.get("kind", getattr(current, "kind", None))
    if kind == "checkin":
        for name in ("latitude", "longitude"):
            if values.get(name, getattr(current, name, None)) is None and not any(
                    e["field"] == name for e in errors):
                errors.append(FieldError(name, "activities.checkin_location"))
    if current is None or "related_type" in values or "related_id" in values:
        found = related_record(ctx, values, current, errors)
        if found is not None:
            values["account_id"] = _account_of(*found)
        elif not values.get("related_type", getattr(current, "related_type", None)):
            values["account_id"] = None


def _touch_related(ctx: Context, row: Activity) -> None:
    touch_last_activity(ctx, row.related_type or "", row.related_id, row.occurred_at)
    if row.account_id and row.related_type != "accounts":
        touch_last_activity(ctx, "accounts", row.account_id, row.occurred_at)


def create_activity(ctx: Context, obj: ObjectDef, body: Any, _params: Any = None) -> Activity:
    ctx.permissions.require(obj, "create")
    errors: list[dict[str, Any]] = []
    values = _collect(ctx, obj, dict(body_object(body)), True, errors)
    _activity_checks(ctx, values, None, errors)
    if errors:
        raise validation_error(errors)
    if not values.get("occurred_at"):
        values["occurred_at"] = utcnow()
    row: Activity = records.insert_record(ctx, obj, values)
    _touch_related(ctx, row)
    return row


def update_activity(ctx: Context, obj: ObjectDef, activity_id: str, body: Any) -> Activity:
    ctx.permissions.require(obj, "read")
    row: Activity = records.load_for_write(ctx, obj, activity_id)
    ctx.permissions.require(obj, "update")
    data = dict(body_object(body))
    records.check_version(row, data)
    errors: list[dict[str, Any]] = []
    values = _collect(ctx, obj, data, False, errors)
    _activity_checks(ctx, values, row, errors)
    if "occurred_at" in values and values["occurred_at"] is None:
        errors.append(FieldError("occurred_at", "field.required"))
    if errors:
        raise validation_error(errors)
    records.save_changes(ctx, obj, row, values)
    _touch_related(ctx, row)
    return row


# --- tasks ---------------------------------------------------------------------------
def _task_status_effects(values: dict[str, Any], current: Task | None) -> None:
    status = values.get("status")
    if status is not None and status != getattr(current, "status", None):
        values["completed_at"] = utcnow() if status == "done" else None
    if "remind_at" in values and (current is None or values["remind_at"] != current.remind_at):
        values["reminded_at"] = None  # a new reminder time rings again


def create_task(ctx: Context, obj: ObjectDef, body: Any, _params: Any = None) -> Task:
    ctx.permissions.require(obj, "create")
    errors: list[dict[str, Any]] = []
    values = _collect(ctx, obj, dict(body_object(body)), True, errors)
    related_record(ctx, values, None, errors)
    if errors:
        raise validation_error(errors)
    if not values.get("assignee_id"):
        values["assignee_id"] = ctx.user.id
    _task_status_effects(values, None)
    return cast("Task", records.insert_record(ctx, obj, values))


def update_task(ctx: Context, obj: ObjectDef, task_id: str, body: Any) -> Task:
    ctx.permissions.require(obj, "read")
    row: Task = records.load_for_write(ctx, obj, task_id)
    ctx.permissions.require(obj, "update")
    data = dict(body_object(body))
    records.check_version(row, data)
    errors: list[dict[str, Any]] = []
    values = _collect(ctx, obj, data, False, errors)
    if "related_type" in values or "related_id" in values:
        related_record(ctx, values, row, errors)
    if "status" in values and values["status"] is None:
        errors.append(FieldError("status", "field.required"))
    if errors:
        raise validation_error(errors)
    _task_status_effects(values, row)
    return cast("Task", records.save_changes(ctx, obj, row, values))
