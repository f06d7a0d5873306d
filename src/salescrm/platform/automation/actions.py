"""What a rule does. Every write goes through the object's own write path
(``records.create``/``update``: the object's behaviour), so validation, validation rules,
approval locks, audit and events apply to automated changes as to a user's."""

from __future__ import annotations

from datetime import timedelta
from typing import Any, cast

from sqlalchemy import select

from salescrm.db.types import new_id, utcnow
from salescrm.models import Notification, Tenant, User
from salescrm.platform.approvals.approvers import record_name
from salescrm.platform.automation.rules import Rule
from salescrm.platform.i18n import t
from salescrm.platform.metadata import ObjectDef
from salescrm.platform.records import service as records
from salescrm.platform.tenancy import Context


def _person(spec: Any, row: Any) -> str | None:
    if spec in (None, "owner"):
        return cast("str | None", getattr(row, "owner_id", None) or row.created_by)
    if spec == "creator":
        return cast("str | None", row.created_by)
    return str(spec)


def _update(ctx: Context, obj: ObjectDef, row: Any, values: dict[str, Any]) -> dict[str, Any]:
    """Change fields through the object's update path; report what changed."""
    before = row.version
    updated = records.update(ctx, obj, row.id, {**values, "version": row.version})
    return {"changed": updated.version != before}


def update_field(ctx: Context, obj: ObjectDef, row: Any, action: dict[str, Any],
                 rule: Rule) -> dict[str, Any]:
    return _update(ctx, obj, row, {action["field"]: action.get("value")})


def assign(ctx: Context, obj: ObjectDef, row: Any, action: dict[str, Any],
           rule: Rule) -> dict[str, Any]:
    return _update(ctx, obj, row, {"owner_id": action["user_id"]})


def move_to_pool(ctx: Context, obj: ObjectDef, row: Any, action: dict[str, Any],
                 rule: Rule) -> dict[str, Any]:
    return _update(ctx, obj, row, {"owner_id": None})


def create_task(ctx: Context, obj: ObjectDef, row: Any, action: dict[str, Any],
                rule: Rule) -> dict[str, Any]:
    tasks = ctx.object("tasks")
    body: dict[str, Any] = {
        "title": action["title"], "related_type": obj.api_name, "related_id": row.id,
        "assignee_id": _person(action.get("assignee", "owner"), row),
        "due_at": (utcnow() + timedelta(days=int(action.get("due_in_days") or 0))).isoformat(),
    }
    for key in ("description", "priority"):
        if action.get(key) is not None:
            body[key] = action[key]
    body = {k: v for k, v in body.items() if k in tasks.fields}
    task = records.create(ctx, tasks, body)
    return {"task_id": task.id}


def notify(ctx: Context, obj: ObjectDef, row: Any, action: dict[str, Any],
           rule: Rule) -> dict[str, Any]:
    user_id = _person(action.get("user", "owner"), row)
    if user_id is None:
        return {"notified": None}
    user = ctx.session.get(User, user_id)
    locale = (user.locale if user else None) or ctx.session.scalar(
        select(Tenant.locale).where(Tenant.id == ctx.tenant_id)) or "zh-CN"
    title = t("automation.notify_title", locale=locale, rule=rule.name,
              object=obj.label(locale), name=record_name(ctx, obj.api_name, row.id, user_id))
    ctx.session.add(Notification(tenant_id=ctx.tenant_id, user_id=user_id,
                                 kind="automation", title=title[:200],
                                 body=(action.get("message") or None),
                                 object=obj.api_name, record_id=row.id))
    return {"notified": user_id}


def webhook(ctx: Context, obj: ObjectDef, row: Any, action: dict[str, Any],
            rule: Rule) -> dict[str, Any]:
    from salescrm.platform.records.service import get_record
    from salescrm.platform.webhooks.delivery import enqueue_delivery

    event = {"id": new_id(), "type": f"automation.{obj.api_name}",
             "created_at": utcnow().isoformat(),
             "data": {"rule_id": rule.id, "rule": rule.name, "object": obj.api_name,
                      "record": get_record(ctx, obj, row.id)}}
    delivery = enqueue_delivery(ctx.session, ctx.tenant_id, url=action["url"],
                                secret=action.get("secret"), event=event,
                                dedupe_key=f"rule:{rule.id}:{event['id']}")
    return {"delivery_id": delivery.id}


ACTIONS = {"update_field": update_field, "assign": assign, "move_to_pool": move_to_pool,
           "create_task": create_task, "notify": notify, "webhook": webhook}
