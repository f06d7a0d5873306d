"""The whole sales loop as one client sees it, through HTTP only:
campaign → lead → convert → opportunity through the stages → quote → order (approved)
→ partial and then full payment → the account's 360° totals."""

from __future__ import annotations

from typing import Any

from tests.factories import Api


def _ok(r: Any, status: int = 200) -> dict[str, Any]:
    assert r.status_code == status, r.text
    return r.json()  # type: ignore[no-any-return]


def _move(api: Api, opportunity_id: str, stage: str) -> dict[str, Any]:
    current = _ok(api.get(f"opportunities/{opportunity_id}"))
    return _ok(api.patch(f"opportunities/{opportunity_id}",
                         {"version": current["version"], "stage": stage}))


def test_campaign_to_cash(tenant: Any) -> None:
    admin: Api = tenant.admin
    rep = tenant.user("Rep")
    campaign = admin.create("campaigns", name="2026 工博会", channel="exhibition",
                            budget="50000.00", start_date="2026-09-01")
    lead = _ok(rep.post("leads", {"name": "周杰", "company": "无锡精工自动化有限公司",
                                  "mobile": "+86 13912345678", "campaign_id": campaign["id"],
                                  "source": "exhibition"}), 201)
    assert lead["owner_id"] == rep.user["id"]
    converted = _ok(rep.post(f"leads/{lead['id']}/convert", {"opportunity": {
        "name": "产线改造一期", "amount": "120000.00", "close_date": "2026-12-31"}}))
    account_id, opportunity_id = converted["account_id"], converted["opportunity_id"]
    assert _ok(rep.get(f"leads/{lead['id']}"))["status"] == "converted"

    for stage in ("qualified", "proposal", "negotiation"):
        _move(rep, opportunity_id, stage)
    product = admin.create("products", name="伺服电机 SV-200", code="SV-200", price="3000.00")
    quote = _ok(rep.post("quotes", {"account_id": account_id, "opportunity_id": opportunity_id,
                                    "lines": [{"product_id": product["id"], "quantity": "40",
                                               "discount": "5"}]}), 201)
    assert quote["total"] == "114000.00"  # 40 × 3000 × 95%
    won = _move(rep, opportunity_id, "won")
    assert won["status"] == "won"

    order_id = _ok(rep.post(f"quotes/{quote['id']}/convert_to_order"), 201)["order_id"]
    order = _ok(rep.get(f"orders/{order_id}"))
    assert (order["total"], order["status"], order["quote_id"]) == (
        "114000.00", "draft", quote["id"])
    assert _ok(rep.post(f"orders/{order_id}/submit"))  # no flow applies: approved at once
    assert _ok(rep.get(f"orders/{order_id}"))["status"] == "approved"

    rep.create("activities", kind="visit", related_type="opportunities",
               related_id=opportunity_id, content="现场确认交付计划")
    rep.create("payments", order_id=order_id, amount="34200.00", paid_on="2026-12-05",
               method="bank_transfer")
    view = _ok(rep.get(f"accounts/{account_id}/overview"))
    assert view["totals"] == {"won_amount": "120000.00", "ordered_amount": "114000.00",
                              "paid_amount": "34200.00", "receivable": "79800.00"}
    rep.create("payments", order_id=order_id, amount="79800.00", paid_on="2026-12-20")
    view = _ok(rep.get(f"accounts/{account_id}/overview"))
    assert view["totals"] == {"won_amount": "120000.00", "ordered_amount": "114000.00",
                              "paid_amount": "114000.00", "receivable": "0.00"}
    assert [c["id"] for c in view["contacts"]] == [converted["contact_id"]]
    assert [o["id"] for o in view["orders"]] == [order_id]
    assert [a["kind"] for a in view["activities"]] == ["visit"]
    assert _ok(rep.get(f"orders/{order_id}"))["receivable"] == "0.00"
