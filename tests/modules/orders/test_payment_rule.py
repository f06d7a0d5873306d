"""Money is booked only against a confirmed order (issue 10.8): payments and invoices
need an approved or fulfilled order, or an active/expired contract when booked without
an order; a payment plan may be drafted on a draft order."""

from __future__ import annotations

from typing import Any

from tests.factories import Api, approved_order, paid_before_the_rule


def _draft(api: Api, total: str = "250000.00") -> dict[str, Any]:
    acct = api.create("accounts?allow_duplicate=true", name="常州天宁精密铸造有限公司")
    return api.create("orders", account_id=acct["id"],
                      lines=[{"quantity": "1", "unit_price": total}])


def _refused(r: Any, field: str, code: str) -> dict[str, Any]:
    assert r.status_code == 422, r.text
    assert r.headers["content-type"].startswith("application/problem+json")
    error = next(e for e in r.json()["errors"] if e["field"] == field)
    assert error["code"] == code
    return error  # type: ignore[no-any-return]


def _in(api: Api, locale: str) -> Api:
    return Api(api.client, api.token, api.user, locale=locale)


def _by_hook(sessions: Any, tenant_id: str, order_id: str, *moments: str) -> None:
    """Move an order as the approvals engine does (submitted, approved, rejected)."""
    from salescrm.db.engine import begin_write
    from salescrm.platform.records.behaviour import behaviour_for
    from salescrm.platform.tenancy.system import system_context

    with sessions() as s:
        begin_write(s)  # the write lock up front, as the app's writes take it (SQLite)
        ctx = system_context(s, tenant_id)
        for moment in moments:
            behaviour_for("orders").approval_hooks[moment](ctx, order_id)
        s.commit()


def test_a_draft_order_takes_no_payment_until_approved(admin: Api) -> None:
    order = _draft(admin)
    body = {"order_id": order["id"], "amount": "100000.00", "paid_on": "2026-11-20"}
    en = _refused(admin.post("payments", body), "order_id", "orders.not_payable")
    assert "draft" in en["message"] and "submit it for approval" in en["message"]
    zh = _refused(_in(admin, "zh-CN").post("payments", body), "order_id",
                  "orders.not_payable")
    assert "草稿" in zh["message"] and "提交审批" in zh["message"]
    # Nothing was written: the order still owes everything.
    assert admin.get("payments", params={"order_id": order["id"]}).json()["items"] == []
    got = admin.get(f"orders/{order['id']}").json()
    assert (got["paid_amount"], got["receivable"]) == ("0.00", "250000.00")

    assert admin.post(f"orders/{order['id']}/submit").status_code == 200  # no flow: approved
    admin.create("payments", **body)
    got = admin.get(f"orders/{order['id']}").json()
    assert (got["status"], got["paid_amount"], got["receivable"]) == (
        "approved", "100000.00", "150000.00")


def test_invoices_need_an_approved_order_plans_do_not(admin: Api) -> None:
    order = _draft(admin, "1000.00")
    invoice = {"order_id": order["id"], "title": "常州天宁", "amount": "10"}
    _refused(admin.post("invoices", invoice), "order_id", "orders.not_payable")
    zh = _refused(_in(admin, "zh-CN").post("invoices", invoice), "order_id",
                  "orders.not_payable")
    assert "草稿" in zh["message"] and "提交审批" in zh["message"]
    assert admin.get("invoices", params={"order_id": order["id"]}).json()["items"] == []
    # A plan is a schedule, not money: it may be agreed while the order is drafted.
    plan = admin.create("payment_plans", order_id=order["id"], amount="400",
                        due_date="2026-12-31")
    assert plan["status"] == "planned"
    assert admin.post(f"orders/{order['id']}/submit").status_code == 200
    admin.create("invoices", order_id=order["id"], title="常州天宁", amount="1000")
    admin.create("payments", order_id=order["id"], amount="400", paid_on="2026-11-20")
    assert admin.get(f"payment_plans/{plan['id']}").json()["status"] == "paid"


