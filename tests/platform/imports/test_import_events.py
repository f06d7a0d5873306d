"""An import's record events travel a few hundred to a job (issue 10, point 4: a
100k-row import left 100k event jobs, hours of backlog for one worker): every
subscriber still sees each record's event once delivered, and an event a subscriber
fails on is retried on its own."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from sqlalchemy import select

from salescrm.models import Job
from salescrm.platform.jobs import EVENTS_PER_JOB, SUBSCRIBERS
from tests.factories import Api
from tests.platform.imports.helpers import run_import


@pytest.fixture
def seen() -> Iterator[list[dict[str, Any]]]:
    """Events of imported contacts as a subscriber receives them; a contact named
    ``坏`` makes the subscriber fail (a webhook endpoint down, a rule's bug)."""
    got: list[dict[str, Any]] = []

    def subscriber(session: Any, event: dict[str, Any]) -> None:
        if event.get("type") != "contacts.created":
            return
        from salescrm.models import Contact

        session.info["tenant_id"] = event["tenant_id"]
        contact = session.get(Contact, event["data"]["id"])
        if contact is not None and contact.name == "坏":
            raise RuntimeError("subscriber failed")
        got.append(event)

    SUBSCRIBERS.append(subscriber)
    try:
        yield got
    finally:
        SUBSCRIBERS.remove(subscriber)


def test_every_imported_record_has_its_event_delivered(admin: Api, worker: Any,
                                                        sessions: Any,
                                                        seen: list[dict[str, Any]]) -> None:
    rows = EVENTS_PER_JOB + 50
    csv = "姓名,手机\n" + "".join(f"联系人{i},138{i:08d}\n" for i in range(rows)) + "坏,13900000000\n"
    status = run_import(admin, worker, "contacts", csv.encode())
    assert status["created"] == rows + 1, status["errors"]
    worker.run_until_idle()
    ids = {c["id"] for c in admin.get("contacts", params={"limit": 500}).json()["items"]
           if c["name"] != "坏"}
    assert len(ids) == rows
    assert sorted(e["data"]["id"] for e in seen) == sorted(ids)  # each once
    assert len({e["id"] for e in seen}) == rows  # each its own event id
    with sessions() as s:
        s.info["tenant_id"] = None
        jobs = list(s.scalars(select(Job).where(Job.kind.in_(("event", "events")))))
        batches = [j for j in jobs if j.kind == "events" and j.tenant_id == seen[0]["tenant_id"]]
        assert len(batches) == 2 and all(j.status == "done" for j in batches)
        # The failing event was rolled back alone and waits for its retry as an event job.
        retry = [j for j in jobs if j.kind == "event" and j.last_error
                 and j.payload.get("type") == "contacts.created"]
        assert len(retry) == 1 and retry[0].status == "queued"
        assert "subscriber failed" in (retry[0].last_error or "")


def test_rules_act_on_each_imported_record(admin: Api, worker: Any) -> None:
    """An automation rule on created accounts runs for every account of an import
    (its events delivered a batch at a time) and for none it does not match."""
    r = admin.post("automation_rules", {
        "name": "制造业客户", "object": "accounts", "trigger": "created",
        "condition": {"field": "industry", "op": "eq", "value": "制造"},
        "actions": [{"type": "update_field", "field": "level", "value": "B"}]})
    assert r.status_code == 201, r.text
    rows = EVENTS_PER_JOB + 10
    csv = "客户名称,行业\n" + "".join(
        f"客户{i}有限公司,{'制造' if i % 2 else '金融'}\n" for i in range(rows))
    status = run_import(admin, worker, "accounts", csv.encode())
    assert status["created"] == rows, status["errors"]
    worker.run_until_idle()
    levels: dict[str | None, int] = {}
    for a in admin.get("accounts", params={"limit": 500}).json()["items"]:
        assert a["level"] == ("B" if a["industry"] == "制造" else None), a
        levels[a["level"]] = levels.get(a["level"], 0) + 1
    assert levels == {"B": rows // 2, None: rows // 2}
