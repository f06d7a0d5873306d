"""Webhooks delivered to a real HTTP server on 127.0.0.1 started by the test:
signature, retry after a 500, nothing lost when the worker dies, disable, replay."""

from __future__ import annotations

import hashlib
import hmac
import json
import threading
from collections.abc import Iterator
from datetime import datetime, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest
from sqlalchemy import update

from salescrm.db.types import utcnow
from salescrm.models import Job
from salescrm.platform.jobs.worker import Worker
from salescrm.platform.webhooks.delivery import DISABLE_AFTER_FAILURES
from tests.factories import Api, Tenant

SECRET = "s3cret-for-tests-0123456789"


class Receiver:
    """An HTTP server that records what it receives and answers scripted statuses."""

    def __init__(self) -> None:
        self.requests: list[dict[str, Any]] = []
        self.statuses: list[int] = []
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                length = int(self.headers.get("Content-Length", "0"))
                body = self.rfile.read(length)
                receiver.requests.append({"headers": dict(self.headers), "body": body})
                status = receiver.statuses.pop(0) if receiver.statuses else 200
                self.send_response(status)
                self.end_headers()
                self.wfile.write(b"ok" if status < 300 else b"boom")

            def log_message(self, *_args: Any) -> None:
                return

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/hook"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def bodies(self) -> list[dict[str, Any]]:
        return [json.loads(r["body"]) for r in self.requests]


@pytest.fixture
def receiver() -> Iterator[Receiver]:
    r = Receiver()
    r.thread.start()
    yield r
    r.server.shutdown()
    r.server.server_close()


def subscribe(api: Api, url: str, events: list[str], **extra: Any) -> dict[str, Any]:
    r = api.post("webhooks", {"url": url, "events": events, "secret": SECRET, **extra})
    assert r.status_code == 201, r.text
    return r.json()  # type: ignore[no-any-return]


def make_retries_due(sessions: Any, tenant_id: str) -> None:
    """Move the tenant's waiting delivery jobs to now (instead of sleeping)."""
    with sessions() as s, s.begin():
        s.info["tenant_id"] = None
        s.execute(update(Job).where(Job.tenant_id == tenant_id, Job.kind == "webhook.deliver",
                                    Job.status == "queued")
                  .values(run_at=utcnow() - timedelta(seconds=1)))


def deliveries(api: Api, webhook_id: str) -> list[dict[str, Any]]:
    return api.get(f"webhooks/{webhook_id}/deliveries").json()["items"]  # type: ignore[no-any-return]


def verify(request: dict[str, Any]) -> bool:
    """What a receiver does: recompute the HMAC over "<t>.<raw body>"."""
    parts = dict(p.split("=", 1) for p in request["headers"]["X-SalesCRM-Signature"].split(","))
    expected = hmac.new(SECRET.encode(), f"{parts['t']}.".encode() + request["body"],
                        hashlib.sha256).hexdigest()
    return hmac.compare_digest(expected, parts["v1"])


def test_signed_delivery_with_event_header_and_record(tenant: Tenant, worker: Any,
                                                      receiver: Receiver) -> None:
    hook = subscribe(tenant.admin, receiver.url, ["accounts.created"])
    assert hook["secret"] == SECRET
    assert "secret" not in tenant.admin.get(f"webhooks/{hook['id']}").json()
    acct = tenant.admin.create("accounts", name="华为")
    tenant.admin.create("contacts", name="Not subscribed")
    worker.run_until_idle()
    assert len(receiver.requests) == 1
    request = receiver.requests[0]
    assert request["headers"]["X-SalesCRM-Event"] == "accounts.created"
    assert verify(request)
    body = receiver.bodies()[0]
    assert set(body) == {"id", "type", "created_at", "data"}
    assert body["type"] == "accounts.created" and body["data"]["record"]["name"] == "华为"
    assert body["data"]["id"] == acct["id"]
    [log] = deliveries(tenant.admin, hook["id"])
    assert log["status"] == "succeeded" and log["attempts"] == 1
    assert log["last_status_code"] == 200


def test_retry_after_a_500_with_backoff(tenant: Tenant, worker: Any, receiver: Receiver,
                                        sessions: Any) -> None:
    hook = subscribe(tenant.admin, receiver.url, ["accounts.*"])
    receiver.statuses = [500]
    tenant.admin.create("accounts", name="Retry")
    worker.run_until_idle()
    [first] = deliveries(tenant.admin, hook["id"])
    assert first["status"] == "pending" and first["last_status_code"] == 500
    wait = datetime.fromisoformat(first["next_attempt_at"]) - utcnow()
    assert timedelta(seconds=0) < wait <= timedelta(minutes=1)  # first retry within a minute
    make_retries_due(sessions, tenant.id)
    worker.run_until_idle()
    [done] = deliveries(tenant.admin, hook["id"])
    assert done["status"] == "succeeded" and done["attempts"] == 2
    assert [a["status_code"] for a in done["log"]] == [500, 200]
    ids = [b["id"] for b in receiver.bodies()]
    assert len(ids) == 2 and ids[0] == ids[1]  # the same event, sent again
    assert all(verify(r) for r in receiver.requests)


