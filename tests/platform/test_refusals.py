"""Refusals of a record the caller can see answer as API.md says (issue 18): 403 "action
not allowed on a visible record", each with its own ``code``; 409 stays for conflicts —
a stale version, a duplicate, a record locked (pending approval, converted already)."""

from __future__ import annotations

from typing import Any

from tests.factories import Api, Tenant


def refused(r: Any, status: int, code: str) -> None:
    assert (r.status_code, r.json().get("code")) == (status, code), r.text
    assert r.headers["content-type"].startswith("application/problem+json")
    assert r.json()["detail"]


def test_approval_refusals(tenant: Tenant) -> None:
    admin = tenant.admin
    dept = tenant.department("华东销售部")
    manager = tenant.user("Manager", roles=["sales_manager"], department_id=dept["id"])
    rep = tenant.user("Rep", department_id=dept["id"], manager_id=manager.user["id"])
    r = admin.post("approval_flows", {"name": "Big", "object": "accounts", "condition": None,
                                      "steps": [{"approver": {"type": "manager"},
                                                 "mode": "all"}]})
    assert r.status_code == 201, r.text
    acct = rep.create("accounts", name="Own request")
    approval = rep.post(f"accounts/{acct['id']}/submit").json()
    # The submitter may see the request but not decide it (was 409).
    refused(rep.post(f"approvals/{approval['id']}/approve"), 403, "approval.own_request")
    refused(rep.post(f"approvals/{approval['id']}/reject"), 403, "approval.own_request")
    # An administrator sees every approval; nothing in it waits for them.
    refused(admin.post(f"approvals/{approval['id']}/approve"), 403, "approval.not_your_turn")
    # Locked while pending, submitted twice: conflicts.
    refused(rep.patch(f"accounts/{acct['id']}", {"version": 1, "city": "北京"}), 409,
            "approval.locked")
    refused(rep.post(f"accounts/{acct['id']}/submit"), 409, "approval.already_pending")
    assert manager.post(f"approvals/{approval['id']}/approve").json()["status"] == "approved"
    refused(manager.post(f"approvals/{approval['id']}/approve"), 409, "approval.not_pending")


def test_an_approver_deciding_twice_is_a_conflict(tenant: Tenant) -> None:
    admin = tenant.admin
    other_admin, rep = tenant.user("Admintwo", roles=["admin"]), tenant.user("Rep")
    r = admin.post("approval_flows", {"name": "Both admins", "object": "accounts",
                                      "condition": None,
                                      "steps": [{"approver": {"type": "role", "value": "admin"},
                                                 "mode": "all"}]})
    assert r.status_code == 201, r.text
    acct = rep.create("accounts", name="Two approvers")
    approval = rep.post(f"accounts/{acct['id']}/submit").json()
    assert admin.post(f"approvals/{approval['id']}/approve").json()["status"] == "pending"
    refused(admin.post(f"approvals/{approval['id']}/approve"), 409,
            "approval.already_decided")
    assert other_admin.post(f"approvals/{approval['id']}/approve").json()["status"] \
        == "approved"


def test_pool_refusals(tenant: Tenant) -> None:
    admin = tenant.admin
    dept = tenant.department("电销部")
    manager = tenant.user("Manager", roles=["sales_manager"], department_id=dept["id"])
    rep = tenant.user("Rep", department_id=dept["id"], manager_id=manager.user["id"])
    assert admin.patch("pool_settings/leads", {"max_held": 1}).status_code == 200
    first = admin.create("leads", name="池中线索一", owner_id=None)
    second = admin.create("leads", name="池中线索二", owner_id=None)
    assert rep.post(f"leads/{first['id']}/claim").status_code == 200
    capped = rep.post(f"leads/{second['id']}/claim")
    refused(capped, 403, "pool.cap_reached")
    assert capped.json()["max_held"] == 1
    # The manager sees the rep's lead: it is not theirs to take from the pool.
    refused(manager.post(f"leads/{first['id']}/claim"), 403, "pool.not_in_pool")
    refused(rep.post(f"leads/{second['id']}/release"), 403, "pool.already_in_pool")
    converted = admin.create("leads", name="已转化", company="已转化公司")
    assert admin.post(f"leads/{converted['id']}/convert", {}).status_code == 200
    refused(admin.post(f"leads/{converted['id']}/release"), 403, "pool.closed_record")
    # Converting twice stays the contract's 409.
    refused(admin.post(f"leads/{converted['id']}/convert", {}), 409, "leads.already_converted")


def test_customer_pool_cap_is_403(tenant: Tenant) -> None:
    admin = tenant.admin
    rep = tenant.user("Rep")
    assert admin.patch("pool_settings/accounts", {"max_held": 1}).status_code == 200
    rep.create("accounts", name="自己的客户")
    pooled = admin.create("accounts", name="公海客户", owner_id=None)
    refused(rep.post(f"accounts/{pooled['id']}/claim"), 403, "pool.cap_reached")


def test_transfer_and_team_refusals(tenant: Tenant) -> None:
    owner, reader, peer = tenant.user("Owner"), tenant.user("Reader"), tenant.user("Peer")
    acct = owner.create("accounts", name="长沙岳麓教育")
    team = f"accounts/{acct['id']}/team"
    assert owner.post(team, {"user_id": reader.user["id"], "access": "read"}).status_code == 201
    refused(reader.post(f"accounts/{acct['id']}/transfer", {"owner_id": peer.user["id"]}),
            403, "error.forbidden_action")
    # Even edit access on the team gives no right to give the record away.
    assert owner.post(team, {"user_id": reader.user["id"], "access": "edit"}).status_code == 200
    refused(reader.post(f"accounts/{acct['id']}/transfer", {"owner_id": peer.user["id"]}),
            403, "error.owner_side_only")
    refused(reader.post(team, {"user_id": peer.user["id"]}), 403, "collab.team_forbidden")
    refused(reader.delete(f"{team}/{owner.user['id']}"), 403, "collab.team_forbidden")
    # Out of sight stays 404.
    assert peer.post(f"accounts/{acct['id']}/transfer",
                     {"owner_id": peer.user["id"]}).status_code == 404


def test_quote_conversion_refusals(admin: Api) -> None:
    account = admin.create("accounts", name="杭州云帆网络有限公司")
    product = admin.create("products", name="License", code="LIC", price="1000.00")
    quote = admin.create("quotes", account_id=account["id"],
                         lines=[{"product_id": product["id"], "quantity": 1}])
    r = admin.patch(f"quotes/{quote['id']}", {"version": 1, "status": "rejected"})
    assert r.status_code == 200, r.text
    refused(admin.post(f"quotes/{quote['id']}/convert_to_order"), 403, "sales.quote_rejected")
    accepted = admin.create("quotes", account_id=account["id"],
                            lines=[{"product_id": product["id"], "quantity": 2}])
    assert admin.post(f"quotes/{accepted['id']}/convert_to_order").status_code == 201
    refused(admin.post(f"quotes/{accepted['id']}/convert_to_order"), 409,
            "sales.quote_converted")


def test_built_in_dashboards_are_not_changed(admin: Api) -> None:
    refused(admin.patch("dashboards/default_sales", {"name": "x", "version": 1}), 403,
            "dashboard.builtin_readonly")
    refused(admin.delete("dashboards/default_sales"), 403, "dashboard.builtin_readonly")
