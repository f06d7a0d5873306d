"""Orders through the approvals API: POST /orders/{id}/submit, approve, reject."""

from __future__ import annotations

from typing import Any

from tests.factories import Api


def _order(api: Api, lines: bool = True) -> dict[str, Any]:
    acct = api.create("accounts?allow_duplicate=true", name="青岛海滨机械")
    body: dict[str, Any] = {"account_id": acct["id"]}
    if lines:
        body["lines"] = [{"quantity": "10", "unit_price": "120.00", "discount": "25"}]
    return api.create("orders", **body)


def test_submit_without_a_flow_approves_at_once(admin: Api) -> None:
    order = _order(admin)
    r = admin.post(f"orders/{order['id']}/submit")
    assert r.status_code == 200, r.text
    got = admin.get(f"orders/{order['id']}").json()
    assert got["status"] == "approved" and got["approved_at"]
    assert admin.post(f"orders/{order['id']}/fulfill").json()["status"] == "fulfilled"


def test_submit_an_order_without_lines_is_422(admin: Api) -> None:
    order = _order(admin, lines=False)
    r = admin.post(f"orders/{order['id']}/submit")
    assert r.status_code == 422 and r.json()["errors"][0]["field"] == "lines"
    assert admin.get(f"orders/{order['id']}").json()["status"] == "draft"


def test_manager_approves_or_rejects_a_reps_order(tenant: Any) -> None:
    dept = tenant.department("华北销售部")
    manager = tenant.user("Manager", roles=["sales_manager"], department_id=dept["id"])
    rep = tenant.user("Rep", department_id=dept["id"], manager_id=manager.user["id"])
    r = tenant.admin.post("approval_flows", {
        "name": "大额订单", "object": "orders",
        "condition": {"field": "total", "op": "gte", "value": "500"},
        "steps": [{"approver": {"type": "manager"}, "mode": "any"}]})
    assert r.status_code == 201, r.text
    order = _order(rep)  # 10 × 120 × 75% = 900.00
    assert order["total"] == "900.00"
    assert rep.post(f"orders/{order['id']}/submit").status_code == 200
    got = rep.get(f"orders/{order['id']}").json()
    assert got["status"] == "submitted"
    r = rep.patch(f"orders/{order['id']}", {"version": got["version"],
                                            "lines": [{"quantity": 1, "unit_price": 1}]})
    assert r.status_code == 409
    waiting = manager.get("approvals", params={"mine": "true"}).json()["items"]
    approval = next(a for a in waiting if a["record_id"] == order["id"])
    r = manager.post(f"approvals/{approval['id']}/reject", {"comment": "折扣太大"})
    assert r.status_code == 200, r.text
    got = rep.get(f"orders/{order['id']}").json()
    assert got["status"] == "rejected"
    # Back to draft, fix the discount, submit again, approved.
    got = rep.patch(f"orders/{order['id']}", {"version": got["version"],
                                              "status": "draft"}).json()
    r = rep.patch(f"orders/{order['id']}", {"version": got["version"], "lines": [
        {"quantity": "10", "unit_price": "120.00", "discount": "10"}]})
    assert r.status_code == 200 and r.json()["total"] == "1080.00"
    assert rep.post(f"orders/{order['id']}/submit").status_code == 200
    waiting = manager.get("approvals", params={"mine": "true"}).json()["items"]
    approval = next(a for a in waiting if a["record_id"] == order["id"])
    assert manager.post(f"approvals/{approval['id']}/approve").status_code == 200
    assert rep.get(f"orders/{order['id']}").json()["status"] == "approved"


def test_money_waits_while_the_order_waits_for_approval(tenant: Any) -> None:
    admin = tenant.admin
    r = admin.post("approval_flows", {"name": "全部订单", "object": "orders",
                                      "steps": [{"approver": {"type": "role",
                                                              "value": "admin"},
                                                 "mode": "any"}]})
    assert r.status_code == 201, r.text
    order = _order(admin)
    assert admin.post(f"orders/{order['id']}/submit").status_code == 200
    r = admin.post("payments", {"order_id": order["id"], "amount": "1", "paid_on": "2026-11-27"})
    assert r.status_code == 409
    assert admin.get("payments", params={"order_id": order["id"]}).json()["items"] == []
    assert admin.get(f"orders/{order['id']}").json()["paid_amount"] == "0.00"
