"""Approval flows: multi-step, reject, withdraw, lock while pending, concurrent approve
of the same step, deactivated approvers, notifications, timeline and audit."""

from __future__ import annotations

import threading
from typing import Any

from sqlalchemy import select

from salescrm.models import Job
from tests.factories import Api, Tenant

BIG_ACCOUNTS = {"field": "level", "op": "eq", "value": "A"}


def flow(api: Api, steps: list[dict[str, Any]], condition: Any = BIG_ACCOUNTS,
         obj: str = "accounts", name: str = "Key accounts") -> dict[str, Any]:
    r = api.post("approval_flows", {"name": name, "object": obj, "condition": condition,
                                    "steps": steps})
    assert r.status_code == 201, r.text
    return r.json()  # type: ignore[no-any-return]


def team(tenant: Tenant) -> dict[str, Any]:
    dept = tenant.department("华东销售部")
    manager = tenant.user("Manager", roles=["sales_manager"], department_id=dept["id"])
    rep = tenant.user("Rep", department_id=dept["id"], manager_id=manager.user["id"])
    return {"dept": dept, "manager": manager, "rep": rep,
            "u1": tenant.user("Finance"), "u2": tenant.user("Legal")}


def mine(api: Api) -> list[dict[str, Any]]:
    r = api.get("approvals?mine=true")
    assert r.status_code == 200, r.text
    return r.json()["items"]  # type: ignore[no-any-return]


def test_multi_step_flow_with_manager_then_all_of_two_users(tenant: Tenant,
                                                            sessions: Any) -> None:
    t = team(tenant)
    flow(tenant.admin, [
        {"approver": {"type": "manager"}},
        {"approver": {"type": "user", "value": [t["u1"].user["id"], t["u2"].user["id"]]},
         "mode": "all"},
    ])
    rep = t["rep"]
    acct = rep.create("accounts", name="中石化", level="A")
    r = rep.post(f"accounts/{acct['id']}/submit", {"comment": "请审批"})
    assert r.status_code == 200, r.text
    approval = r.json()
    assert approval["status"] == "pending" and approval["step"] == 0
    assert [a["id"] for a in mine(t["manager"])] == [approval["id"]]
    assert mine(t["u1"]) == []
    # Locked while pending.
    r = rep.patch(f"accounts/{acct['id']}", {"version": acct["version"], "city": "北京"})
    assert r.status_code == 409
    assert rep.delete(f"accounts/{acct['id']}").status_code == 409
    assert rep.post(f"accounts/{acct['id']}/submit").status_code == 409
    # Step 1: the manager.
    assert t["u1"].post(f"approvals/{approval['id']}/approve").status_code in (404, 409)
    r = t["manager"].post(f"approvals/{approval['id']}/approve", {"comment": "同意"})
    assert r.status_code == 200 and r.json()["step"] == 1 and r.json()["status"] == "pending"
    # Step 2: both users must approve.
    assert [a["id"] for a in mine(t["u1"])] == [approval["id"]]
    r = t["u1"].post(f"approvals/{approval['id']}/approve")
    assert r.json()["status"] == "pending" and r.json()["step"] == 1
    assert t["u1"].post(f"approvals/{approval['id']}/approve").status_code == 409
    r = t["u2"].post(f"approvals/{approval['id']}/approve")
    assert r.status_code == 200 and r.json()["status"] == "approved"
    assert rep.patch(f"accounts/{acct['id']}", {"version": acct["version"],
                                                "city": "北京"}).status_code == 200
    # Audit and timeline carry every step; approvers and submitter were notified.
    actions = [e["action"] for e in tenant.admin.get(
        f"audit?object=accounts&record_id={acct['id']}").json()["items"]]
    assert actions.count("approve") == 3 and "submit" in actions and "approval" in actions
    timeline = rep.get(f"accounts/{acct['id']}/timeline").json()["items"]
    steps = [i["action"] for i in timeline if i["kind"] == "approval"]
    assert sorted(steps) == sorted(["submitted", "approved", "approved", "approved",
                                    "approval_approved"])
    for api, kind in ((t["manager"], "approval_request"), (t["u2"], "approval_request"),
                      (rep, "approval_approved")):
        kinds = [n["kind"] for n in api.get("notifications").json()["items"]]
        assert kind in kinds, (api.user["name"], kinds)
    with sessions() as s:
        types = [j.payload["type"] for j in s.scalars(select(Job).where(
            Job.tenant_id == tenant.id, Job.kind == "event"))]
    assert types.count("accounts.approved") == 1


def test_no_matching_flow_approves_at_once(tenant: Tenant) -> None:
    flow(tenant.admin, [{"approver": {"type": "role", "value": "admin"}}])
    acct = tenant.admin.create("accounts", name="Small", level="C")
    r = tenant.admin.post(f"accounts/{acct['id']}/submit")
    assert r.status_code == 200 and r.json()["status"] == "approved"
    assert tenant.admin.patch(f"accounts/{acct['id']}", {"version": 1,
                                                         "city": "上海"}).status_code == 200


