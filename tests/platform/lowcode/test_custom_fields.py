"""Custom fields on built-in objects: every type, validation on write, unique, default,
labels, picklist order and deactivation, delete and restore, filters and sort."""

from __future__ import annotations

import json
from datetime import timedelta
from typing import Any

import pytest
from sqlalchemy import text

from salescrm.platform.jobs import enqueue
from salescrm.platform.jobs.worker import Worker
from tests.factories import Api, Tenant


def add_field(api: Api, obj: str, **body: Any) -> dict[str, Any]:
    r = api.post(f"meta/objects/{obj}/fields", body)
    assert r.status_code == 201, r.text
    return r.json()  # type: ignore[no-any-return]


def errors_of(r: Any) -> dict[str, str]:
    return {e["field"]: e.get("code", "") for e in r.json()["errors"]}


ALL_TYPES = [
    ("cf_text", "text", {}, "hello", "hello"),
    ("cf_notes", "textarea", {}, "line 1\nline 2", "line 1\nline 2"),
    ("cf_score", "number", {}, "12.5", "12.5"),
    ("cf_seats", "integer", {}, 7, 7),
    ("cf_budget", "money", {}, "125000.5", "125000.50"),
    ("cf_signed_on", "date", {}, "2026-11-27", "2026-11-27"),
    ("cf_seen_at", "datetime", {}, "2026-11-27T08:00:00+08:00", "2026-11-27T00:00:00+00:00"),
    ("cf_vip", "boolean", {}, True, True),
    ("cf_tier", "picklist", {"options": ["gold", "silver"]}, "gold", "gold"),
    ("cf_tags", "multi_picklist", {"options": ["a", "b", "c"]}, ["b", "a"], ["b", "a"]),
    ("cf_mail", "email", {}, "Buyer@Example.com", "buyer@example.com"),
    ("cf_fax", "phone", {}, "+86 10 1234 5678", "+86 10 1234 5678"),
    ("cf_site", "url", {}, "https://example.cn", "https://example.cn"),
]


def test_every_type_is_stored_and_shown_at_top_level(admin: Api) -> None:
    for api_name, type_, extra, _, _ in ALL_TYPES:
        add_field(admin, "accounts", api_name=api_name, type=type_,
                  labels={"en": api_name, "zh-CN": "字段" + api_name}, **extra)
    contact = admin.create("contacts", name="王芳")
    add_field(admin, "accounts", api_name="cf_buyer", type="lookup", target="contacts",
              label="Buyer")
    body = {n: v for n, _, _, v, _ in ALL_TYPES}
    acct = admin.create("accounts", name="Acme", cf_buyer=contact["id"], **body)
    for api_name, _, _, _, shown in ALL_TYPES:
        assert acct[api_name] == shown, api_name
    assert acct["cf_buyer"] == contact["id"]
    meta = admin.get("meta/objects/accounts").json()
    described = {f["api_name"]: f for f in meta["fields"]}
    assert described["cf_tier"]["custom"] is True
    assert described["cf_tier"]["options"] == ["gold", "silver"]
    assert described["cf_buyer"]["target"] == "contacts"


def test_values_are_validated_on_write(admin: Api) -> None:
    add_field(admin, "accounts", api_name="tier", type="picklist", label="Tier",
              options=["gold", "silver"])
    add_field(admin, "accounts", api_name="buyer_email", type="email", label="Buyer email")
    add_field(admin, "accounts", api_name="budget", type="money", label="Budget")
    r = admin.post("accounts", {"name": "A", "tier": "bronze", "buyer_email": "nope",
                                "budget": "1.234"})
    assert r.status_code == 422
    assert set(errors_of(r)) == {"tier", "buyer_email", "budget"}
    assert errors_of(r)["tier"] == "field.option"
    acct = admin.create("accounts", name="A", tier="gold")
    r = admin.patch(f"accounts/{acct['id']}", {"version": acct["version"], "tier": "x"})
    assert r.status_code == 422 and "tier" in errors_of(r)


