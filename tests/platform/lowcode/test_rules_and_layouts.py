"""Validation rules on every write path, and page layouts from the metadata API."""

from __future__ import annotations

from typing import Any

from salescrm.platform.errors import ProblemError
from salescrm.platform.records import service as records
from salescrm.platform.tenancy.system import system_context
from tests.factories import Api, Tenant

VIP_NEEDS_PHONE = {
    "object": "accounts", "name": "VIP accounts need a phone", "field": "phone",
    "condition": {"all": [{"field": "level", "op": "eq", "value": "A"},
                          {"field": "phone", "op": "is_empty"}]},
    "message": {"en": "A-level accounts need a phone number.",
                "zh-CN": "A 级客户必须填写电话。"},
}


def errors_of(r: Any) -> dict[str, str]:
    return {e["field"]: e.get("code", "") for e in r.json()["errors"]}


def test_rule_refuses_create_and_update_with_its_localized_message(admin: Api) -> None:
    r = admin.post("validation_rules", VIP_NEEDS_PHONE)
    assert r.status_code == 201, r.text
    rule = r.json()
    r = admin.post("accounts", {"name": "Acme", "level": "A"})
    assert r.status_code == 422
    assert r.json()["errors"] == [{"field": "phone", "code": "validation_rule",
                                   "rule_id": rule["id"],
                                   "message": "A-level accounts need a phone number."}]
    admin.locale = "zh-CN"
    r = admin.post("accounts", {"name": "Acme", "level": "A"})
    assert r.json()["errors"][0]["message"] == "A 级客户必须填写电话。"
    acct = admin.create("accounts", name="Acme", level="A", phone="010-12345678")
    r = admin.patch(f"accounts/{acct['id']}", {"version": 1, "phone": None})
    assert r.status_code == 422
    assert admin.get(f"accounts/{acct['id']}").json()["phone"] == "010-12345678"
    # A rule switched off no longer applies; a deleted one neither.
    admin.patch(f"validation_rules/{rule['id']}", {"is_active": False})
    assert admin.post("accounts", {"name": "B", "level": "A"}).status_code == 201
    admin.patch(f"validation_rules/{rule['id']}", {"is_active": True})
    assert admin.post("accounts", {"name": "C", "level": "A"}).status_code == 422
    assert admin.delete(f"validation_rules/{rule['id']}").status_code == 204
    assert admin.post("accounts", {"name": "D", "level": "A"}).status_code == 201


def test_rules_see_the_change_before_and_after(admin: Api) -> None:
    admin.post("meta/objects/accounts/fields", {"api_name": "credit_limit", "type": "money",
                                                "label": "Credit limit"})
    r = admin.post("validation_rules", {
        "object": "accounts", "name": "Credit limit frozen once set", "field": "credit_limit",
        # A new record has no id yet: "id is empty" tells creation from a change.
        "condition": {"all": [{"field": "credit_limit", "op": "changed"},
                              {"not": {"field": "id", "op": "is_empty"}}]},
        "message": {"en": "The credit limit cannot change.", "zh-CN": "信用额度不可修改。"}})
    assert r.status_code == 201, r.text
    acct = admin.create("accounts", name="Acme", credit_limit="50000")
    r = admin.patch(f"accounts/{acct['id']}", {"version": 1, "credit_limit": "90000"})
    assert r.status_code == 422 and errors_of(r) == {"credit_limit": "validation_rule"}
    r = admin.patch(f"accounts/{acct['id']}", {"version": 1, "city": "杭州"})
    assert r.status_code == 200


def test_rules_hold_on_service_write_paths_too(tenant: Tenant, sessions: Any) -> None:
    tenant.admin.post("validation_rules", VIP_NEEDS_PHONE)
    with sessions() as s:
        ctx = system_context(s, tenant.id)
        obj = ctx.object("accounts")
        try:
            records.create_record(ctx, obj, {"name": "Via service", "level": "A"})
        except ProblemError as exc:
            assert exc.status == 422 and exc.errors[0]["field"] == "phone"
        else:
            raise AssertionError("the rule did not apply to a service write")
        s.rollback()


def test_bad_rules_are_422_naming_the_field(admin: Api, tenant: Tenant) -> None:
    cases = [
        ({**VIP_NEEDS_PHONE, "condition": {"all": [{"field": "colour", "op": "eq",
                                                    "value": "red"}]}},
         "condition.all[0].field"),
        ({**VIP_NEEDS_PHONE, "condition": {"field": "level", "op": "gt", "value": "A"}},
         "condition.op"),
        ({**VIP_NEEDS_PHONE, "condition": {"field": "level", "op": "eq", "value": "Z"}},
         "condition.value"),
        ({**VIP_NEEDS_PHONE, "object": "nothing"}, "object"),
        ({**VIP_NEEDS_PHONE, "message": {"en": "only English"}}, "message"),
        ({**VIP_NEEDS_PHONE, "field": "nope"}, "field"),
        ({**VIP_NEEDS_PHONE, "name": ""}, "name"),
    ]
    for body, field in cases:
        r = admin.post("validation_rules", body)
        assert r.status_code == 422, (body, r.text)
        assert field in errors_of(r), (field, r.json())
    assert admin.get("validation_rules").json()["items"] == []
    rep = tenant.user("Rep")
    assert rep.post("validation_rules", VIP_NEEDS_PHONE).status_code == 403


