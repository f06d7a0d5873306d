"""Webhook subscriptions (``/api/v1/webhooks``) and the event subscriber that turns
each matching event into a delivery."""

from __future__ import annotations

import re
import secrets
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from salescrm.models import Webhook, WebhookDelivery
from salescrm.platform.definitions import Definitions, require_admin
from salescrm.platform.errors import FieldError, ProblemError, not_found, validation_error
from salescrm.platform.metadata import objects_for
from salescrm.platform.permissions import Permissions, visible_changes, visible_values
from salescrm.platform.tenancy import Context
from salescrm.platform.webhooks import delivery as deliveries
from salescrm.platform.webhooks import messages as _messages  # noqa: F401
from salescrm.platform.webhooks.destinations import destination_problem

EVENT_RE = re.compile(r"^([a-z][a-z0-9_]{1,63})\.([a-z][a-z0-9_]{1,40}|\*)$")
MAX_EVENTS = 100
KEYS = {"url", "events", "secret", "description", "is_active", "version"}
# Events that only concern the system's own bookkeeping are never sent.
PRIVATE_PREFIXES = ("automation.",)


def _check_events(ctx: Context, events: Any) -> list[dict[str, Any]]:
    if not isinstance(events, list) or not 1 <= len(events) <= MAX_EVENTS \
            or not all(isinstance(e, str) for e in events):
        return [FieldError("events", "webhook.events")]
    objects = objects_for(ctx.session, ctx.tenant_id, ctx.metadata_version)
    errors: list[dict[str, Any]] = []
    for i, name in enumerate(events):
        if name == "*":
            continue
        match = EVENT_RE.match(name)
        if match is None or match.group(1) not in objects:
            errors.append(FieldError(f"events[{i}]", "webhook.event_unknown", event=name[:100]))
    return errors


def _check_body(ctx: Context, body: Any, current: Webhook | None) -> dict[str, Any]:
    if not isinstance(body, dict):
        raise validation_error([FieldError("body", "error.body_not_object")])
    errors: list[dict[str, Any]] = [FieldError(str(k)[:64], "custom.unknown_key")
                                    for k in body if k not in KEYS]
    d: dict[str, Any] = {"url": None, "events": None, "secret": None, "description": None,
                         "is_active": True}
    if current is not None:
        d.update(url=current.url, events=current.events, secret=current.secret,
                 description=current.description, is_active=current.is_active)
    d.update({k: v for k, v in body.items() if k in KEYS - {"version"}})
    problem = destination_problem(d["url"])
    if problem:
        errors.append(FieldError("url", "webhook.url" if problem == "malformed"
                                 else "webhook.private_address"))
    errors.extend(_check_events(ctx, d["events"]))
    if d["secret"] is None:
        d["secret"] = secrets.token_hex(24)
    elif not isinstance(d["secret"], str) or not 16 <= len(d["secret"]) <= 200:
        errors.append(FieldError("secret", "webhook.secret"))
    if d["description"] is not None and (not isinstance(d["description"], str)
                                         or len(d["description"]) > 500):
        errors.append(FieldError("description", "field.too_long", max=500))
    if not isinstance(d["is_active"], bool):
        errors.append(FieldError("is_active", "custom.not_boolean"))
    if errors:
        raise validation_error(errors)
    d["events"] = list(dict.fromkeys(d["events"]))
    return d


def create_webhook(ctx: Context, body: Any) -> dict[str, Any]:
    require_admin(ctx)
    d = _check_body(ctx, body, None)
    hook = WEBHOOKS.create(ctx, Webhook(**d, consecutive_failures=0))
    return {**view(hook), "secret": hook.secret}  # shown once, in full


def update_webhook(ctx: Context, webhook_id: str, body: Any) -> dict[str, Any]:
    """Changing the URL, events or secret; ``is_active: true`` re-enables a disabled one."""
    require_admin(ctx)
    hook = get_webhook(ctx, webhook_id)

    def apply() -> None:
        d = _check_body(ctx, body, hook)
        if d["is_active"] and not hook.is_active:
            hook.consecutive_failures, hook.disabled_at = 0, None
        for key, value in d.items():
            setattr(hook, key, value)

    WEBHOOKS.update(ctx, hook, body, apply)
    return {**view(hook), **({"secret": hook.secret} if isinstance(body, dict)
                             and "secret" in body else {})}


def delete_webhook(ctx: Context, webhook_id: str) -> None:
    require_admin(ctx)
    hook = get_webhook(ctx, webhook_id)
    hook.is_active = False
    WEBHOOKS.delete(ctx, hook)


def get_webhook(ctx: Context, webhook_id: str) -> Webhook:
    return WEBHOOKS.get(ctx, webhook_id)


def list_webhooks(ctx: Context) -> dict[str, Any]:
    require_admin(ctx)
    return {"items": [view(h) for h in WEBHOOKS.list(ctx)]}


def view(hook: Webhook) -> dict[str, Any]:
    return {"id": hook.id, "url": hook.url, "events": hook.events,
            "description": hook.description, "is_active": hook.is_active,
            "secret_hint": "…" + hook.secret[-4:],
            "consecutive_failures": hook.consecutive_failures,
            "disabled_at": hook.disabled_at.isoformat() if hook.disabled_at else None,
            "version": hook.version,
            "created_at": hook.created_at.isoformat() if hook.created_at else None}


def _audited(hook: Webhook) -> dict[str, Any]:
    """What a change of a webhook records (the secret only as its hint)."""
    return {k: v for k, v in view(hook).items() if k not in ("id", "version", "created_at")}