def test_required_default_help_and_labels(admin: Api) -> None:
    add_field(admin, "accounts", api_name="region_code", type="text", required=True,
              labels={"en": "Region code", "zh-CN": "区域代码"}, help="Two letters")
    add_field(admin, "accounts", api_name="stage_hint", type="picklist",
              options=["cold", "warm"], default="cold", label="Hint")
    r = admin.post("accounts", {"name": "A"})
    assert r.status_code == 422 and errors_of(r) == {"region_code": "field.required"}
    acct = admin.create("accounts", name="A", region_code="BJ")
    assert acct["stage_hint"] == "cold"
    admin.locale = "zh-CN"
    fields = {f["api_name"]: f for f in admin.get("meta/objects/accounts").json()["fields"]}
    assert fields["region_code"]["label"] == "区域代码"
    assert fields["region_code"]["help"] == "Two letters"
    # Renaming the label keeps the data.
    r = admin.patch("meta/objects/accounts/fields/region_code",
                    {"labels": {"en": "Area code", "zh-CN": "地区代码"}})
    assert r.status_code == 200, r.text
    assert admin.get(f"accounts/{acct['id']}").json()["region_code"] == "BJ"
    fields = {f["api_name"]: f for f in admin.get("meta/objects/accounts").json()["fields"]}
    assert fields["region_code"]["label"] == "地区代码"


def test_unique_per_tenant(tenants: Any) -> None:
    a: Tenant = tenants.new()
    b: Tenant = tenants.new()
    for t in (a, b):
        add_field(t.admin, "accounts", api_name="tax_no", type="text", unique=True,
                  label="Tax number")
    first = a.admin.create("accounts", name="A", tax_no="91110000X")
    r = a.admin.post("accounts", {"name": "B", "tax_no": "91110000X"})
    assert r.status_code == 409 and errors_of(r) == {"tax_no": "field.unique"}
    b.admin.create("accounts", name="B", tax_no="91110000X")  # another tenant: fine
    # Deleting the holder frees the value; restoring the holder then conflicts.
    assert a.admin.delete(f"accounts/{first['id']}").status_code == 204
    a.admin.create("accounts", name="C", tax_no="91110000X")
    assert a.admin.post(f"accounts/{first['id']}/restore").status_code == 409


def test_turning_unique_on_refuses_existing_duplicates(admin: Api) -> None:
    add_field(admin, "accounts", api_name="erp_code", type="text", label="ERP code")
    admin.create("accounts", name="A", erp_code="X1")
    admin.create("accounts", name="B", erp_code="X1")
    r = admin.patch("meta/objects/accounts/fields/erp_code", {"unique": True})
    assert r.status_code == 422 and "unique" in errors_of(r)


def test_lookup_to_another_tenants_record_is_refused(tenants: Any) -> None:
    a: Tenant = tenants.new()
    b: Tenant = tenants.new()
    foreign = b.admin.create("contacts", name="Not yours")
    add_field(a.admin, "accounts", api_name="buyer", type="lookup", target="contacts",
              label="Buyer")
    r = a.admin.post("accounts", {"name": "A", "buyer": foreign["id"]})
    assert r.status_code == 422 and errors_of(r) == {"buyer": "field.lookup"}


@pytest.mark.parametrize("api_name, code", [
    ("name", "custom.api_name_taken"),          # built-in field
    ("owner_id", "custom.api_name_reserved"),   # system field
    ("industry", "custom.api_name_taken"),      # built-in field of accounts
    ("select", "custom.api_name_reserved"),     # SQL
    ("limit", "custom.api_name_reserved"),      # list parameter
    ("class", "custom.api_name_reserved"),      # Python
    ("客户等级", "custom.api_name_format"),      # non-ASCII
    ("Tier", "custom.api_name_format"),
    ("tier__gte", "custom.api_name_format"),    # would read as a filter operator
    ("_tier", "custom.api_name_format"),
    ("t", "custom.api_name_format"),
])
def test_bad_api_names_are_422_and_nothing_is_saved(admin: Api, api_name: str,
                                                      code: str) -> None:
    before = admin.get("meta/objects/accounts").json()["fields"]
    r = admin.post("meta/objects/accounts/fields",
                   {"api_name": api_name, "type": "text", "label": "X"})
    assert r.status_code == 422, r.text
    assert errors_of(r) == {"api_name": code}
    assert admin.get("meta/objects/accounts").json()["fields"] == before