def test_nothing_lost_when_the_worker_dies(tenant: Tenant, receiver: Receiver,
                                           sessions: Any) -> None:
    hook = subscribe(tenant.admin, receiver.url, ["accounts.created"])
    receiver.statuses = [500]
    tenant.admin.create("accounts", name="Survivor")
    first = Worker(sessions, name="doomed-1")
    first.run_until_idle()  # attempt 1 fails; then this worker is gone
    del first
    make_retries_due(sessions, tenant.id)
    # A second worker claims the retry and dies in the middle of it (lease held).
    # (Everything else due ran above, so the retry is the one job due now.)
    job = Worker(sessions, name="doomed-2").claim()
    assert job is not None and job.kind == "webhook.deliver" and job.tenant_id == tenant.id
    with sessions() as s, s.begin():
        s.info["tenant_id"] = None
        s.execute(update(Job).where(Job.id == job.id)
                  .values(locked_until=utcnow() - timedelta(seconds=1)))
    Worker(sessions, name="survivor").run_until_idle()
    [log] = deliveries(tenant.admin, hook["id"])
    assert log["status"] == "succeeded" and log["attempts"] == 2
    assert len(receiver.requests) == 2


def test_repeated_failure_disables_the_webhook(tenant: Tenant, worker: Any,
                                               receiver: Receiver, sessions: Any) -> None:
    hook = subscribe(tenant.admin, receiver.url, ["accounts.created"])
    receiver.statuses = [503] * 100
    for i in range(3):
        tenant.admin.create("accounts", name=f"Failing {i}")
    for _ in range(DISABLE_AFTER_FAILURES + 2):
        worker.run_until_idle()
        make_retries_due(sessions, tenant.id)
    got = tenant.admin.get(f"webhooks/{hook['id']}").json()
    assert got["is_active"] is False and got["disabled_at"]
    assert len(receiver.requests) == DISABLE_AFTER_FAILURES
    assert {d["status"] for d in deliveries(tenant.admin, hook["id"])} == {"cancelled"}
    # Re-enabling resets the count; new events flow again.
    receiver.statuses = []
    r = tenant.admin.patch(f"webhooks/{hook['id']}", {"is_active": True})
    assert r.status_code == 200 and r.json()["consecutive_failures"] == 0
    tenant.admin.create("accounts", name="Back")
    worker.run_until_idle()
    assert deliveries(tenant.admin, hook["id"])[0]["status"] == "succeeded"


def test_replay_sends_the_same_event_again(tenant: Tenant, worker: Any,
                                           receiver: Receiver) -> None:
    hook = subscribe(tenant.admin, receiver.url, ["*"])
    tenant.admin.create("accounts", name="Replay")
    worker.run_until_idle()
    original = next(d for d in deliveries(tenant.admin, hook["id"])
                    if d["event_type"] == "accounts.created")
    r = tenant.admin.post(f"webhooks/{hook['id']}/deliveries/{original['id']}/replay")
    assert r.status_code == 202 and r.json()["replay_of"] == original["id"]
    worker.run_until_idle()
    sent = [b["id"] for b in receiver.bodies() if b["type"] == "accounts.created"]
    assert sent == [original["event_id"], original["event_id"]]


def test_automation_webhook_action(tenant: Tenant, worker: Any, receiver: Receiver) -> None:
    r = tenant.admin.post("automation_rules", {
        "name": "Tell the ERP", "object": "accounts", "trigger": "created",
        "actions": [{"type": "webhook", "url": receiver.url, "secret": SECRET}]})
    assert r.status_code == 201, r.text
    tenant.admin.create("accounts", name="ERP customer")
    worker.run_until_idle()
    [request] = receiver.requests
    assert request["headers"]["X-SalesCRM-Event"] == "automation.accounts"
    assert verify(request)
    assert json.loads(request["body"])["data"]["record"]["name"] == "ERP customer"


def test_bad_webhooks_are_422_naming_the_field(tenant: Tenant) -> None:
    ok = {"url": "https://erp.example.com/hook", "events": ["accounts.created"]}
    cases = [
        ({"url": "ftp://erp.example.com"}, "url"),
        ({"url": "not a url"}, "url"),
        ({"events": []}, "events"),
        ({"events": ["planets.created"]}, "events[0]"),
        ({"events": ["accounts.created", "accounts"]}, "events[1]"),
        ({"secret": "short"}, "secret"),
        ({"colour": "red"}, "colour"),
    ]
    for extra, field in cases:
        r = tenant.admin.post("webhooks", {**ok, **extra})
        assert r.status_code == 422, (extra, r.text)
        assert field in {e["field"] for e in r.json()["errors"]}, (field, r.json())
    assert tenant.admin.get("webhooks").json()["items"] == []
    created = tenant.admin.post("webhooks", ok).json()
    assert len(created["secret"]) >= 32  # generated when not given
    assert tenant.user("Rep").post("webhooks", ok).status_code == 403
