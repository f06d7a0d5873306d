"""Orders through the REST API: lines, Decimal totals, status flow, bad input."""

from __future__ import annotations

from typing import Any

from tests.factories import Api


def _account(api: Api, name: str = "上海宏达贸易有限公司") -> dict[str, Any]:
    return api.create("accounts", name=name)


def _order(api: Api, account_id: str, **extra: Any) -> dict[str, Any]:
    body = {"account_id": account_id, "lines": [
        {"quantity": "3", "unit_price": "199.99", "discount": "10"},
        {"quantity": "0.5", "unit_price": "1000.00"},
    ], **extra}
    r = api.post("orders", body)
    assert r.status_code == 201, r.text
    return r.json()  # type: ignore[no-any-return]


def test_order_total_is_computed_in_decimal(admin: Api) -> None:
    acct = _account(admin)
    order = _order(admin, acct["id"])
    # 3 × 199.99 × 0.9 = 539.973 → 539.97; 0.5 × 1000 = 500.00
    assert order["total"] == "1039.97"
    assert order["receivable"] == "1039.97"
    assert order["paid_amount"] == "0.00"
    assert order["status"] == "draft"
    assert order["number"].startswith("SO")
    assert [ln["amount"] for ln in order["lines"]] == ["539.97", "500.00"]
    assert order["lines"][0]["quantity"] == "3" and order["lines"][0]["discount"] == "10"