def test_bad_definitions_name_the_field(admin: Api) -> None:
    cases = [
        ({"type": "colour"}, "type"),
        ({"type": "picklist"}, "options"),
        ({"type": "picklist", "options": ["a", "a"]}, "options"),
        ({"type": "picklist", "options": ["a"], "default": "b"}, "default"),
        ({"type": "lookup", "target": "nothing"}, "target"),
        ({"type": "text", "options": ["a"]}, "options"),
        ({"type": "boolean", "unique": True}, "unique"),
        ({"type": "text", "colour": "red"}, "colour"),
        ({"type": "text", "label": ""}, "label"),
        ({"type": "number", "default": "abc"}, "default"),
    ]
    for extra, field in cases:
        body = {"api_name": "thing", "label": "Thing", **extra}
        r = admin.post("meta/objects/accounts/fields", body)
        assert r.status_code == 422, (extra, r.text)
        assert field in errors_of(r), (extra, r.json())
    assert admin.get("meta/objects/accounts/fields").json()["items"] == []


def test_only_admins_change_fields(tenant: Tenant) -> None:
    rep = tenant.user("Rep")
    r = rep.post("meta/objects/accounts/fields", {"api_name": "x1", "type": "text",
                                                  "label": "X"})
    assert r.status_code == 403


def test_picklist_order_and_deactivation(admin: Api) -> None:
    add_field(admin, "accounts", api_name="tier", type="picklist", label="Tier",
              options=["gold", "silver", "bronze"])
    old = admin.create("accounts", name="Old", tier="bronze")
    r = admin.patch("meta/objects/accounts/fields/tier",
                    {"options": ["bronze", "silver", "gold", "platinum"],
                     "inactive": ["bronze"]})
    assert r.status_code == 200, r.text
    assert r.json()["options"] == ["bronze", "silver", "gold", "platinum"]
    meta = {f["api_name"]: f for f in admin.get("meta/objects/accounts").json()["fields"]}
    assert meta["tier"]["options"] == ["silver", "gold", "platinum"]  # active, in order
    r = admin.post("accounts", {"name": "New", "tier": "bronze"})
    assert r.status_code == 422
    assert admin.get(f"accounts/{old['id']}").json()["tier"] == "bronze"  # data kept
    r = admin.patch("meta/objects/accounts/fields/tier", {"options": ["gold"]})
    assert r.status_code == 422 and errors_of(r) == {"options": "custom.option_removed"}
    r = admin.patch("meta/objects/accounts/fields/tier", {"type": "text"})
    assert r.status_code == 422 and errors_of(r) == {"type": "custom.immutable"}


