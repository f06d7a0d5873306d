"""Orders through the REST API: lines, Decimal totals, status flow, bad input."""

from __future__ import annotations

from typing import Any

from tests.factories import Api


def _account(api: Api, name: str = "上海宏达贸易有限公司") -> dict[str, Any]:
    return api.create("accounts?allow_duplicate=true", name=name)


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


def _error_fields(r: Any) -> set[str]:
    return {e["field"] for e in r.json()["errors"]}


def test_bad_lines_are_422_naming_each_field_and_nothing_is_written(admin: Api) -> None:
    acct = _account(admin)
    r = admin.post("orders", {"account_id": acct["id"], "lines": [
        {"quantity": "-1", "unit_price": "10"},
        {"quantity": "1", "unit_price": "10", "discount": "120"},
        {"quantity": "1", "unit_price": "10", "discount": "-5"},
        {"quantity": "abc", "unit_price": "10"},
    ], "ordered_on": "27/11/2026"})
    assert r.status_code == 422, r.text
    assert r.headers["content-type"].startswith("application/problem+json")
    assert _error_fields(r) >= {"lines.0.quantity", "lines.1.discount", "lines.2.discount",
                                "lines.3.quantity", "ordered_on"}
    assert admin.get("orders", params={"account_id": acct["id"]}).json()["items"] == []


def test_a_line_naming_an_unknown_product_says_only_that(admin: Api) -> None:
    acct = _account(admin)
    r = admin.post("orders", {"account_id": acct["id"], "lines": [
        {"quantity": "1", "product_id": "no-such-product"},
        {"quantity": "1", "product_id": ["not", "an", "id"]},
        {"quantity": "1"}]})
    assert r.status_code == 422, r.text
    assert {e["field"]: e["code"] for e in r.json()["errors"]} == {
        "lines.0.product_id": "field.lookup", "lines.1.product_id": "field.type_text",
        "lines.2.unit_price": "orders.unit_price_unknown"}


def test_order_needs_a_visible_account(tenants: Any) -> None:
    a, b = tenants.new(), tenants.new()
    foreign = _account(b.admin)
    r = a.admin.post("orders", {"account_id": foreign["id"], "lines": []})
    assert r.status_code == 422
    assert "account_id" in _error_fields(r)
    r = a.admin.post("orders", {"lines": []})
    assert r.status_code == 422 and "account_id" in _error_fields(r)


def test_lines_are_editable_in_draft_and_recompute_the_total(admin: Api) -> None:
    order = _order(admin, _account(admin)["id"])
    r = admin.patch(f"orders/{order['id']}", {"version": order["version"], "lines": [
        {"quantity": 2, "unit_price": "0.10", "discount": "33.3333"}]})
    assert r.status_code == 200, r.text
    # 2 × 0.10 × 0.666667 = 0.1333… → 0.13
    assert r.json()["total"] == "0.13" and r.json()["receivable"] == "0.13"
    assert len(r.json()["lines"]) == 1
    audit = admin.get("audit", params={"object": "orders", "record_id": order["id"]}).json()
    assert any("lines" in e["changes"] for e in audit["items"])


def test_status_cannot_jump_and_approval_states_need_submit(admin: Api) -> None:
    order = _order(admin, _account(admin)["id"])
    r = admin.patch(f"orders/{order['id']}", {"version": order["version"],
                                              "status": "fulfilled"})
    assert r.status_code == 409
    r = admin.patch(f"orders/{order['id']}", {"version": order["version"],
                                              "status": "approved"})
    assert r.status_code == 409
    assert admin.post(f"orders/{order['id']}/fulfill").status_code == 409
    r = admin.post(f"orders/{order['id']}/cancel")
    assert r.status_code == 200 and r.json()["status"] == "cancelled"
    assert admin.post(f"orders/{order['id']}/cancel").status_code == 409


def test_new_order_is_always_a_draft(admin: Api) -> None:
    r = admin.post("orders", {"account_id": _account(admin)["id"], "status": "approved"})
    assert r.status_code == 422 and "status" in _error_fields(r)


def test_order_number_is_unique_per_tenant(tenants: Any) -> None:
    a, b = tenants.new(), tenants.new()
    acct = _account(a.admin)
    assert a.admin.post("orders", {"account_id": acct["id"], "number": "ERP-1"}).status_code == 201
    r = a.admin.post("orders", {"account_id": acct["id"], "number": "ERP-1"})
    assert r.status_code == 409 and "number" in _error_fields(r)
    other = _account(b.admin)
    assert b.admin.post("orders", {"account_id": other["id"],
                                   "number": "ERP-1"}).status_code == 201
    numbers = {_order(a.admin, acct["id"])["number"] for _ in range(3)}
    assert len(numbers) == 3


def test_contract_account_must_match_the_order(admin: Api) -> None:
    acct, other = _account(admin), _account(admin, "北京远景科技")
    contract = admin.create("contracts", name="年度框架合同", account_id=other["id"],
                            amount="100000")
    assert contract["number"].startswith("HT")
    assert contract["receivable"] == "100000.00"
    r = admin.post("orders", {"account_id": acct["id"], "contract_id": contract["id"]})
    assert r.status_code == 422 and "contract_id" in _error_fields(r)


def test_contract_dates_and_status(admin: Api) -> None:
    acct = _account(admin)
    r = admin.post("contracts", {"name": "合同", "account_id": acct["id"],
                                 "start_date": "2026-12-01", "end_date": "2026-01-01"})
    assert r.status_code == 422 and "end_date" in _error_fields(r)
    r = admin.post("contracts", {"name": "合同", "account_id": acct["id"], "status": "bogus"})
    assert r.status_code == 422 and "status" in _error_fields(r)
    c = admin.create("contracts", name="合同", account_id=acct["id"], status="active",
                     signed_on="2026-11-01", number="HT-A-1")
    assert c["status"] == "active" and c["number"] == "HT-A-1"
    r = admin.post("contracts", {"name": "合同2", "account_id": acct["id"], "number": "HT-A-1"})
    assert r.status_code == 409


def test_conflicts_speak_the_users_language(admin: Api) -> None:
    order = _order(admin, _account(admin)["id"])
    admin.post(f"orders/{order['id']}/cancel")
    r = admin.client.post(f"/api/v1/orders/{order['id']}/fulfill",
                          headers={**admin.headers, "Accept-Language": "zh-CN"})
    assert r.status_code == 409
    assert "已取消" in r.json()["detail"] and "已履约" in r.json()["detail"]