def test_reject_ends_the_approval_and_unlocks(tenant: Tenant) -> None:
    t = team(tenant)
    flow(tenant.admin, [{"approver": {"type": "manager"}},
                        {"approver": {"type": "role", "value": "admin"}}])
    acct = t["rep"].create("accounts", name="Reject me", level="A")
    approval = t["rep"].post(f"accounts/{acct['id']}/submit").json()
    r = t["manager"].post(f"approvals/{approval['id']}/reject", {"comment": "价格太低"})
    assert r.status_code == 200 and r.json()["status"] == "rejected"
    assert r.json()["comment"] == "价格太低"
    assert mine(tenant.admin) == []
    assert t["rep"].patch(f"accounts/{acct['id']}", {"version": 1,
                                                     "city": "杭州"}).status_code == 200
    assert t["manager"].post(f"approvals/{approval['id']}/approve").status_code == 409
    kinds = [n["kind"] for n in t["rep"].get("notifications").json()["items"]]
    assert "approval_rejected" in kinds
    # Resubmitting starts a new approval.
    again = t["rep"].post(f"accounts/{acct['id']}/submit").json()
    assert again["id"] != approval["id"] and again["status"] == "pending"


def test_withdraw(tenant: Tenant) -> None:
    t = team(tenant)
    flow(tenant.admin, [{"approver": {"type": "manager"}}])
    acct = t["rep"].create("accounts", name="Withdraw me", level="A")
    approval = t["rep"].post(f"accounts/{acct['id']}/submit").json()
    assert t["manager"].post(f"approvals/{approval['id']}/withdraw").status_code == 403
    r = t["rep"].post(f"approvals/{approval['id']}/withdraw")
    assert r.status_code == 200 and r.json()["status"] == "withdrawn"
    assert t["rep"].post(f"approvals/{approval['id']}/withdraw").status_code == 409
    assert mine(t["manager"]) == []
    assert t["rep"].patch(f"accounts/{acct['id']}", {"version": 1,
                                                     "city": "南京"}).status_code == 200
    outsider = tenant.user("Outsider")
    assert outsider.get(f"approvals/{approval['id']}").status_code == 404


def test_concurrent_approve_of_the_same_step_one_wins(tenant: Tenant) -> None:
    t = team(tenant)
    flow(tenant.admin, [
        {"approver": {"type": "user", "value": [t["u1"].user["id"], t["u2"].user["id"]]},
         "mode": "any"},
        {"approver": {"type": "role", "value": "admin"}},
    ])
    acct = t["rep"].create("accounts", name="Race", level="A")
    approval = t["rep"].post(f"accounts/{acct['id']}/submit").json()
    for name in ("u1", "u2"):  # sign-in bookkeeping done before the race
        assert len(mine(t[name])) == 1
    barrier = threading.Barrier(2)
    results: dict[str, int] = {}

    def approve(name: str) -> None:
        barrier.wait()
        results[name] = t[name].post(f"approvals/{approval['id']}/approve").status_code

    threads = [threading.Thread(target=approve, args=(n,)) for n in ("u1", "u2")]
    for th in threads:
        th.start()
    for th in threads:
        th.join()
    assert sorted(results.values()) == [200, 409], results
    got = tenant.admin.get(f"approvals/{approval['id']}").json()
    assert got["step"] == 1 and got["status"] == "pending" and got["version"] == 2
    decided = [task["status"] for task in got["tasks"] if task["step"] == 0]
    assert sorted(decided) == ["approved", "cancelled"]
    assert len([task for task in got["tasks"] if task["step"] == 1]) == 1


def test_deactivated_approver_hands_over_to_the_admin(tenant: Tenant, worker: Any) -> None:
    t = team(tenant)
    flow(tenant.admin, [{"approver": {"type": "user", "value": t["u1"].user["id"]}}])
    acct = t["rep"].create("accounts", name="Handover", level="A")
    approval = t["rep"].post(f"accounts/{acct['id']}/submit").json()
    assert mine(tenant.admin) == []
    user = tenant.admin.get(f"users/{t['u1'].user['id']}").json()
    r = tenant.admin.patch(f"users/{user['id']}", {"version": user["version"],
                                                   "is_active": False})
    assert r.status_code == 200, r.text
    worker.run_until_idle()
    assert [a["id"] for a in mine(tenant.admin)] == [approval["id"]]
    r = tenant.admin.post(f"approvals/{approval['id']}/approve")
    assert r.status_code == 200 and r.json()["status"] == "approved"
    task = r.json()["tasks"][0]
    assert task["reassigned_from"] == t["u1"].user["id"]


def test_department_head_and_role_approvers(tenant: Tenant) -> None:
    t = team(tenant)
    head = tenant.user("Head", roles=["sales_manager"])
    dept = tenant.admin.get(f"departments/{t['dept']['id']}").json()
    tenant.admin.patch(f"departments/{dept['id']}", {"version": dept["version"],
                                                     "head_id": head.user["id"]})
    flow(tenant.admin, [{"approver": {"type": "department_head"}},
                        {"approver": {"type": "role", "value": "sales_manager"},
                         "mode": "any"}])
    acct = t["rep"].create("accounts", name="Heads", level="A")
    approval = t["rep"].post(f"accounts/{acct['id']}/submit").json()
    assert [a["id"] for a in mine(head)] == [approval["id"]]
    head.post(f"approvals/{approval['id']}/approve")
    # Everyone with the role gets it (the head decided step 1 and has it again).
    assert [a["id"] for a in mine(t["manager"])] == [approval["id"]]
    r = t["manager"].post(f"approvals/{approval['id']}/approve")
    assert r.json()["status"] == "approved"
    assert mine(head) == []