WEBHOOKS = Definitions("webhooks", Webhook, snapshot=_audited, path="webhooks")


# --- deliveries ------------------------------------------------------------------
def list_deliveries(ctx: Context, webhook_id: str, params: dict[str, str]) -> dict[str, Any]:
    require_admin(ctx)
    hook = get_webhook(ctx, webhook_id)
    stmt = select(WebhookDelivery).where(WebhookDelivery.webhook_id == hook.id)
    if params.get("status"):
        stmt = stmt.where(WebhookDelivery.status == params["status"][:20])
    if params.get("event_type"):
        stmt = stmt.where(WebhookDelivery.event_type == params["event_type"][:100])
    rows = ctx.session.scalars(stmt.order_by(WebhookDelivery.created_at.desc(),
                                             WebhookDelivery.id.desc()).limit(200))
    return {"items": [delivery_view(d) for d in rows]}


def get_delivery(ctx: Context, webhook_id: str, delivery_id: str) -> WebhookDelivery:
    require_admin(ctx)
    hook = get_webhook(ctx, webhook_id)
    found = ctx.session.scalars(select(WebhookDelivery).where(
        WebhookDelivery.id == delivery_id[:64], WebhookDelivery.webhook_id == hook.id)).first()
    if found is None:
        raise not_found()
    return found


def replay_delivery(ctx: Context, webhook_id: str, delivery_id: str) -> dict[str, Any]:
    original = get_delivery(ctx, webhook_id, delivery_id)
    if not get_webhook(ctx, webhook_id).is_active:
        raise ProblemError(409, "webhook.disabled")
    return delivery_view(deliveries.replay(ctx.session, original), ctx.permissions)


def _iso(moment: Any) -> str | None:
    return moment.isoformat() if moment else None


def delivery_view(d: WebhookDelivery, viewer: Permissions | None = None) -> dict[str, Any]:
    """A delivery; with ``viewer``, its payload too, as that administrator may see the
    record's fields (what was sent is not changed)."""
    out: dict[str, Any] = {"id": d.id, "webhook_id": d.webhook_id, "event_id": d.event_id,
                           "event_type": d.event_type, "url": d.url, "status": d.status,
                           "attempts": d.attempts, "last_status_code": d.last_status_code,
                           "last_error": d.last_error, "log": d.log, "replay_of": d.replay_of,
                           "next_attempt_at": _iso(d.next_attempt_at),
                           "created_at": _iso(d.created_at),
                           "delivered_at": _iso(d.delivered_at)}
    if viewer is not None:
        out["payload"] = payload_for(viewer, d.payload)
    return out


def payload_for(perms: Permissions, payload: Any) -> Any:
    """An event's payload under the viewer's field levels: its data's own field values
    (an overdue plan's amount …), the ``record`` and the ``changes``."""
    data = payload.get("data") if isinstance(payload, dict) else None
    if not isinstance(data, dict):
        return payload
    object_name = str(data.get("object") or str(payload.get("type", "")).split(".", 1)[0])
    shown = visible_values(perms, object_name, data)
    if isinstance(shown.get("record"), dict):
        shown["record"] = visible_values(perms, object_name, shown["record"])
    if "changes" in shown:
        shown["changes"] = visible_changes(perms, object_name, shown["changes"])
    return {**payload, "data": shown}


# --- the event subscriber -----------------------------------------------------------
def _wants(hook: Webhook, event_type: str) -> bool:
    obj = event_type.split(".", 1)[0]
    return any(e in ("*", event_type, f"{obj}.*") for e in hook.events or [])


def _hooks_for(session: Session, tenant_id: str, event_type: str) -> list[Webhook]:
    """The tenant's active webhooks subscribed to events of this type."""
    if event_type.startswith(PRIVATE_PREFIXES):
        return []
    session.info["tenant_id"] = tenant_id
    return [h for h in session.scalars(select(Webhook).where(
        Webhook.is_active.is_(True), Webhook.deleted_at.is_(None))) if _wants(h, event_type)]


def wants(session: Session, tenant_id: str, event_type: str) -> bool:
    """``jobs.INTERESTS``: is a webhook subscribed to events of this type?"""
    return bool(tenant_id) and bool(_hooks_for(session, tenant_id, event_type))


def on_event(session: Session, event: dict[str, Any]) -> None:
    """One delivery per active webhook that subscribes to the event's type."""
    event_type = str(event.get("type", ""))
    tenant_id = event.get("tenant_id")
    if not tenant_id:
        return
    hooks = _hooks_for(session, tenant_id, event_type)
    if not hooks:
        return
    data = dict(event.get("data") or {})
    record = _record_for(session, tenant_id, event_type, data)
    if record is not None:
        data["record"] = record
    body = {**event, "data": data}
    for hook in hooks:
        deliveries.enqueue_delivery(session, tenant_id, url=hook.url, secret=None, event=body,
                                    dedupe_key=f"{event['id']}:{hook.id}", webhook_id=hook.id)


def _record_for(session: Session, tenant_id: str, event_type: str,
                data: dict[str, Any]) -> dict[str, Any] | None:
    """The record as the API shows it, for events about one record still there."""
    from salescrm.platform.records import service as records
    from salescrm.platform.tenancy.system import system_context

    object_name = data.get("object") or event_type.split(".", 1)[0]
    record_id = data.get("id")
    if not isinstance(record_id, str) or event_type.endswith(".deleted"):
        return None
    try:
        ctx = system_context(session, tenant_id)
        return records.read(ctx, ctx.object(object_name), record_id)
    except ProblemError:
        return None