# --- layouts ---------------------------------------------------------------------
def test_default_layout_and_a_saved_one(admin: Api) -> None:
    layout = admin.get("meta/objects/accounts/layout").json()
    assert layout["source"] == "default"
    keys = [g["key"] for g in layout["groups"]]
    assert keys[0] == "main" and "system" in keys
    assert "name" in layout["groups"][0]["fields"]
    body = {"groups": [
        {"key": "basics", "labels": {"en": "Basics", "zh-CN": "基本"},
         "fields": ["name", "level", "phone"]},
        {"key": "where", "labels": {"en": "Address", "zh-CN": "地址"},
         "fields": ["province", "city", "address"]},
    ]}
    r = _put(admin, "meta/objects/accounts/layout", body)
    assert r.status_code == 200, r.text
    got = admin.get("meta/objects/accounts/layout").json()
    assert got["source"] == "object"
    assert [g["fields"] for g in got["groups"][:2]] == [["name", "level", "phone"],
                                                        ["province", "city", "address"]]
    # Fields no group names still show, at the end, so new fields never vanish.
    admin.post("meta/objects/accounts/fields", {"api_name": "erp_code", "type": "text",
                                                "label": "ERP"})
    got = admin.get("meta/objects/accounts/layout").json()
    assert got["groups"][-1]["key"] == "other" and "erp_code" in got["groups"][-1]["fields"]
    admin.locale = "zh-CN"
    assert admin.get("meta/objects/accounts/layout").json()["groups"][1]["label"] == "地址"


def _put(api: Api, path: str, body: Any) -> Any:
    return api.client.put("/api/v1/" + path, json=body, headers=api.headers)


def test_bad_layouts_are_422(admin: Api) -> None:
    r = _put(admin, "meta/objects/accounts/layout", {"groups": [
        {"key": "a", "labels": {"en": "A", "zh-CN": "甲"}, "fields": ["name", "nope"]}]})
    assert r.status_code == 422 and "groups[0].fields[1]" in errors_of(r)
    r = _put(admin, "meta/objects/accounts/layout", {"groups": [
        {"key": "a", "labels": {"en": "A", "zh-CN": "甲"}, "fields": ["name"]},
        {"key": "b", "labels": {"en": "B", "zh-CN": "乙"}, "fields": ["name"]}]})
    assert r.status_code == 422 and errors_of(r) == {"groups[1].fields[0]": "layout.field_twice"}
    r = _put(admin, "meta/objects/accounts/layout?stage=won", {"groups": [
        {"key": "a", "labels": {"en": "A", "zh-CN": "甲"}, "fields": ["name"]}]})
    assert r.status_code == 422 and "stage" in errors_of(r)
    assert _put(admin, "meta/objects/accounts/layout", {"groups": "x"}).status_code == 422


def test_layout_leaves_out_fields_the_caller_cannot_see(tenant: Tenant) -> None:
    tenant.admin.create("roles", key="no_phone", name="No phone", data_scope="own",
                        permissions={"accounts": ["read"]},
                        field_permissions={"accounts": {"phone": "hidden"}})
    user = tenant.user("Limited", roles=["no_phone"])
    fields = [f for g in user.get("meta/objects/accounts/layout").json()["groups"]
              for f in g["fields"]]
    assert "name" in fields and "phone" not in fields


def test_opportunity_layout_per_stage(admin: Api) -> None:
    base = {"groups": [{"key": "deal", "labels": {"en": "Deal", "zh-CN": "商机"},
                        "fields": ["name", "account_id", "amount"]}]}
    late = {"groups": [{"key": "closing", "labels": {"en": "Closing", "zh-CN": "成交"},
                        "fields": ["name", "amount", "close_date"]}]}
    assert _put(admin, "meta/objects/opportunities/layout", base).status_code == 200
    r = _put(admin, "meta/objects/opportunities/layout?stage=negotiation", late)
    assert r.status_code == 200, r.text
    got = admin.get("meta/objects/opportunities/layout?stage=negotiation").json()
    assert got["source"] == "stage" and got["groups"][0]["key"] == "closing"
    got = admin.get("meta/objects/opportunities/layout?stage=initial").json()
    assert got["source"] == "object" and got["groups"][0]["key"] == "deal"
    r = _put(admin, "meta/objects/opportunities/layout?stage=no_such_stage", late)
    assert r.status_code == 422 and errors_of(r) == {"stage": "layout.stage_unknown"}
    assert admin.delete("meta/objects/opportunities/layout?stage=negotiation").status_code == 204
    got = admin.get("meta/objects/opportunities/layout?stage=negotiation").json()
    assert got["source"] == "object"
