"""Products, price books and quotes through the REST API: Decimal totals, bad lines."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest

from salescrm.modules.sales.pricing import line_total, quote_total
from salescrm.modules.sales.service import quote_total as service_quote_total
from tests.factories import Api


def _fields(r: Any) -> list[str]:
    return [e["field"] for e in r.json()["errors"]]


# --- pure arithmetic ---------------------------------------------------------
@pytest.mark.parametrize(("qty", "price", "discount", "expected"), [
    ("3", "19.99", "0", "59.97"),
    ("1", "0.05", "50", "0.03"),  # 0.025 rounds half-up, not half-even
    ("1", "0.15", "50", "0.08"),  # 0.075 → 0.08 (float would give 0.07)
    ("2.5", "10.00", "10", "22.50"),
    ("7", "33.33", "15", "198.31"),  # 198.3135
    ("1", "100.00", "100", "0.00"),
    ("0.3333", "3.00", "0", "1.00"),  # 0.9999
])
def test_line_total_is_decimal_and_rounds_half_up(admin: Api, qty: str, price: str,
                                                  discount: str, expected: str) -> None:
    assert line_total(qty, price, discount) == Decimal(expected)
    assert isinstance(line_total(qty, price, discount), Decimal)


def test_quote_total_sums_rounded_lines() -> None:
    lines = [{"quantity": "1", "unit_price": "0.05", "discount": "50"},
             {"quantity": "1", "unit_price": "0.05", "discount": "50"},
             {"quantity": "3", "unit_price": "0.10"}]
    totals = quote_total(lines)
    assert (totals.subtotal, totals.discount_total, totals.total) == (
        Decimal("0.40"), Decimal("0.04"), Decimal("0.36"))
    assert service_quote_total is quote_total


# --- products and price books ------------------------------------------------
def test_products_with_unique_codes(admin: Api) -> None:
    p = admin.create("products", name="CRM 专业版", code="CRM-PRO", unit="套", price="19800.00",
                     category="软件")
    assert (p["price"], p["currency"], p["is_active"]) == ("19800.00", "CNY", True)
    r = admin.post("products", {"name": "Copy", "code": "CRM-PRO"})
    assert r.status_code == 409 and _fields(r) == ["code"]
    other = admin.create("products", name="Other", code="OTHER")
    r = admin.patch(f"products/{other['id']}", {"version": 1, "code": "CRM-PRO"})
    assert r.status_code == 409 and _fields(r) == ["code"]
    # A product in the recycle bin frees its code.
    assert admin.delete(f"products/{p['id']}").status_code == 204
    admin.create("products", name="CRM 专业版 v2", code="CRM-PRO")
    r = admin.post("products", {"name": "Neg", "price": "-1"})
    assert r.status_code == 422 and _fields(r) == ["price"]


def test_codes_are_unique_per_tenant_only(tenants) -> None:  # type: ignore[no-untyped-def]
    a, b = tenants.new(), tenants.new()
    a.admin.create("products", name="X", code="SKU-1")
    b.admin.create("products", name="X", code="SKU-1")


def test_standard_price_book_and_entries(admin: Api) -> None:
    books = admin.get("price_books").json()["items"]
    assert [b["is_default"] for b in books] == [True]
    standard = books[0]
    assert admin.delete(f"price_books/{standard['id']}").status_code == 409
    product = admin.create("products", name="Widget", price="100.00")
    vip = admin.create("price_books", name="VIP 价格表")
    entry = admin.create("price_book_entries", price_book_id=vip["id"],
                         product_id=product["id"], unit_price="80.00")
    assert entry["unit_price"] == "80.00"
    r = admin.post("price_book_entries", {"price_book_id": vip["id"],
                                          "product_id": product["id"], "unit_price": "70"})
    assert r.status_code == 409 and _fields(r) == ["product_id"]
    entries = admin.get("price_book_entries", params={"price_book_id": vip["id"]}).json()
    assert [e["unit_price"] for e in entries["items"]] == ["80.00"]
    r = admin.post("price_book_entries", {"price_book_id": vip["id"], "product_id": "nope",
                                          "unit_price": "1"})
    assert r.status_code == 422 and _fields(r) == ["product_id"]


# --- quotes ------------------------------------------------------------------
def _setup(admin: Api) -> dict[str, Any]:
    account = admin.create("accounts", name="杭州云帆网络有限公司")
    opp = admin.create("opportunities", name="年度采购", account_id=account["id"])
    a = admin.create("products", name="License", code="LIC", price="1000.00")
    b = admin.create("products", name="Service day", code="SVC", price="2500.00")
    return {"account": account, "opp": opp, "a": a, "b": b}


def test_quote_totals_in_decimal(admin: Api) -> None:
    s = _setup(admin)
    quote = admin.create("quotes", name="报价 Q1", opportunity_id=s["opp"]["id"],
                         valid_until="2026-12-31", lines=[
                             {"product_id": s["a"]["id"], "quantity": 3, "discount": "10"},
                             {"product_id": s["b"]["id"], "quantity": "1.5",
                              "unit_price": "2333.33", "discount": 12.5},
                         ])
    assert quote["account_id"] == s["account"]["id"]  # taken from the opportunity
    assert quote["status"] == "draft"
    assert [ln["unit_price"] for ln in quote["lines"]] == ["1000.00", "2333.33"]
    assert [ln["amount"] for ln in quote["lines"]] == ["2700.00", "3062.50"]
    # 1.5 × 2333.33 = 3499.995 → 3500.00; 3499.995 × 0.875 = 3062.495625 → 3062.50
    assert (quote["subtotal"], quote["discount_total"], quote["total"]) == (
        "6500.00", "737.50", "5762.50")
    assert quote["lines"][0]["product_name"] == "License"


def test_quote_prices_come_from_the_chosen_price_book(admin: Api) -> None:
    s = _setup(admin)
    vip = admin.create("price_books", name="VIP")
    admin.create("price_book_entries", price_book_id=vip["id"], product_id=s["a"]["id"],
                 unit_price="888.00")
    quote = admin.create("quotes", account_id=s["account"]["id"], price_book_id=vip["id"],
                         lines=[{"product_id": s["a"]["id"], "quantity": 1},
                                {"product_id": s["b"]["id"], "quantity": 1}])
    assert [ln["unit_price"] for ln in quote["lines"]] == ["888.00", "2500.00"]
    assert quote["total"] == "3388.00"


@pytest.mark.parametrize(("line", "field"), [
    ({"quantity": -1, "unit_price": "10"}, "lines.0.quantity"),
    ({"quantity": 0, "unit_price": "10"}, "lines.0.quantity"),
    ({"quantity": "abc", "unit_price": "10"}, "lines.0.quantity"),
    ({"unit_price": "10"}, "lines.0.quantity"),
    ({"quantity": 1, "unit_price": "10", "discount": 101}, "lines.0.discount"),
    ({"quantity": 1, "unit_price": "10", "discount": -5}, "lines.0.discount"),
    ({"quantity": 1, "unit_price": "10", "discount": "ten"}, "lines.0.discount"),
    ({"quantity": 1, "unit_price": "-10"}, "lines.0.unit_price"),
    ({"quantity": 1, "unit_price": "10.001"}, "lines.0.unit_price"),
    ({"quantity": 1}, "lines.0.unit_price"),
    ({"quantity": 1, "product_id": "missing"}, "lines.0.product_id"),
    ({"quantity": 1, "unit_price": "1", "colour": "red"}, "lines.0.colour"),
])
def test_bad_lines_are_422_naming_the_field(admin: Api, line: dict[str, Any],
                                            field: str) -> None:
    account = admin.create("accounts", name="A")
    good = {"quantity": 1, "unit_price": "5"}
    r = admin.post("quotes", {"account_id": account["id"], "lines": [good, line]})
    assert r.status_code == 422, r.text
    assert _fields(r) == [field.replace("lines.0", "lines.1")]
    assert admin.get("quotes").json()["items"] == []


def test_quote_lines_lock_once_sent(admin: Api) -> None:
    s = _setup(admin)
    q = admin.create("quotes", account_id=s["account"]["id"],
                     lines=[{"product_id": s["a"]["id"], "quantity": 1}])
    r = admin.patch(f"quotes/{q['id']}", {"version": 1, "lines": [
        {"product_id": s["a"]["id"], "quantity": 2}]})
    assert r.status_code == 200 and r.json()["total"] == "2000.00"
    r = admin.patch(f"quotes/{q['id']}", {"version": 2, "status": "sent"})
    assert r.status_code == 200
    r = admin.patch(f"quotes/{q['id']}", {"version": 3, "lines": []})
    assert r.status_code == 409
    assert admin.get(f"quotes/{q['id']}").json()["total"] == "2000.00"
    r = admin.patch(f"quotes/{q['id']}", {"version": 3, "subtotal": "1"})
    assert r.status_code == 422 and _fields(r) == ["subtotal"]


def test_quote_opportunity_of_another_account_is_422(admin: Api) -> None:
    s = _setup(admin)
    other = admin.create("accounts", name="B")
    r = admin.post("quotes", {"account_id": other["id"], "opportunity_id": s["opp"]["id"]})
    assert r.status_code == 422 and _fields(r) == ["opportunity_id"]


def test_quote_converts_to_an_order_once(admin: Api) -> None:
    s = _setup(admin)
    q = admin.create("quotes", opportunity_id=s["opp"]["id"], lines=[
        {"product_id": s["a"]["id"], "quantity": 3, "discount": "10"},
        {"product_id": s["b"]["id"], "quantity": "1.5", "unit_price": "2333.33",
         "discount": "12.5"}])
    r = admin.post(f"quotes/{q['id']}/convert_to_order")
    assert r.status_code == 201, r.text
    body = r.json()
    order = admin.get(f"orders/{body['order_id']}").json()
    assert order["total"] == q["total"] == "5762.50"
    assert order["account_id"] == s["account"]["id"]
    assert order["opportunity_id"] == s["opp"]["id"]
    assert order["quote_id"] == q["id"]
    assert body["quote"]["status"] == "accepted"
    assert body["quote"]["order_id"] == body["order_id"]
    again = admin.post(f"quotes/{q['id']}/convert_to_order")
    assert again.status_code == 409
    empty = admin.create("quotes", account_id=s["account"]["id"])
    r = admin.post(f"quotes/{empty['id']}/convert_to_order")
    assert r.status_code == 422 and _fields(r) == ["lines"]


def test_quotes_of_other_reps_are_404(tenant) -> None:  # type: ignore[no-untyped-def]
    rep = tenant.user("Rep", roles=["sales_rep"])
    other = tenant.user("Other", roles=["sales_rep"])
    account = rep.create("accounts", name="A")
    q = rep.create("quotes", account_id=account["id"],
                   lines=[{"quantity": 1, "unit_price": "10"}])
    assert other.get(f"quotes/{q['id']}").status_code == 404
    assert other.post(f"quotes/{q['id']}/convert_to_order").status_code == 404