def test_steps_may_jump_with_next(tenant: Tenant) -> None:
    t = team(tenant)
    flow(tenant.admin, [
        {"key": "mgr", "approver": {"type": "manager"}, "next": "finance"},
        {"key": "legal", "approver": {"type": "user", "value": t["u2"].user["id"]}},
        {"key": "finance", "approver": {"type": "user", "value": t["u1"].user["id"]}},
    ])
    acct = t["rep"].create("accounts", name="Jump", level="A")
    approval = t["rep"].post(f"accounts/{acct['id']}/submit").json()
    t["manager"].post(f"approvals/{approval['id']}/approve")
    assert mine(t["u2"]) == [] and len(mine(t["u1"])) == 1
    assert t["u1"].post(f"approvals/{approval['id']}/approve").json()["status"] == "approved"


def test_bad_flows_are_422_naming_the_field_and_nothing_is_saved(tenants: Any) -> None:
    a: Tenant = tenants.new()
    b: Tenant = tenants.new()
    stranger = b.user("Stranger")
    ok_step = {"approver": {"type": "manager"}}
    cases = [
        ({"object": "nothing"}, "object"),
        ({"condition": {"field": "colour", "op": "eq", "value": "x"}}, "condition.field"),
        ({"steps": []}, "steps"),
        ({"steps": [{"approver": {"type": "boss"}}]}, "steps[0].approver.type"),
        ({"steps": [{"approver": {"type": "role", "value": "king"}}]},
         "steps[0].approver.value"),
        ({"steps": [{"approver": {"type": "user", "value": stranger.user["id"]}}]},
         "steps[0].approver.value"),
        ({"steps": [{**ok_step, "mode": "most"}]}, "steps[0].mode"),
        ({"steps": [{**ok_step, "key": "a", "next": "zzz"}]}, "steps[0].next"),
        ({"steps": [{**ok_step, "key": "a"}, {**ok_step, "key": "b", "next": "a"}]},
         "steps[1].next"),
        ({"steps": [{**ok_step, "key": "a", "next": "a"}]}, "steps[0].next"),
        ({"steps": [{**ok_step, "key": "a"}, {**ok_step, "key": "a"}]}, "steps[1].key"),
    ]
    for extra, field in cases:
        body = {"name": "Flow", "object": "accounts", "condition": None,
                "steps": [ok_step], **extra}
        r = a.admin.post("approval_flows", body)
        assert r.status_code == 422, (extra, r.text)
        assert field in {e["field"] for e in r.json()["errors"]}, (field, r.json())
    circular = a.admin.post("approval_flows", {"name": "F", "object": "accounts", "steps": [
        {**ok_step, "key": "a"}, {**ok_step, "key": "b", "next": "a"}]})
    assert circular.json()["errors"][0]["code"] == "approval.circular"
    assert a.admin.get("approval_flows").json()["items"] == []
    rep = a.user("Rep")
    assert rep.post("approval_flows", {"name": "F", "object": "accounts",
                                       "steps": [ok_step]}).status_code == 403


def test_orders_use_their_hooks_and_emit_orders_approved_once(tenant: Tenant,
                                                               sessions: Any) -> None:
    admin = tenant.admin
    flow(admin, [{"approver": {"type": "role", "value": "admin"}}],
         condition={"field": "total", "op": "gt", "value": "100000"}, obj="orders",
         name="Big orders")
    acct = admin.create("accounts?allow_duplicate=true", name="宝钢")
    small = admin.create("orders", account_id=acct["id"],
                         lines=[{"quantity": "1", "unit_price": "500"}])
    big = admin.create("orders", account_id=acct["id"],
                       lines=[{"quantity": "3", "unit_price": "50000"}])
    r = admin.post(f"orders/{small['id']}/submit")
    assert r.json()["status"] == "approved"
    assert admin.get(f"orders/{small['id']}").json()["status"] == "approved"
    r = admin.post(f"orders/{big['id']}/submit")
    assert r.json()["status"] == "pending"
    assert admin.get(f"orders/{big['id']}").json()["status"] == "submitted"
    r = admin.post(f"approvals/{r.json()['id']}/approve")
    assert r.json()["status"] == "approved"
    assert admin.get(f"orders/{big['id']}").json()["status"] == "approved"
    with sessions() as s:
        approved = [j.payload["data"]["id"] for j in s.scalars(select(Job).where(
            Job.tenant_id == tenant.id, Job.kind == "event"))
            if j.payload["type"] == "orders.approved"]
    assert sorted(approved) == sorted([small["id"], big["id"]])
