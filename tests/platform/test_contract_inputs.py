"""What the published OpenAPI contract promises about input, checked as a client sees it:
money and integers as the schemas state them, users with passwords and role keys, roles
with permission maps, sign-up, and a record's history by id alone."""

from __future__ import annotations

from typing import Any

import pytest

from tests.factories import Api


def _codes(r: Any) -> dict[str, str]:
    return {e["field"]: e["code"] for e in r.json()["errors"]}


@pytest.mark.parametrize(("price", "ok"), [
    ("12500.00", True), (12500, True), (99.5, True), (" 7.25 ", True), ("0", True),
    (0.001, False), ("1.005", False), ("1e3", False), (".5", False), ("+5", False),
    ("-0", False), ("1_000", False), (1e16, False),
])
def test_money_takes_at_most_two_decimals_as_plain_decimal_text(admin: Api, price: Any,
                                                                ok: bool) -> None:
    r = admin.post("products", {"name": "Pen", "price": price})
    if ok:
        assert r.status_code == 201, r.text
        assert r.json()["price"] == f"{float(str(price).strip()):.2f}"
    else:
        assert r.status_code == 422 and "price" in _codes(r), r.text


def test_integers_take_whole_numbers_within_their_bounds(admin: Api) -> None:
    account = admin.create("accounts", name="Acme")
    base = {"name": "Deal", "account_id": account["id"]}
    assert admin.post("opportunities", {**base, "probability": 50.0}).json()["probability"] == 50
    for bad in (50.5, 101, -1, True):
        r = admin.post("opportunities", {**base, "probability": bad})
        assert r.status_code == 422 and "probability" in _codes(r), bad


def test_a_field_that_cannot_be_empty_refuses_null(admin: Api) -> None:
    r = admin.post("products", {"name": "Pen", "is_active": None})
    assert r.status_code == 422 and _codes(r) == {"is_active": "field.required"}


def test_user_needs_a_password_and_known_role_keys(admin: Api) -> None:
    r = admin.post("users", {"name": "Li", "email": "li@example.com", "roles": ["nope"]})
    assert r.status_code == 422
    assert _codes(r) == {"password": "org.password_short", "roles.0": "field.lookup"}
    made = admin.post("users", {"name": "Li", "email": "li-contract@example.com",
                                "password": "Tr0ut-canyon-58", "roles": ["sales_manager"]})
    assert made.status_code == 201 and made.json()["roles"] == ["sales_manager"]
    again = admin.post("users", {"name": "Li 2", "email": " LI-contract@example.com ",
                                 "password": "Tr0ut-canyon-58"})
    assert again.status_code == 409 and _codes(again) == {"email": "org.email_taken"}


def test_role_key_taken_is_409_and_null_permissions_mean_none(admin: Api) -> None:
    body = {"key": "auditor", "name": "Auditor", "data_scope": "all",
            "permissions": None, "field_permissions": {"accounts": {"phone": "masked"}}}
    role = admin.post("roles", body)
    assert role.status_code == 201, role.text
    assert role.json()["permissions"] == {}
    again = admin.post("roles", {**body, "name": "Auditor 2"})
    assert again.status_code == 409 and _codes(again) == {"key": "field.unique"}
    r = admin.post("roles", {**body, "key": "x", "permissions": {"accounts": ["fly"]}})
    assert r.status_code == 422 and "permissions" in _codes(r)


def test_signup_checks_its_fields_and_answers_409_for_a_known_email(client: Any) -> None:
    body = {"company": "Acme", "email": "founder-contract@example.com",
            "password": "Tr0ut-canyon-58", "name": "Founder"}
    assert client.post("/api/v1/signup", json=body).status_code == 201
    again = client.post("/api/v1/signup", json={**body, "company": "Other"})
    assert again.status_code == 409 and _codes(again) == {"email": "org.email_taken"}
    bad = client.post("/api/v1/signup", json={**body, "email": "@", "company": " ",
                                               "plan": "gold"})
    assert bad.status_code == 422 and _codes(bad) == {"plan": "field.unknown"}
    bad = client.post("/api/v1/signup", json={**body, "email": "@", "company": " "})
    assert bad.status_code == 422
    assert _codes(bad) == {"email": "field.type_email", "company": "field.required"}


def test_record_history_by_id_alone(admin: Api) -> None:
    account = admin.create("accounts", name="History")
    items = admin.get(f"audit?record_id={account['id']}").json()["items"]
    assert [i["action"] for i in items] == ["create"] and items[0]["object"] == "accounts"
    assert admin.get("audit?record_id=no-such-record").status_code == 404


def test_search_finds_records_named_by_a_date(admin: Api) -> None:
    account = admin.create("accounts", name="Dated")
    contract = admin.create("contracts", name="C", account_id=account["id"], amount="100.00")
    plan = admin.create("payment_plans", contract_id=contract["id"], amount="50.00",
                        due_date="2026-12-15")
    found = admin.get("payment_plans", params={"q": "2026-12"})
    assert found.status_code == 200, found.text
    assert [p["id"] for p in found.json()["items"]] == [plan["id"]]
    assert admin.get("payment_plans", params={"q": "2027"}).json()["items"] == []


def test_a_nul_character_finds_nothing_and_is_never_a_server_error(admin: Api) -> None:
    admin.create("accounts", name="Plain")
    assert admin.get("accounts", params={"q": "a\x00"}).json()["items"] == []
    assert admin.get("accounts", params={"name__contains": "\x00"}).json()["items"] == []
    assert admin.get("accounts", params={"name": "\x00"}).status_code == 422
    assert admin.get("audit", params={"record_id": "\x00"}).status_code == 404
    assert admin.get("opportunities/kanban", params={"pipeline_id": "\x00"}).status_code == 404
    r = admin.post("users", {"name": "N", "email": "nul@example.com", "password": "Tr0ut-canyon-58",
                             "roles": ["\x00"]})
    assert r.status_code == 422 and _codes(r) == {"roles.0": "field.lookup"}
