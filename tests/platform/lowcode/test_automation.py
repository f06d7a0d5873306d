"""Automation rules: exactly the expected side effects, idempotent under a duplicated
job, a loop guard for rules that trigger each other, scheduled rules, run log."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from sqlalchemy import select

from salescrm.db.types import new_id
from salescrm.models import Job
from salescrm.platform.automation.runner import MAX_DEPTH
from salescrm.platform.jobs import enqueue
from tests.factories import Api, Tenant


def rule(api: Api, **body: Any) -> dict[str, Any]:
    body.setdefault("name", "Rule")
    body.setdefault("object", "accounts")
    r = api.post("automation_rules", body)
    assert r.status_code == 201, r.text
    return r.json()  # type: ignore[no-any-return]


def runs(api: Api, rule_id: str) -> list[dict[str, Any]]:
    return api.get(f"automation_rules/{rule_id}/runs").json()["items"]  # type: ignore[no-any-return]


def tasks_for(api: Api, record_id: str) -> list[dict[str, Any]]:
    return api.get(f"tasks?related_id={record_id}").json()["items"]  # type: ignore[no-any-return]


def test_created_rule_updates_field_creates_task_and_notifies(tenant: Tenant,
                                                              worker: Any) -> None:
    admin = tenant.admin
    rep = tenant.user("Rep")
    r = rule(admin, name="新制造业客户", trigger="created",
             condition={"field": "industry", "op": "eq", "value": "制造"},
             actions=[{"type": "update_field", "field": "level", "value": "B"},
                      {"type": "create_task", "title": "首次拜访", "due_in_days": 3,
                       "assignee": "owner"},
                      {"type": "notify", "user": "owner", "message": "新客户请跟进"}])
    matched = rep.create("accounts", name="三一重工", industry="制造")
    other = rep.create("accounts", name="某银行", industry="金融")
    worker.run_until_idle()
    got = rep.get(f"accounts/{matched['id']}").json()
    assert got["level"] == "B" and got["version"] == 2
    assert rep.get(f"accounts/{other['id']}").json()["level"] is None
    tasks = tasks_for(rep, matched["id"])
    assert len(tasks) == 1
    assert tasks[0]["title"] == "首次拜访" and tasks[0]["assignee_id"] == rep.user["id"]
    assert tasks_for(rep, other["id"]) == []
    notes = [n for n in rep.get("notifications").json()["items"] if n["kind"] == "automation"]
    assert len(notes) == 1 and notes[0]["record_id"] == matched["id"]
    assert notes[0]["body"] == "新客户请跟进"
    outcomes = sorted((x["record_id"], x["status"]) for x in runs(admin, r["id"]))
    assert outcomes == sorted([(matched["id"], "succeeded"), (other["id"], "skipped")])
    # The automated change is audited like any other.
    audit = admin.get(f"audit?object=accounts&record_id={matched['id']}").json()["items"]
    assert audit[0]["changes"]["level"] == [None, "B"]


def test_duplicated_event_job_acts_once(tenant: Tenant, worker: Any, sessions: Any) -> None:
    admin = tenant.admin
    r = rule(admin, trigger="created",
             actions=[{"type": "create_task", "title": "Call", "assignee": "owner"}])
    acct = admin.create("accounts", name="Duplicate me")
    with sessions() as s, s.begin():
        s.info["tenant_id"] = None
        original = next(j for j in s.scalars(select(Job).where(
            Job.tenant_id == tenant.id, Job.kind == "event", Job.status == "queued"))
            if j.payload["type"] == "accounts.created" and j.payload["data"]["id"] == acct["id"])
        # The same event delivered twice (a worker died after acting, before marking done).
        s.add(Job(id=new_id(), kind="event", payload=dict(original.payload),
                  tenant_id=tenant.id, status="queued", attempts=0, max_attempts=8,
                  run_at=original.run_at))
    worker.run_until_idle()
    assert len(tasks_for(admin, acct["id"])) == 1
    assert [x["status"] for x in runs(admin, r["id"])] == ["succeeded"]


def test_loop_guard_stops_rules_that_trigger_each_other(tenant: Tenant, worker: Any) -> None:
    admin = tenant.admin
    ping = rule(admin, name="ping", trigger="field_changed", field="city",
                condition={"field": "city", "op": "eq", "value": "北京"},
                actions=[{"type": "update_field", "field": "city", "value": "上海"}])
    pong = rule(admin, name="pong", trigger="field_changed", field="city",
                condition={"field": "city", "op": "eq", "value": "上海"},
                actions=[{"type": "update_field", "field": "city", "value": "北京"}])
    acct = admin.create("accounts", name="Ping pong")
    admin.patch(f"accounts/{acct['id']}", {"version": 1, "city": "北京"})
    worker.run_until_idle()
    all_runs = runs(admin, ping["id"]) + runs(admin, pong["id"])
    stopped = [x for x in all_runs if x["status"] == "loop_stopped"]
    assert len(stopped) == 1 and stopped[0]["depth"] == MAX_DEPTH
    succeeded = [x for x in all_runs if x["status"] == "succeeded"]
    assert len(succeeded) == MAX_DEPTH
    assert admin.get(f"accounts/{acct['id']}").json()["version"] == 2 + MAX_DEPTH


def test_refused_action_is_logged_as_failed_and_changes_nothing(tenant: Tenant,
                                                                worker: Any) -> None:
    admin = tenant.admin
    admin.post("validation_rules", {
        "object": "accounts", "name": "No D", "field": "level",
        "condition": {"field": "level", "op": "eq", "value": "D"},
        "message": {"en": "Level D is retired.", "zh-CN": "D 级已停用。"}})
    r = rule(admin, trigger="created",
             actions=[{"type": "create_task", "title": "Never", "assignee": "owner"},
                      {"type": "update_field", "field": "level", "value": "D"}])
    acct = admin.create("accounts", name="Refused")
    worker.run_until_idle()
    [run] = runs(admin, r["id"])
    assert run["status"] == "failed"
    assert run["detail"]["errors"][0]["code"] == "validation_rule"
    assert run["detail"]["rolled_back"][0]["type"] == "create_task"
    assert admin.get(f"accounts/{acct['id']}").json()["level"] is None
    assert tasks_for(admin, acct["id"]) == []  # all of a rule's actions, or none


def test_assign_and_move_to_pool(tenant: Tenant, worker: Any) -> None:
    admin = tenant.admin
    manager = tenant.user("Manager", roles=["sales_manager"])
    rule(admin, name="Key accounts to the manager", trigger="field_changed", field="level",
         condition={"field": "level", "op": "changed_to", "value": "A"},
         actions=[{"type": "assign", "user_id": manager.user["id"]}])
    rule(admin, name="Dead accounts to the pool", trigger="field_changed", field="level",
         condition={"field": "level", "op": "changed_to", "value": "D"},
         actions=[{"type": "move_to_pool"}])
    a = admin.create("accounts", name="Goes up")
    b = admin.create("accounts", name="Goes down")
    admin.patch(f"accounts/{a['id']}", {"version": 1, "level": "A"})
    admin.patch(f"accounts/{b['id']}", {"version": 1, "level": "D"})
    worker.run_until_idle()
    assert admin.get(f"accounts/{a['id']}").json()["owner_id"] == manager.user["id"]
    assert admin.get(f"accounts/{b['id']}").json()["owner_id"] is None


def test_scheduled_rule_fires_once_per_date(tenant: Tenant, worker: Any,
                                            sessions: Any) -> None:
    admin = tenant.admin
    admin.post("meta/objects/accounts/fields", {"api_name": "renewal_date", "type": "date",
                                                "label": "Renewal date"})
    r = rule(admin, name="3 days before renewal", trigger="scheduled", field="renewal_date",
             offset_days=-3,
             actions=[{"type": "create_task", "title": "Renewal call", "assignee": "owner"}])
    today = date.today()
    soon = admin.create("accounts", name="Soon", renewal_date=str(today + timedelta(days=2)))
    later = admin.create("accounts", name="Later",
                         renewal_date=str(today + timedelta(days=10)))

    def tick() -> None:
        with sessions() as s, s.begin():
            s.info["tenant_id"] = None
            enqueue(s, "automation.scheduled", {})
        worker.run_until_idle()

    tick()
    tick()
    assert len(tasks_for(admin, soon["id"])) == 1
    assert tasks_for(admin, later["id"]) == []
    # A moved date arms the rule again.
    got = admin.get(f"accounts/{soon['id']}").json()
    admin.patch(f"accounts/{soon['id']}", {"version": got["version"],
                                           "renewal_date": str(today + timedelta(days=1))})
    tick()
    assert len(tasks_for(admin, soon["id"])) == 2
    assert len([x for x in runs(admin, r["id"]) if x["status"] == "succeeded"]) == 2


def test_bad_rules_are_422_naming_the_field(tenant: Tenant) -> None:
    admin = tenant.admin
    ok = {"name": "R", "object": "accounts", "trigger": "created",
          "actions": [{"type": "notify", "user": "owner"}]}
    stranger = tenant.user("Someone")
    cases = [
        ({"object": "nothing"}, "object"),
        ({"trigger": "sometimes"}, "trigger"),
        ({"trigger": "field_changed"}, "field"),
        ({"trigger": "scheduled", "field": "name"}, "field"),
        ({"trigger": "scheduled", "field": "created_at", "offset_days": "3"}, "offset_days"),
        ({"condition": {"field": "colour", "op": "eq", "value": 1}}, "condition.field"),
        ({"actions": []}, "actions"),
        ({"actions": [{"type": "explode"}]}, "actions[0].type"),
        ({"actions": [{"type": "update_field", "field": "id", "value": "x"}]},
         "actions[0].field"),
        ({"actions": [{"type": "update_field", "field": "level", "value": "Z"}]},
         "actions[0].value"),
        ({"actions": [{"type": "create_task", "title": ""}]}, "actions[0].title"),
        ({"actions": [{"type": "create_task", "title": "T", "assignee": "nobody"}]},
         "actions[0].assignee"),
        ({"actions": [{"type": "webhook", "url": "ftp://x"}]}, "actions[0].url"),
        ({"actions": [{"type": "assign", "user_id": "nope"}]}, "actions[0].user_id"),
        ({"object": "departments", "actions": [{"type": "move_to_pool"}]}, "actions[0].type"),
    ]
    for extra, field in cases:
        r = admin.post("automation_rules", {**ok, **extra})
        assert r.status_code == 422, (extra, r.text)
        assert field in {e["field"] for e in r.json()["errors"]}, (field, r.json())
    assert admin.get("automation_rules").json()["items"] == []
    assert stranger.post("automation_rules", ok).status_code == 403

