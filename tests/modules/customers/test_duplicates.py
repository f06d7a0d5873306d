"""Duplicate check (查重) through the API: 409 on create/update, ?allow_duplicate,
POST /duplicates/check (exact + fuzzy), per-tenant blocking rules, visibility."""

from __future__ import annotations

from typing import Any

from tests.factories import Api, Tenant


def _ids(body: dict[str, Any]) -> list[str]:
    return [m["id"] for m in body["matches"]]


def test_account_with_same_normalized_name_answers_409_with_matches(admin: Api) -> None:
    first = admin.create("accounts", name="华为技术有限公司", province="广东")
    r = admin.post("accounts", {"name": " 华为技术股份有限公司 "})
    assert r.status_code == 409, r.text
    assert r.headers["content-type"].startswith("application/problem+json")
    body = r.json()
    assert body["status"] == 409 and body["override"] == "allow_duplicate=true"
    assert "allow_duplicate" not in body["detail"]  # people read the detail: words only
    [error] = body["errors"]
    assert error["id"] == first["id"] and error["score"] == 1.0
    assert error["fields"] == ["name"] and error["field"] == "name"
    assert error["message"]
    # Nothing was written.
    assert admin.get("accounts?count=true").json()["total"] == 1


def test_allow_duplicate_creates_anyway(admin: Api) -> None:
    admin.create("accounts", name="Acme Co., Ltd.")
    r = admin.post("accounts?allow_duplicate=true", {"name": "ACME Inc."})
    assert r.status_code == 201, r.text


def test_contact_mobile_and_email_match_after_normalization(admin: Api) -> None:
    first = admin.create("contacts", name="张三", mobile="138 1234 5678",
                         email="Zhang.San@Example.com")
    by_mobile = admin.post("contacts", {"name": "张叁", "mobile": "+86-138-1234-5678"})
    assert by_mobile.status_code == 409
    assert by_mobile.json()["errors"][0]["fields"] == ["mobile"]
    by_email = admin.post("contacts", {"name": "李四", "email": "zhang.san@example.COM"})
    assert by_email.status_code == 409
    assert by_email.json()["errors"][0]["id"] == first["id"]
    both = admin.post("contacts", {"name": "张 三", "mobile": "13812345678"})
    assert sorted(both.json()["errors"][0]["fields"]) == ["mobile", "name"]


def test_lead_duplicates_block_and_messages_are_localized(admin: Api) -> None:
    admin.create("leads", name="王五", mobile="13900001111")
    admin.locale = "zh-CN"
    r = admin.post("leads", {"name": "王六", "mobile": "139-0000-1111"})
    assert r.status_code == 409
    assert "线索" in r.json()["detail"] and "手机" in r.json()["errors"][0]["message"]


def test_update_into_a_duplicate_answers_409_and_keeps_the_record(admin: Api) -> None:
    admin.create("accounts", name="腾讯科技")
    other = admin.create("accounts", name="字节跳动")
    r = admin.patch(f"accounts/{other['id']}", {"name": "腾讯科技有限公司", "version": 1})
    assert r.status_code == 409
    assert admin.get(f"accounts/{other['id']}").json()["name"] == "字节跳动"
    # Editing other fields of a record is never blocked by its own name.
    ok = admin.patch(f"accounts/{other['id']}", {"industry": "互联网", "version": 1})
    assert ok.status_code == 200, ok.text
    forced = admin.patch(f"accounts/{other['id']}?allow_duplicate=true",
                         {"name": "腾讯科技有限公司", "version": 2})
    assert forced.status_code == 200, forced.text


def test_deleted_records_do_not_block(admin: Api) -> None:
    old = admin.create("accounts", name="旧公司")
    assert admin.delete(f"accounts/{old['id']}").status_code == 204
    assert admin.post("accounts", {"name": "旧公司"}).status_code == 201


def test_check_lists_exact_and_fuzzy_matches(admin: Api) -> None:
    exact = admin.create("accounts", name="北京字节跳动科技有限公司", phone="010-12345678")
    fuzzy = admin.create("accounts", name="字节跳动")
    admin.create("accounts", name="完全无关的公司")
    r = admin.post("duplicates/check", {"object": "accounts",
                                        "record": {"name": "北京字节跳动科技"}})
    assert r.status_code == 200, r.text
    matches = r.json()["matches"]
    assert matches[0] == {"id": exact["id"], "score": 1.0, "fields": ["name"],
                          "name": "北京字节跳动科技有限公司"}
    assert fuzzy["id"] in _ids(r.json())
    candidate = next(m for m in matches if m["id"] == fuzzy["id"])
    assert 0.75 <= candidate["score"] < 1.0 and candidate["fields"] == ["name"]
    by_phone = admin.post("duplicates/check", {"object": "accounts",
                                               "record": {"phone": "+86 10 1234 5678"}})
    assert _ids(by_phone.json()) == [exact["id"]]
    assert by_phone.json()["matches"][0]["fields"] == ["phone"]


