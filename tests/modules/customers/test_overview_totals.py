"""The 360° totals agree with the orders (issue 10.8, docs/decisions/0143): ordered,
receivable and the paid amount come from the same counted orders, so
paid + receivable = ordered whenever every payment is booked on an order."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from salescrm.modules.orders.service import ORDERED_STATUSES
from tests.factories import Api, approved_order, paid_before_the_rule

# (how the order ends up, its total, the payments made while it was approved,
#  a payment booked on it before the rule while it was a draft)
TABLE: list[tuple[str, str, tuple[str, ...], str | None]] = [
    ("draft", "100.00", (), "40.00"),
    ("submitted", "200.00", (), None),
    ("rejected", "300.00", (), None),
    ("cancelled", "400.00", (), None),
    ("approved", "1000.00", ("250.00", "0.01"), None),
    ("approved", "50.00", ("60.00",), None),  # over-paid: receivable -10.00
    ("fulfilled", "2000.00", ("1500.00", "500.00"), None),
    ("approved", "0.30", (), None),
]


def _order_in_state(api: Api, tenant: Any, sessions: Any, account_id: str, state: str,
                    total: str) -> dict[str, Any]:
    from salescrm.db.engine import begin_write
    from salescrm.platform.records.behaviour import behaviour_for
    from salescrm.platform.tenancy.system import system_context

    lines = [{"quantity": "1", "unit_price": total}]
    if state in ("approved", "fulfilled"):
        return approved_order(api, account_id=account_id, lines=lines)
    order = api.create("orders", account_id=account_id, lines=lines)
    if state == "cancelled":
        assert api.post(f"orders/{order['id']}/cancel").status_code == 200
    elif state in ("submitted", "rejected"):  # as the approvals engine moves it
        with sessions() as s:
            begin_write(s)  # the write lock up front, as the app's writes take it
            ctx = system_context(s, tenant.id)
            behaviour_for("orders").approval_hooks["submitted"](ctx, order["id"])
            if state == "rejected":
                behaviour_for("orders").approval_hooks["rejected"](ctx, order["id"])
            s.commit()
    return order


def _from_the_orders(api: Api, account_id: str) -> dict[str, Decimal]:
    """The totals as a user adds them up from the account's order list."""
    items = api.get("orders", params={"account_id": account_id, "limit": 100}).json()["items"]
    counted = [o for o in items if o["status"] in ORDERED_STATUSES]
    return {name: sum((Decimal(o[field]) for o in counted), Decimal("0.00"))
            for name, field in (("ordered_amount", "total"), ("paid_amount", "paid_amount"),
                                ("receivable", "receivable"))}


def test_totals_agree_with_orders_in_every_state(tenant: Any, sessions: Any) -> None:
    admin = tenant.admin
    acct = admin.create("accounts?allow_duplicate=true", name="厦门海沧港务集团")
    for state, total, payments, before_the_rule in TABLE:
        order = _order_in_state(admin, tenant, sessions, acct["id"], state, total)
        if before_the_rule:
            paid_before_the_rule(sessions, tenant.id, order, before_the_rule)
        for amount in payments:
            admin.create("payments?allow_overpayment=true", order_id=order["id"],
                         amount=amount, paid_on="2026-11-20")
        if state == "fulfilled":
            assert admin.post(f"orders/{order['id']}/fulfill").status_code == 200
    states = sorted(o["status"] for o in admin.get(
        "orders", params={"account_id": acct["id"], "limit": 100}).json()["items"])
    assert states == sorted(row[0] for row in TABLE)

    totals = admin.get(f"accounts/{acct['id']}/overview").json()["totals"]
    # ordered: 200 + 1000 + 50 + 2000 + 0.30; paid: 250.01 + 60 + 2000 (not the draft's 40)
    assert totals == {"won_amount": "0.00", "ordered_amount": "3250.30",
                      "paid_amount": "2310.01", "receivable": "940.29"}
    assert Decimal(totals["paid_amount"]) + Decimal(totals["receivable"]) == Decimal(
        totals["ordered_amount"])
    assert {k: Decimal(totals[k]) for k in ("ordered_amount", "paid_amount", "receivable")} \
        == _from_the_orders(admin, acct["id"])

    # Money booked on a contract alone is paid without an order: the one difference.
    contract = admin.create("contracts", name="维保合同", account_id=acct["id"],
                            amount="100", status="active")
    admin.create("payments", contract_id=contract["id"], amount="7.00", paid_on="2026-11-21")
    after = admin.get(f"accounts/{acct['id']}/overview").json()["totals"]
    assert after == {**totals, "paid_amount": "2317.01"}


def test_a_rep_sees_totals_that_add_up_over_their_own_orders(tenant: Any) -> None:
    dept = tenant.department("西南销售部")
    rep = tenant.user("Rep", department_id=dept["id"])
    other = tenant.user("Other", department_id=dept["id"])
    acct = rep.create("accounts?allow_duplicate=true", name="成都高新区电子")
    mine = approved_order(rep, account_id=acct["id"],
                          lines=[{"quantity": "3", "unit_price": "333.33"}])
    rep.create("payments", order_id=mine["id"], amount="500.00", paid_on="2026-11-20")
    # The admin books an order of the same account for another rep, paid in part.
    theirs = approved_order(tenant.admin, account_id=acct["id"], owner_id=other.user["id"],
                            lines=[{"quantity": "1", "unit_price": "800.00"}])
    tenant.admin.create("payments", order_id=theirs["id"], amount="300.00",
                        paid_on="2026-11-21")
    seen = rep.get(f"accounts/{acct['id']}/overview").json()["totals"]
    assert (seen["ordered_amount"], seen["paid_amount"], seen["receivable"]) == (
        "999.99", "500.00", "499.99")
    full = tenant.admin.get(f"accounts/{acct['id']}/overview").json()["totals"]
    assert (full["ordered_amount"], full["paid_amount"], full["receivable"]) == (
        "1799.99", "800.00", "999.99")
