"""``GET /accounts/{id}/overview``: the 360° view, its totals, its data scope, and a
fixed number of SQL statements whatever the account holds."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from sqlalchemy import event

from tests.factories import Api, approved_order


@contextmanager
def counting_statements(app: Any) -> Iterator[list[str]]:
    engine = app.state.sessions.kw["bind"]
    seen: list[str] = []

    def count(_conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        seen.append(statement)

    event.listen(engine, "before_cursor_execute", count)
    try:
        yield seen
    finally:
        event.remove(engine, "before_cursor_execute", count)


def _order(api: Api, account_id: str, amount: str = "1000.00") -> dict[str, Any]:
    return api.create("orders", account_id=account_id,
                      lines=[{"quantity": "1", "unit_price": amount}])


def _approved(api: Api, account_id: str, amount: str = "1000.00") -> dict[str, Any]:
    return approved_order(api, account_id=account_id,
                          lines=[{"quantity": "1", "unit_price": amount}])


def _fill(api: Api, account_id: str, orders: int, activities: int) -> None:
    for _ in range(orders):
        order = _approved(api, account_id)
        api.create("payments", order_id=order["id"], amount="100.00", paid_on="2026-11-20")
    for i in range(activities):
        api.create("activities", kind="call", content=f"第{i}次电话",
                   related_type="accounts", related_id=account_id)


def test_overview_has_every_section_and_exact_totals(admin: Api) -> None:
    acct = admin.create("accounts?allow_duplicate=true", name="苏州工业园区精密制造有限公司")
    contact = admin.create("contacts", name="王伟", account_id=acct["id"])
    won = admin.create("opportunities", name="二期扩容", account_id=acct["id"],
                       amount="30000.10")
    admin.create("opportunities", name="运维服务", account_id=acct["id"], amount="999")
    stages = admin.get(f"opportunities/{won['id']}").json()
    r = admin.patch(f"opportunities/{won['id']}", {"version": stages["version"],
                                                   "stage": "won"})
    assert r.status_code == 200, r.text
    draft = _order(admin, acct["id"], "5.00")
    counted = _approved(admin, acct["id"], "1200.50")
    contract = admin.create("contracts", name="年度服务", account_id=acct["id"], amount="50",
                            status="active")
    # A draft takes no money (issue 10.8: it was accepted, then missing from the totals).
    r = admin.post("payments", {"order_id": draft["id"], "amount": "5.00",
                                "paid_on": "2026-11-01"})
    assert r.status_code == 422 and r.json()["errors"][0]["code"] == "orders.not_payable"
    admin.create("payments", contract_id=contract["id"], amount="5.00", paid_on="2026-11-01")
    admin.create("payments", order_id=counted["id"], amount="200.25", paid_on="2026-11-02")
    admin.create("activities", kind="visit", related_type="contacts", related_id=contact["id"],
                 occurred_at="2026-11-20T10:00:00+08:00")
    admin.create("activities", kind="note", related_type="accounts", related_id=acct["id"],
                 occurred_at="2026-11-21T10:00:00+08:00")

    view = admin.get(f"accounts/{acct['id']}/overview").json()
    assert view["account"]["id"] == acct["id"]
    assert [c["id"] for c in view["contacts"]] == [contact["id"]]
    assert len(view["opportunities"]) == 2 and len(view["orders"]) == 2
    assert [p["amount"] for p in view["payments"]] == ["200.25", "5.00"]  # newest first
    assert [a["kind"] for a in view["activities"]] == ["note", "visit"]
    assert len(view["contracts"]) == 1
    # The draft is not ordered yet, the approved order is; paid = the approved order's
    # 200.25 plus 5.00 booked on the contract alone.
    assert view["totals"] == {"won_amount": "30000.10", "ordered_amount": "1200.50",
                              "paid_amount": "205.25", "receivable": "1000.25"}


def test_overview_totals_count_submitted_and_approved_orders(tenant: Any, sessions: Any) -> None:
    from salescrm.db.engine import begin_write
    from salescrm.platform.records.behaviour import behaviour_for
    from salescrm.platform.tenancy.system import system_context

    admin = tenant.admin
    acct = admin.create("accounts?allow_duplicate=true", name="宁波港口物流")
    first, second = _order(admin, acct["id"], "1000.00"), _order(admin, acct["id"], "0.30")
    with sessions() as s:
        begin_write(s)  # the write lock up front, as the app's writes take it (SQLite)
        ctx = system_context(s, tenant.id)
        for order in (first, second):
            behaviour_for("orders").approval_hooks["submitted"](ctx, order["id"])
        behaviour_for("orders").approval_hooks["approved"](ctx, first["id"])
        s.commit()
    admin.create("payments", order_id=first["id"], amount="400.10", paid_on="2026-11-02")
    totals = admin.get(f"accounts/{acct['id']}/overview").json()["totals"]
    assert totals == {"won_amount": "0.00", "ordered_amount": "1000.30",
                      "paid_amount": "400.10", "receivable": "600.20"}


def test_overview_is_a_fixed_number_of_statements(admin: Api, app: Any) -> None:
    small = admin.create("accounts?allow_duplicate=true", name="小客户")
    big = admin.create("accounts?allow_duplicate=true", name="大客户")
    _fill(admin, small["id"], orders=5, activities=5)
    _fill(admin, big["id"], orders=50, activities=60)
    admin.get(f"accounts/{small['id']}/overview")  # warm the metadata cache
    with counting_statements(app) as small_sql:
        small_view = admin.get(f"accounts/{small['id']}/overview").json()
    with counting_statements(app) as big_sql:
        big_view = admin.get(f"accounts/{big['id']}/overview").json()
    assert len(small_view["orders"]) == 5 and len(big_view["orders"]) == 50
    assert len(big_view["activities"]) == 50 and big_view["more"]["activities"] is True
    assert big_view["totals"]["ordered_amount"] == "50000.00"
    assert big_view["totals"]["receivable"] == "45000.00"
    assert big_view["totals"]["paid_amount"] == "5000.00"
    assert len(small_sql) == len(big_sql), (small_sql, big_sql)
    assert len(big_sql) <= 15


def test_overview_respects_data_scope(tenant: Any) -> None:
    manager_dept = tenant.department("华东销售部")
    rep_a = tenant.user("RepA", department_id=manager_dept["id"])
    rep_b = tenant.user("RepB", department_id=manager_dept["id"])
    acct = rep_a.create("accounts?allow_duplicate=true", name="共享客户")
    r = rep_b.get(f"accounts/{acct['id']}/overview")
    assert r.status_code == 404
    _order(rep_a, acct["id"])
    # An admin reassigns the account to B; A's order stays A's and B cannot see it.
    full = tenant.admin.get(f"accounts/{acct['id']}").json()
    tenant.admin.patch(f"accounts/{acct['id']}", {"version": full["version"],
                                                  "owner_id": rep_b.user["id"]})
    view = rep_b.get(f"accounts/{acct['id']}/overview").json()
    assert view["orders"] == [] and view["totals"]["receivable"] == "0.00"
    assert len(tenant.admin.get(f"accounts/{acct['id']}/overview").json()["orders"]) == 1


def test_overview_of_unknown_account_is_404_and_bad_limit_422(admin: Api) -> None:
    assert admin.get("accounts/nope/overview").status_code == 404
    acct = admin.create("accounts?allow_duplicate=true", name="X")
    r = admin.get(f"accounts/{acct['id']}/overview", params={"limit": "0"})
    assert r.status_code == 422 and r.json()["errors"][0]["field"] == "limit"