def test_check_finds_latin_typos_and_excludes_the_record_itself(admin: Api) -> None:
    acme = admin.create("accounts", name="Acme Widgets Inc.")
    r = admin.post("duplicates/check", {"object": "accounts",
                                        "record": {"name": "Acme Widget"}})
    assert acme["id"] in _ids(r.json())
    itself = admin.post("duplicates/check", {"object": "accounts",
                                             "record": {"id": acme["id"], "name": "Acme Widgets"}})
    assert itself.json()["matches"] == []


def test_check_only_lists_records_the_caller_can_see(tenant: Tenant) -> None:
    rep1 = tenant.user("Rep1")
    rep2 = tenant.user("Rep2")
    theirs = rep2.create("contacts", name="赵六", mobile="13700001111")
    r = rep1.post("duplicates/check", {"object": "contacts",
                                       "record": {"mobile": "13700001111"}})
    assert r.json()["matches"] == []
    # Creating it is still blocked (one customer, one owner), without revealing the record.
    blocked = rep1.post("contacts", {"name": "赵六", "mobile": "13700001111"})
    assert blocked.status_code == 409
    [error] = blocked.json()["errors"]
    assert error["id"] is None and error["name"] is None and theirs["id"] not in blocked.text
    assert tenant.admin.post("duplicates/check", {"object": "contacts", "record": {
        "mobile": "13700001111"}}).json()["matches"][0]["id"] == theirs["id"]


def test_other_tenants_never_match(tenants: Any) -> None:
    a, b = tenants.new(), tenants.new()
    a.admin.create("accounts", name="同名公司")
    assert b.admin.post("accounts", {"name": "同名公司"}).status_code == 201
    r = a.admin.post("duplicates/check", {"object": "accounts", "record": {"name": "同名公司"}})
    assert len(r.json()["matches"]) == 1


def test_blocking_fields_are_configurable_per_object(tenant: Tenant) -> None:
    admin = tenant.admin
    rule = admin.get("duplicates/rules/contacts").json()
    assert rule["blocking_fields"] == ["name", "mobile", "email"]
    assert admin.get("duplicates/rules/accounts").json()["blocking_fields"] == ["name"]
    r = admin.client.put("/api/v1/duplicates/rules/contacts", headers=admin.headers,
                         json={"blocking_fields": ["mobile"]})
    assert r.status_code == 200 and r.json()["blocking_fields"] == ["mobile"]
    admin.create("contacts", name="王伟", mobile="13600000000")
    assert admin.post("contacts", {"name": "王伟"}).status_code == 201  # name no longer blocks
    assert admin.post("contacts", {"name": "另一个", "mobile": "13600000000"}).status_code == 409
    # Accounts keep their own rule; the check still reports non-blocking matches.
    admin.create("accounts", name="某公司", phone="021-61234567")
    assert admin.post("accounts", {"name": "别的公司", "phone": "02161234567"}).status_code == 201
    rep = tenant.user("Rep")
    denied = rep.client.put("/api/v1/duplicates/rules/contacts", headers=rep.headers,
                            json={"blocking_fields": []})
    assert denied.status_code == 403
    bad = admin.client.put("/api/v1/duplicates/rules/contacts", headers=admin.headers,
                           json={"blocking_fields": ["wechat"]})
    assert bad.status_code == 422 and bad.json()["errors"][0]["field"] == "blocking_fields"


def test_bad_check_requests_are_422_naming_the_field(admin: Api) -> None:
    r = admin.post("duplicates/check", {"object": "orders", "record": {}})
    assert r.status_code == 422 and r.json()["errors"][0]["field"] == "object"
    r = admin.post("duplicates/check", {"object": "accounts", "record": "x"})
    assert r.status_code == 422 and r.json()["errors"][0]["field"] == "record"
    r = admin.post("duplicates/check", {"object": "accounts", "record": {"name": {"a": 1}}})
    assert r.status_code == 422 and r.json()["errors"][0]["field"] == "record.name"
    r = admin.post("duplicates/check", [1, 2])
    assert r.status_code == 422