def test_submitted_rejected_cancelled_orders_take_no_money(admin: Api, tenant: Any,
                                                            sessions: Any) -> None:
    submitted, rejected, cancelled = _draft(admin), _draft(admin), _draft(admin)
    _by_hook(sessions, tenant.id, submitted["id"], "submitted")
    _by_hook(sessions, tenant.id, rejected["id"], "submitted", "rejected")
    assert admin.post(f"orders/{cancelled['id']}/cancel").status_code == 200
    pay = {"amount": "1", "paid_on": "2026-11-20"}
    r = admin.post("payments", {"order_id": submitted["id"], **pay})
    assert (r.status_code, r.json()["code"]) == (409, "orders.locked"), r.text
    for order, state in ((rejected, "rejected"), (cancelled, "cancelled")):
        error = _refused(admin.post("payments", {"order_id": order["id"], **pay}),
                         "order_id", "orders.not_payable")
        assert state in error["message"]
        _refused(admin.post("invoices", {"order_id": order["id"], "title": "X", "amount": "1"}),
                 "order_id", "orders.not_payable")
        _refused(admin.post("payment_plans", {"order_id": order["id"], "amount": "1",
                                              "due_date": "2026-12-31"}),
                 "order_id", "orders.not_payable")
    # A plan may still be agreed while the order waits for approval.
    admin.create("payment_plans", order_id=submitted["id"], amount="1", due_date="2026-12-31")
    for order in (submitted, rejected, cancelled):
        assert admin.get(f"orders/{order['id']}").json()["paid_amount"] == "0.00"


def test_a_fulfilled_order_still_collects(admin: Api) -> None:
    acct = admin.create("accounts?allow_duplicate=true", name="已履约客户")
    order = approved_order(admin, account_id=acct["id"],
                           lines=[{"quantity": "2", "unit_price": "50.00"}])
    assert admin.post(f"orders/{order['id']}/fulfill").json()["status"] == "fulfilled"
    admin.create("payments", order_id=order["id"], amount="100", paid_on="2026-11-20")
    assert admin.get(f"orders/{order['id']}").json()["receivable"] == "0.00"


def test_money_on_a_contract_alone_needs_a_contract_in_force(admin: Api) -> None:
    acct = admin.create("accounts?allow_duplicate=true", name="框架协议客户")
    contracts = {status: admin.create("contracts", name=f"合同-{status}", account_id=acct["id"],
                                      amount="1000", status=status)
                 for status in ("draft", "active", "expired", "terminated")}
    pay = {"amount": "10", "paid_on": "2026-11-20"}
    error = _refused(_in(admin, "zh-CN").post(
        "payments", {"contract_id": contracts["draft"]["id"], **pay}),
        "contract_id", "contracts.not_payable")
    assert "草稿" in error["message"]
    error = _refused(admin.post("payments", {"contract_id": contracts["terminated"]["id"],
                                             **pay}), "contract_id", "contracts.not_payable")
    assert "terminated" in error["message"]
    for status in ("draft", "terminated"):
        _refused(admin.post("invoices", {"contract_id": contracts[status]["id"], "title": "X",
                                         "amount": "1"}), "contract_id", "contracts.not_payable")
    for status in ("active", "expired"):
        admin.create("payments", contract_id=contracts[status]["id"], **pay)
        admin.create("invoices", contract_id=contracts[status]["id"], title="X", amount="10")
        assert admin.get(f"contracts/{contracts[status]['id']}").json()["paid_amount"] == "10.00"
    # Plans: drafted on a draft contract, not on a terminated one.
    admin.create("payment_plans", contract_id=contracts["draft"]["id"], amount="5",
                 due_date="2026-12-31")
    _refused(admin.post("payment_plans", {"contract_id": contracts["terminated"]["id"],
                                          "amount": "5", "due_date": "2026-12-31"}),
             "contract_id", "contracts.not_payable")
    assert admin.get(f"contracts/{contracts['draft']['id']}").json()["paid_amount"] == "0.00"


def test_a_payment_booked_before_the_rule_stays_correctable(admin: Api, tenant: Any,
                                                            sessions: Any) -> None:
    order = _draft(admin, "1000.00")
    payment_id = paid_before_the_rule(sessions, tenant.id, order, "100.00")
    p = admin.get(f"payments/{payment_id}").json()
    r = admin.patch(f"payments/{payment_id}", {"version": p["version"], "amount": "90"})
    assert r.status_code == 200, r.text
    assert admin.get(f"orders/{order['id']}").json()["paid_amount"] == "90.00"
    assert admin.delete(f"payments/{payment_id}").status_code == 204
    got = admin.get(f"orders/{order['id']}").json()
    assert (got["paid_amount"], got["receivable"]) == ("0.00", "1000.00")