def test_delete_keeps_values_restorable_for_30_days(admin: Api, sessions: Any) -> None:
    add_field(admin, "accounts", api_name="erp_code", type="text", label="ERP")
    acct = admin.create("accounts", name="A", erp_code="E-1")
    assert admin.delete("meta/objects/accounts/fields/erp_code").status_code == 204
    assert "erp_code" not in admin.get(f"accounts/{acct['id']}").json()
    assert admin.get("accounts?erp_code=E-1").status_code == 422
    r = admin.post("meta/objects/accounts/fields", {"api_name": "erp_code", "type": "text",
                                                    "label": "ERP"})
    assert r.status_code == 422 and errors_of(r) == {"api_name": "custom.api_name_deleted"}
    deleted = admin.get("meta/objects/accounts/fields?deleted=true").json()["items"]
    assert [f["api_name"] for f in deleted] == ["erp_code"]
    r = admin.post("meta/objects/accounts/fields/erp_code/restore")
    assert r.status_code == 200, r.text
    assert admin.get(f"accounts/{acct['id']}").json()["erp_code"] == "E-1"
    # Past 30 days a deleted field cannot come back.
    admin.delete("meta/objects/accounts/fields/erp_code")
    with sessions() as s, s.begin():
        s.execute(text("UPDATE custom_fields SET deleted_at = :at WHERE api_name = 'erp_code' "
                       "AND object = 'accounts' AND tenant_id = :t"),
                  {"at": _days_ago(31), "t": admin.user["tenant_id"]})
    r = admin.post("meta/objects/accounts/fields/erp_code/restore")
    assert r.status_code == 409
    # The daily purge then forgets the field and its values; the name is free again.
    with sessions() as s, s.begin():
        s.info["tenant_id"] = None
        enqueue(s, "custom_fields.purge", {})
    Worker(sessions, name="purger").run_until_idle()
    with sessions() as s:
        stored = s.execute(text("SELECT custom FROM accounts WHERE id = :id"),
                           {"id": acct["id"]}).scalar_one()
    stored = json.loads(stored) if isinstance(stored, str) else stored
    assert "erp_code" not in stored
    assert admin.get("meta/objects/accounts/fields?deleted=true").json()["items"] == []
    add_field(admin, "accounts", api_name="erp_code", type="number", label="ERP number")
    assert admin.get(f"accounts/{acct['id']}").json()["erp_code"] is None


def _days_ago(days: int) -> Any:
    from salescrm.db.types import utcnow

    return (utcnow() - timedelta(days=days)).replace(tzinfo=None)


def test_filter_sort_and_search_by_custom_fields(admin: Api) -> None:
    add_field(admin, "accounts", api_name="score", type="number", label="Score",
              filterable=True)
    add_field(admin, "accounts", api_name="tier", type="picklist", label="Tier",
              options=["gold", "silver"])
    for i, tier in enumerate(["gold", "silver", "gold", "silver", "gold"]):
        admin.create("accounts", name=f"A{i}", score=str(i * 10), tier=tier)
    items = admin.get("accounts?tier=gold&sort=-score").json()["items"]
    assert [i["name"] for i in items] == ["A4", "A2", "A0"]
    items = admin.get("accounts?score__gte=20&sort=score").json()["items"]
    assert [i["score"] for i in items] == ["20", "30", "40"]
    page = admin.get("accounts?sort=score&limit=2").json()
    nxt = admin.get(f"accounts?sort=score&limit=2&cursor={page['next_cursor']}").json()
    assert [i["name"] for i in page["items"] + nxt["items"]] == ["A0", "A1", "A2", "A3"]
    assert admin.get("accounts?tier__in=silver&count=true").json()["total"] == 2


@pytest.mark.postgres
def test_filterable_field_gets_an_expression_index_on_postgresql(admin: Api,
                                                                 sessions: Any) -> None:
    with sessions() as s:
        if s.get_bind().dialect.name != "postgresql":
            pytest.skip("expression indexes are created on PostgreSQL only")
    add_field(admin, "accounts", api_name="erp_code", type="text", label="ERP",
              filterable=True)
    with sessions() as s:
        defs = s.execute(text("SELECT indexdef FROM pg_indexes WHERE tablename = 'accounts' "
                              "AND indexdef LIKE '%erp_code%'")).scalars().all()
    assert len(defs) == 1 and admin.user["tenant_id"] in defs[0], defs
    admin.patch("meta/objects/accounts/fields/erp_code", {"filterable": False})
    with sessions() as s:
        assert not s.execute(text("SELECT 1 FROM pg_indexes WHERE tablename = 'accounts' "
                                  "AND indexdef LIKE '%erp_code%'")).first()
