"""Delivering webhooks: one row per (event, URL), sent by the jobs worker.

Each attempt is a job. A failed attempt is logged on the delivery and the next one
is queued as a new job with a backoff (30 s, 2 min, 10 min … the first retry within
a minute), in the same transaction — so a worker that dies between attempts loses
nothing, and one that dies during an attempt leaves the job to be claimed again
(at least once: receivers dedupe on the event id).

Signature: ``X-SalesCRM-Signature: t=<unix>,v1=<hex HMAC-SHA256(secret, "<t>.<body>")>``
over the exact bytes sent.
"""

from __future__ import annotations

import hashlib
import hmac
import time
from datetime import timedelta
from typing import Any

import httpx
import orjson
from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from salescrm import __version__
from salescrm.db.types import new_id, utcnow
from salescrm.models import Job, Webhook, WebhookDelivery
from salescrm.platform.jobs import enqueue
from salescrm.platform.webhooks.destinations import allowed_private, checked_destination

BACKOFF_SECONDS = (30, 120, 600, 1800, 3600, 3 * 3600, 6 * 3600, 12 * 3600)
MAX_ATTEMPTS = len(BACKOFF_SECONDS) + 1
DISABLE_AFTER_FAILURES = 10
TIMEOUT_SECONDS = 10.0
LOG_KEEP = 20
RESPONSE_EXCERPT = 500
JOB_KIND = "webhook.deliver"


def sign(secret: str, timestamp: int, body: bytes) -> str:
    digest = hmac.new(secret.encode(), f"{timestamp}.".encode() + body, hashlib.sha256)
    return f"t={timestamp},v1={digest.hexdigest()}"


def enqueue_delivery(session: Session, tenant_id: str, *, url: str, secret: str | None,
                     event: dict[str, Any], dedupe_key: str, webhook_id: str | None = None,
                     replay_of: str | None = None) -> WebhookDelivery:
    """A pending delivery and the job of its first attempt (idempotent per dedupe key)."""
    found = session.scalars(select(WebhookDelivery).where(
        WebhookDelivery.dedupe_key == dedupe_key)).first()
    if found is not None:
        return found
    payload = {"id": event["id"], "type": event["type"], "created_at": event["created_at"],
               "data": event.get("data") or {}}
    delivery = WebhookDelivery(
        id=new_id(), tenant_id=tenant_id, webhook_id=webhook_id, url=url,
        dedupe_key=dedupe_key[:200], event_id=str(event["id"])[:36],
        event_type=str(event["type"])[:100], payload=payload, status="pending", attempts=0,
        next_attempt_at=utcnow(), log=[], replay_of=replay_of,
        # Deliveries made by automation rules carry their own secret, if any.
        last_error=None)
    try:
        with session.begin_nested():
            session.add(delivery)
            session.flush()
    except IntegrityError:  # the same event reached us twice at once
        return session.scalars(select(WebhookDelivery).where(
            WebhookDelivery.dedupe_key == dedupe_key)).one()
    job_payload: dict[str, Any] = {"delivery_id": delivery.id}
    if secret and webhook_id is None:
        job_payload["secret"] = secret
    enqueue(session, JOB_KIND, job_payload, tenant_id=tenant_id)
    return delivery


def _post(url: str, body: bytes, headers: dict[str, str],
          extensions: dict[str, Any] | None = None) -> tuple[int | None, str | None, str | None]:
    try:
        with httpx.Client(timeout=TIMEOUT_SECONDS, follow_redirects=False) as client:
            response = client.post(url, content=body, headers=headers, extensions=extensions)
        return response.status_code, None, response.text[:RESPONSE_EXCERPT]
    except httpx.HTTPError as exc:
        return None, f"{type(exc).__name__}: {exc}"[:RESPONSE_EXCERPT], None


