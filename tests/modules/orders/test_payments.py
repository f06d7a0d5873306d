"""Payments (回款), payment plans and invoices (开票) through the REST API."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from tests.factories import Api, approved_order, paid_before_the_rule


def _fields(r: Any) -> set[str]:
    return {e["field"] for e in r.json()["errors"]}


def _draft(api: Api, total: str = "10000.00") -> dict[str, Any]:
    acct = api.create("accounts?allow_duplicate=true", name="深圳前海云智科技有限公司")
    r = api.post("orders", {"account_id": acct["id"], "lines": [
        {"quantity": "1", "unit_price": total}]})
    assert r.status_code == 201, r.text
    return r.json()  # type: ignore[no-any-return]


def _order(api: Api, total: str = "10000.00") -> dict[str, Any]:
    """An approved order: money is booked only against a confirmed one (issue 10.8)."""
    acct = api.create("accounts?allow_duplicate=true", name="深圳前海云智科技有限公司")
    return approved_order(api, account_id=acct["id"],
                          lines=[{"quantity": "1", "unit_price": total}])


def test_payments_update_paid_and_receivable(admin: Api) -> None:
    order = _order(admin)
    p = admin.create("payments", order_id=order["id"], amount="2500.50", paid_on="2026-11-20",
                     method="bank_transfer")
    assert p["account_id"] == order["account_id"]
    assert p["owner_id"] == order["owner_id"]
    got = admin.get(f"orders/{order['id']}").json()
    assert (got["paid_amount"], got["receivable"]) == ("2500.50", "7499.50")
    admin.create("payments", order_id=order["id"], amount="7499.50", paid_on="2026-11-21")
    got = admin.get(f"orders/{order['id']}").json()
    assert (got["paid_amount"], got["receivable"]) == ("10000.00", "0.00")


def test_overpayment_is_422_unless_allowed(admin: Api) -> None:
    order = _order(admin, "100.00")
    admin.create("payments", order_id=order["id"], amount="60", paid_on="2026-11-20")
    r = admin.post("payments", {"order_id": order["id"], "amount": "40.01",
                                "paid_on": "2026-11-21"})
    assert r.status_code == 422 and _fields(r) == {"amount"}
    assert "0.01" in r.json()["errors"][0]["message"]
    r = admin.post("payments?allow_overpayment=true", {"order_id": order["id"],
                                                       "amount": "40.01",
                                                       "paid_on": "2026-11-21"})
    assert r.status_code == 201, r.text
    got = admin.get(f"orders/{order['id']}").json()
    assert (got["paid_amount"], got["receivable"]) == ("100.01", "-0.01")


def test_payment_bad_input_names_the_field(admin: Api) -> None:
    order = _order(admin)
    r = admin.post("payments", {"amount": "10", "paid_on": "2026-11-20"})
    assert r.status_code == 422 and "order_id" in _fields(r)
    r = admin.post("payments", {"order_id": order["id"], "amount": "-5", "paid_on": "2026-11-20"})
    assert r.status_code == 422 and "amount" in _fields(r)
    r = admin.post("payments", {"order_id": order["id"], "amount": "0", "paid_on": "2026-11-20"})
    assert r.status_code == 422 and "amount" in _fields(r)
    r = admin.post("payments", {"order_id": order["id"], "amount": "5", "paid_on": "2026/11/20"})
    assert r.status_code == 422 and "paid_on" in _fields(r)
    r = admin.post("payments", {"order_id": order["id"], "amount": "5"})
    assert r.status_code == 422 and "paid_on" in _fields(r)
    assert admin.get("payments", params={"order_id": order["id"]}).json()["items"] == []
    assert admin.get(f"orders/{order['id']}").json()["paid_amount"] == "0.00"


def test_deleting_or_changing_a_payment_moves_the_balance(admin: Api) -> None:
    order = _order(admin)
    p = admin.create("payments", order_id=order["id"], amount="1000", paid_on="2026-11-20")
    r = admin.patch(f"payments/{p['id']}", {"version": p["version"], "amount": "3000"})
    assert r.status_code == 200, r.text
    assert admin.get(f"orders/{order['id']}").json()["receivable"] == "7000.00"
    r = admin.patch(f"payments/{p['id']}", {"version": r.json()["version"], "amount": "10000.01"})
    assert r.status_code == 422
    assert admin.delete(f"payments/{p['id']}").status_code == 204
    got = admin.get(f"orders/{order['id']}").json()
    assert (got["paid_amount"], got["receivable"]) == ("0.00", "10000.00")


def test_cancelled_order_takes_no_payment_and_paid_order_cannot_be_cancelled(admin: Api) -> None:
    order = _order(admin)
    admin.create("payments", order_id=order["id"], amount="1", paid_on="2026-11-20")
    assert admin.post(f"orders/{order['id']}/cancel").status_code == 409
    other = _order(admin)
    assert admin.post(f"orders/{other['id']}/cancel").status_code == 200
    r = admin.post("payments", {"order_id": other["id"], "amount": "1", "paid_on": "2026-11-20"})
    assert r.status_code == 422 and "order_id" in _fields(r)


def test_contract_payments_and_order_payments_roll_up(admin: Api) -> None:
    acct = admin.create("accounts?allow_duplicate=true", name="杭州西湖电子")
    contract = admin.create("contracts", name="框架合同", account_id=acct["id"], amount="5000",
                            status="active")
    order = approved_order(admin, account_id=acct["id"], contract_id=contract["id"],
                           lines=[{"quantity": 1, "unit_price": "3000"}])
    admin.create("payments", order_id=order["id"], amount="1000", paid_on="2026-11-20")
    admin.create("payments", contract_id=contract["id"], amount="500", paid_on="2026-11-21")
    got = admin.get(f"contracts/{contract['id']}").json()
    assert (got["paid_amount"], got["receivable"]) == ("1500.00", "3500.00")
    assert admin.get(f"orders/{order['id']}").json()["paid_amount"] == "1000.00"
    r = admin.post("payments", {"contract_id": contract["id"], "amount": "3500.01",
                                "paid_on": "2026-11-22"})
    assert r.status_code == 422 and "amount" in _fields(r)
    stranger = admin.create("contracts", name="别的合同", account_id=acct["id"], amount="1")
    r = admin.post("payments", {"order_id": order["id"], "contract_id": stranger["id"],
                                "amount": "1", "paid_on": "2026-11-22"})
    assert r.status_code == 422 and "contract_id" in _fields(r)


def test_payments_fill_plans_in_due_date_order(admin: Api) -> None:
    order = _order(admin)
    first = admin.create("payment_plans", order_id=order["id"], due_date="2026-12-01",
                         amount="3000")
    second = admin.create("payment_plans", order_id=order["id"], due_date="2027-01-01",
                          amount="7000")
    r = admin.post("payment_plans", {"order_id": order["id"], "due_date": "2027-02-01",
                                     "amount": "0.01"})
    assert r.status_code == 422 and "amount" in _fields(r)
    admin.create("payments", order_id=order["id"], amount="4000", paid_on="2026-11-20")
    p1 = admin.get(f"payment_plans/{first['id']}").json()
    p2 = admin.get(f"payment_plans/{second['id']}").json()
    assert (p1["status"], p1["paid_amount"]) == ("paid", "3000.00")
    assert (p2["status"], p2["paid_amount"]) == ("partially_paid", "1000.00")


def _run_overdue_job(sessions: Any, worker: Any) -> None:
    """What the hourly schedule does, now."""
    from salescrm.platform.jobs import enqueue

    with sessions() as s, s.begin():
        s.info["tenant_id"] = None
        enqueue(s, "payment_plans.mark_overdue", {})
    worker.run_until_idle()


def test_overdue_job_marks_plans_once_and_notifies_the_owner(tenant: Any, worker: Any,
                                                            sessions: Any) -> None:
    rep = tenant.user("Rep")
    order = _order(rep)
    yesterday = (date.today() - timedelta(days=1)).isoformat()
    plan = rep.create("payment_plans", order_id=order["id"], due_date=yesterday,
                      amount="500")
    future = rep.create("payment_plans", order_id=order["id"],
                        due_date=(date.today() + timedelta(days=30)).isoformat(), amount="500")
    _run_overdue_job(sessions, worker)
    assert rep.get(f"payment_plans/{plan['id']}").json()["status"] == "overdue"
    assert rep.get(f"payment_plans/{future['id']}").json()["status"] == "planned"
    notes = rep.get("notifications").json()
    overdue = [n for n in notes["items"] if n["kind"] == "payment_overdue"]
    assert len(overdue) == 1 and overdue[0]["record_id"] == plan["id"]
    assert notes["unread_count"] >= 1
    _run_overdue_job(sessions, worker)
    again = [n for n in rep.get("notifications").json()["items"] if n["kind"] == "payment_overdue"]
    assert len(again) == 1
    rep.create("payments", order_id=order["id"], amount="500", paid_on="2026-11-20")
    assert rep.get(f"payment_plans/{plan['id']}").json()["status"] == "paid"


def test_invoices_never_exceed_the_order_total(admin: Api) -> None:
    order = _order(admin, "1000.00")
    inv = admin.create("invoices", order_id=order["id"], title="深圳前海云智科技有限公司",
                       tax_number="91440300MA5XXXXX1A", type="special", amount="600")
    assert inv["status"] == "requested" and inv["account_id"] == order["account_id"]
    r = admin.post("invoices", {"order_id": order["id"], "title": "X", "amount": "400.01"})
    assert r.status_code == 422 and _fields(r) == {"amount"}
    r = admin.post("invoices", {"order_id": order["id"], "title": "X", "type": "special",
                                "amount": "1"})
    assert r.status_code == 422 and "tax_number" in _fields(r)
    r = admin.post("invoices", {"title": "X", "amount": "1"})
    assert r.status_code == 422 and "order_id" in _fields(r)
    assert admin.get(f"orders/{order['id']}").json()["invoiced_amount"] == "600.00"
    issued = admin.patch(f"invoices/{inv['id']}", {"version": inv["version"],
                                                   "status": "issued"}).json()
    assert issued["status"] == "issued" and issued["issued_on"]
    r = admin.patch(f"invoices/{inv['id']}", {"version": issued["version"], "amount": "1"})
    assert r.status_code == 409
    assert admin.delete(f"invoices/{inv['id']}").status_code == 409
    voided = admin.patch(f"invoices/{inv['id']}", {"version": issued["version"],
                                                   "status": "voided"})
    assert voided.status_code == 200
    assert admin.get(f"orders/{order['id']}").json()["invoiced_amount"] == "0.00"
    r = admin.patch(f"invoices/{inv['id']}", {"version": voided.json()["version"],
                                              "status": "issued"})
    assert r.status_code == 409
    admin.create("invoices", order_id=order["id"], title="X", amount="1000")


def test_rep_cannot_pay_an_order_they_cannot_see(tenant: Any) -> None:
    a, b = tenant.user("RepA"), tenant.user("RepB")
    order = _order(a)
    r = b.post("payments", {"order_id": order["id"], "amount": "1", "paid_on": "2026-11-20"})
    assert r.status_code == 422 and "order_id" in _fields(r)
    p = a.create("payments", order_id=order["id"], amount="1", paid_on="2026-11-20")
    assert b.get(f"payments/{p['id']}").status_code == 404


def test_a_payment_emits_payments_created(admin: Any, sessions: Any) -> None:
    from sqlalchemy import select

    from salescrm.models import Job

    order = _order(admin)
    p = admin.create("payments", order_id=order["id"], amount="10", paid_on="2026-11-20")
    with sessions() as s:
        s.info["tenant_id"] = None
        types = [j.payload.get("type") for j in s.scalars(select(Job).where(Job.kind == "event"))
                 if j.payload.get("data", {}).get("id") in (p["id"], order["id"])]
    assert "payments.created" in types and "orders.updated" in types


def test_a_contract_with_orders_or_money_stays(admin: Api) -> None:
    acct = admin.create("accounts?allow_duplicate=true", name="合同客户")
    contract = admin.create("contracts", name="框架", account_id=acct["id"], amount="100",
                            status="active")
    admin.create("payments", contract_id=contract["id"], amount="10", paid_on="2026-11-20")
    assert admin.delete(f"contracts/{contract['id']}").status_code == 409
    empty = admin.create("contracts", name="空合同", account_id=acct["id"])
    assert admin.delete(f"contracts/{empty['id']}").status_code == 204


def test_a_draft_paid_before_the_rule_keeps_its_customer(admin: Api, tenant: Any,
                                                          sessions: Any) -> None:
    order = _draft(admin)
    paid_before_the_rule(sessions, tenant.id, order, "10.00")
    other = admin.create("accounts?allow_duplicate=true", name="另一个客户")
    current = admin.get(f"orders/{order['id']}").json()
    r = admin.patch(f"orders/{order['id']}", {"version": current["version"],
                                              "account_id": other["id"]})
    assert r.status_code == 409
