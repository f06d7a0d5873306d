""""My day" (overdue and today's open tasks), task reminders (a scheduled job that
writes in-app notifications) and the activities part of every record's timeline."""

from __future__ import annotations

from datetime import datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from sqlalchemy import and_, or_, select
from sqlalchemy.orm import Session

from salescrm.db.types import utcnow
from salescrm.models import Activity, Task
from salescrm.modules.collaboration.service import notify
from salescrm.platform.errors import FieldError, validation_error
from salescrm.platform.permissions.field_levels import shown_to
from salescrm.platform.records import service as records
from salescrm.platform.records.serialize import builtin_columns, readable_fields, row_to_record
from salescrm.platform.tenancy import Context

DEFAULT_TZ = "Asia/Shanghai"
REMINDER_BATCH = 500
TIMELINE_LIMIT = 200


def _zone(name: str) -> ZoneInfo:
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError) as exc:
        raise validation_error([FieldError("tz", "tasks.bad_timezone", tz=name[:64])]) from exc


def my_day(ctx: Context, params: dict[str, str]) -> dict[str, Any]:
    """Open tasks assigned to the caller (or owned and unassigned) that are overdue or
    due before the end of today in ``tz`` (default Asia/Shanghai), earliest first."""
    obj = ctx.object("tasks")
    ctx.permissions.require(obj, "read")
    zone = _zone(params.get("tz") or DEFAULT_TZ)
    now = utcnow()
    today = now.astimezone(zone).date()
    end_of_day = datetime.combine(today + timedelta(days=1), time.min, zone)
    mine = or_(Task.assignee_id == ctx.user.id,
               and_(Task.assignee_id.is_(None), Task.owner_id == ctx.user.id))
    fields = readable_fields(obj, ctx.permissions)
    rows = ctx.session.execute(
        select(*builtin_columns(obj, fields))
        .where(*records.base_criteria(ctx, obj), mine, Task.status == "open",
               Task.due_at.is_not(None), Task.due_at < end_of_day)
        .order_by(Task.due_at, Task.id).limit(500)).all()
    overdue: list[dict[str, Any]] = []
    due_today: list[dict[str, Any]] = []
    for row in rows:
        item = row_to_record(obj, fields, row, ctx.permissions)
        (overdue if row._mapping["due_at"] < now else due_today).append(item)
    return {"date": today.isoformat(), "timezone": zone.key, "overdue": overdue,
            "today": due_today}


def send_due_reminders(session: Session) -> int:
    """Notify the assignee of every open task whose reminder time has come, once."""
    now = utcnow()
    tasks = list(session.scalars(select(Task).where(
        Task.deleted_at.is_(None), Task.status == "open", Task.remind_at <= now,
        Task.reminded_at.is_(None)).order_by(Task.remind_at).limit(REMINDER_BATCH)))
    for task in tasks:
        recipient = task.assignee_id or task.owner_id
        if recipient:
            due = task.due_at.isoformat(timespec="minutes") if task.due_at else None
            notify(session, task.tenant_id, recipient, "task_reminder",
                   "notify.task_reminder.title",
                   "notify.task_reminder.body" if due else "notify.task_reminder.no_due",
                   params=shown_to(session, recipient, "tasks", {
                       "title": ("title", task.title), "due": ("due_at", due or "")}),
                   object="tasks", record_id=task.id)
        task.reminded_at = now  # not an edit: the version stays, open forms stay valid
    session.flush()
    return len(tasks)


def reminders_job(session: Session, _job: Any) -> None:
    session.info["tenant_id"] = None  # one job serves every tenant
    send_due_reminders(session)




def activity_timeline(ctx: Context, object_name: str, record_id: str) -> list[dict[str, Any]]:
    """Timeline items for the activities on a record (on an account: every activity of
    the customer, also those logged on its contacts, deals and orders)."""
    if not ctx.permissions.can("activities", "read"):
        return []
    obj = ctx.object("activities")
    on_record = and_(Activity.related_type == object_name, Activity.related_id == record_id)
    where = or_(on_record, Activity.account_id == record_id) if object_name == "accounts" \
        else on_record
    fields = readable_fields(obj, ctx.permissions)
    rows = ctx.session.execute(
        select(*builtin_columns(obj, fields)).where(where, *records.base_criteria(ctx, obj))
        .order_by(Activity.occurred_at.desc(), Activity.id.desc()).limit(TIMELINE_LIMIT)).all()
    items = []
    for row in rows:
        record = row_to_record(obj, fields, row, ctx.permissions)
        items.append({"kind": "activity", "at": record["occurred_at"], "id": record["id"],
                      "user_id": record.get("owner_id"), "activity": record})
    return items