def deliver(session: Session, job: Job) -> None:
    """One attempt. Network I/O happens before any write, so no lock is held while
    waiting for the receiver."""
    delivery = session.get(WebhookDelivery, job.payload.get("delivery_id"))
    if delivery is None or delivery.status != "pending":
        return  # done already (a duplicate job) or given up
    webhook = session.get(Webhook, delivery.webhook_id) if delivery.webhook_id else None
    if delivery.webhook_id and (webhook is None or not webhook.is_active
                                or webhook.deleted_at is not None):
        delivery.status = "cancelled"
        return
    secret = webhook.secret if webhook is not None else job.payload.get("secret")
    body = orjson.dumps(delivery.payload)
    headers = {"Content-Type": "application/json", "User-Agent": f"SalesCRM/{__version__}",
               "X-SalesCRM-Event": delivery.event_type,
               "X-SalesCRM-Delivery": delivery.id}
    if secret:
        headers["X-SalesCRM-Signature"] = sign(secret, int(time.time()), body)
    started = time.monotonic()
    status_code: int | None
    error: str | None
    excerpt: str | None
    if allowed_private():
        status_code, error, excerpt = _post(delivery.url, body, headers)
    else:
        blocked, request = checked_destination(delivery.url, headers)
        if blocked is not None:
            status_code, error, excerpt = (None, f"blocked: {blocked} is not a public address",
                                           None)
        elif request is None:  # no address to check, so none to send to
            status_code, error, excerpt = None, "ConnectError: the host name does not resolve", None
        else:  # to the address just checked, not to whatever the name says a moment later
            status_code, error, excerpt = _post(request.url, body, request.headers,
                                                request.extensions)
    elapsed = int((time.monotonic() - started) * 1000)
    _record_attempt(session, delivery, webhook, status_code, error, excerpt, elapsed,
                    job.payload)


def _record_attempt(session: Session, delivery: WebhookDelivery, webhook: Webhook | None,
                    status_code: int | None, error: str | None, excerpt: str | None,
                    elapsed_ms: int, job_payload: dict[str, Any]) -> None:
    now = utcnow()
    ok = status_code is not None and 200 <= status_code < 300
    delivery.attempts += 1
    delivery.last_status_code = status_code
    delivery.last_error = None if ok else (error or f"HTTP {status_code}: {excerpt or ''}")
    delivery.log = [*delivery.log, {"at": now.isoformat(), "status_code": status_code,
                                    "error": None if ok else delivery.last_error,
                                    "duration_ms": elapsed_ms}][-LOG_KEEP:]
    if ok:
        delivery.status, delivery.delivered_at, delivery.next_attempt_at = "succeeded", now, None
        if webhook is not None and webhook.consecutive_failures:
            webhook.consecutive_failures = 0
        return
    if webhook is not None:
        webhook.consecutive_failures += 1
        if webhook.consecutive_failures >= DISABLE_AFTER_FAILURES:
            _disable(session, webhook)
            delivery.status, delivery.next_attempt_at = "cancelled", None
            return
    if delivery.attempts >= MAX_ATTEMPTS:
        delivery.status, delivery.next_attempt_at = "failed", None
        return
    delay = BACKOFF_SECONDS[min(delivery.attempts - 1, len(BACKOFF_SECONDS) - 1)]
    delivery.next_attempt_at = now + timedelta(seconds=delay)
    enqueue(session, JOB_KIND, job_payload, tenant_id=delivery.tenant_id,
            run_at=delivery.next_attempt_at)


def _disable(session: Session, webhook: Webhook) -> None:
    """Too many failures in a row: stop sending; pending deliveries are cancelled."""
    webhook.is_active = False
    webhook.disabled_at = utcnow()
    session.execute(update(WebhookDelivery).where(
        WebhookDelivery.webhook_id == webhook.id, WebhookDelivery.status == "pending")
        .values(status="cancelled", next_attempt_at=None)
        .execution_options(synchronize_session=False))


def replay(session: Session, delivery: WebhookDelivery) -> WebhookDelivery:
    """Send a delivery's payload again, as a new delivery (same event id)."""
    webhook = session.get(Webhook, delivery.webhook_id) if delivery.webhook_id else None
    event = {**delivery.payload}
    return enqueue_delivery(session, delivery.tenant_id, url=webhook.url if webhook else
                            delivery.url, secret=None, event=event,
                            dedupe_key=f"replay:{new_id()}", webhook_id=delivery.webhook_id,
                            replay_of=delivery.id)
