"""``q`` through the search index (issue 17.1): the same substring answers as the full
scan it replaces, pinyin (full, initials, every reading of a polyphonic character),
and the index kept in step by every way a record is written."""

from __future__ import annotations

import uuid
from typing import Any

from salescrm.platform.search.terms import grams_of, pinyin_keys, terms_of
from tests.factories import Api, Tenant
from tests.platform.imports.helpers import run_import


def _found(api: Api, object_name: str, q: str, **params: Any) -> set[str]:
    r = api.get(object_name, params={"q": q, "limit": 500, **params})
    assert r.status_code == 200, r.text
    return {i["id"] for i in r.json()["items"]}


def test_pinyin_keys_hold_full_pinyin_initials_and_each_reading() -> None:
    keys = pinyin_keys("杭州云帆")
    assert keys[0] == "hangzhouyunfan" and "hzyf" in keys
    # 重庆 is read as a phrase (chongqing), not character by character.
    assert pinyin_keys("重庆银行")[0] == "chongqingyinhang"
    # 曾 is zeng (a surname) or ceng; 单 is shan, dan or chan: every reading is kept.
    both = pinyin_keys("曾单")
    assert {"zengshan", "cengdan", "zs", "cd"} <= set(both)
    assert pinyin_keys("Acme Ltd") == [] and pinyin_keys("张" * 65) == []
    terms = terms_of("ABC杭州")
    assert terms.split("\x1f")[0] == "abc杭州" and "abchangzhou" in terms
    assert "g" + "杭州".encode().hex() in grams_of(terms).split()


def test_substring_search_long_and_short_queries(admin: Api) -> None:
    tag = uuid.uuid4().hex[:6]
    a = admin.create("accounts", name=f"杭州云帆科技{tag}", phone="0571-88123456")
    b = admin.create("accounts", name=f"Acme_100% Widgets {tag}")
    c = admin.create("accounts", name=f"Acme1000 Widgets {tag}")
    assert _found(admin, "accounts", tag) == {a["id"], b["id"], c["id"]}
    assert _found(admin, "accounts", "云帆科技") >= {a["id"]}
    assert _found(admin, "accounts", "88123456") == {a["id"]}  # phone, a searched field
    # % and _ are text, not wildcards; case does not matter.
    assert _found(admin, "accounts", f"_100% widgets {tag}") == {b["id"]}
    assert _found(admin, "accounts", f"acme_100% WIDGETS {tag}") == {b["id"]}
    assert _found(admin, "accounts", "%") >= {b["id"]}
    assert c["id"] not in _found(admin, "accounts", "%")
    # One or two characters (served by the grams), Chinese and Latin.
    assert a["id"] in _found(admin, "accounts", "云帆")
    assert a["id"] in _found(admin, "accounts", "帆")
    assert b["id"] in _found(admin, "accounts", "_1") and c["id"] not in _found(
        admin, "accounts", "_1")
    assert _found(admin, "accounts", f"{tag}zz") == set()
    assert admin.get("accounts", params={"q": "a\x1fb"}).json()["items"] == []


def test_pinyin_finds_chinese_names(admin: Api) -> None:
    tag = uuid.uuid4().hex[:4]
    a = admin.create("accounts", name=f"杭州云帆{tag}")
    contact = admin.create("contacts", name="曾单", account_id=a["id"])
    for q in ("hangzhou", "HangZhou", "hz", "hzyf", "yunfan", f"hzyf{tag}"):
        assert a["id"] in _found(admin, "accounts", q), q
    for q in ("zengshan", "cengdan", "zs", "cd"):  # both readings of 曾 and 单
        assert contact["id"] in _found(admin, "contacts", q), q
    assert a["id"] not in _found(admin, "accounts", "shanghai")


def test_index_follows_update_delete_restore(admin: Api) -> None:
    tag = uuid.uuid4().hex[:8]
    a = admin.create("accounts", name=f"旧名称{tag}")
    assert _found(admin, "accounts", f"旧名称{tag}") == {a["id"]}
    r = admin.patch(f"accounts/{a['id']}", {"version": 1, "name": f"新名称{tag}"})
    assert r.status_code == 200, r.text
    assert _found(admin, "accounts", f"旧名称{tag}") == set()
    assert _found(admin, "accounts", f"新名称{tag}") == {a["id"]}
    assert a["id"] in _found(admin, "accounts", "xmc")  # the new name's initials
    assert admin.delete(f"accounts/{a['id']}").status_code == 204
    assert _found(admin, "accounts", tag) == set()
    assert _found(admin, "accounts", tag, deleted="true") == {a["id"]}  # the recycle bin
    assert admin.post(f"accounts/{a['id']}/restore").status_code == 200
    assert _found(admin, "accounts", tag) == {a["id"]}


def test_index_follows_a_merge(admin: Api) -> None:
    tag = uuid.uuid4().hex[:8]
    survivor = admin.create("accounts", name=f"合并后{tag}")
    digits = str(uuid.uuid4().int)[:8]
    duplicate = admin.create("accounts", name=f"重复的{tag}", phone=f"021-{digits}")
    r = admin.post(f"accounts/{survivor['id']}/merge", {"duplicate_id": duplicate["id"]},
                   params={"allow_duplicate": "true"})
    assert r.status_code == 200, r.text
    # The survivor took the duplicate's phone; the duplicate is in the recycle bin.
    assert _found(admin, "accounts", f"021-{digits}") == {survivor["id"]}
    assert _found(admin, "accounts", f"重复的{tag}") == set()


def test_index_follows_an_import(admin: Api, worker: Any) -> None:
    tag = str(uuid.uuid4().int)[:8]
    csv = f"客户名称,电话\n宁波海曙{tag},0574-{tag}\n温州鹿城{tag},\n".encode()
    status = run_import(admin, worker, "accounts", csv,
                        mapping='{"客户名称": "name", "电话": "phone"}')
    assert status["status"] == "done" and status["created"] == 2, status
    assert len(_found(admin, "accounts", tag)) == 2
    assert len(_found(admin, "accounts", f"0574-{tag}")) == 1
    assert len(_found(admin, "accounts", f"nbhs{tag}")) == 1  # pinyin of imported rows


def test_tenant_isolation_and_data_scope(tenants: Any) -> None:
    one, two = tenants.new(), tenants.new()
    tag = uuid.uuid4().hex[:8]
    theirs = two.admin.create("accounts", name=f"别家客户{tag}")
    assert _found(one.admin, "accounts", tag) == set()
    assert _found(two.admin, "accounts", tag) == {theirs["id"]}
    rep = one.user("Rep")
    own = rep.create("accounts", name=f"自己的{tag}")
    one.admin.create("accounts", name=f"管理员的{tag}")
    assert _found(rep, "accounts", tag) == {own["id"]}  # own scope


def test_hidden_or_masked_fields_stay_unsearchable(tenant: Tenant) -> None:
    key = f"fl_{uuid.uuid4().hex[:8]}"
    tenant.admin.create("roles", key=key, name=key, data_scope="all",
                        permissions={"*": ["read"]},
                        field_permissions={"accounts": {"name": "hidden", "phone": "masked"}})
    rep = tenant.user(key.replace("_", ""), roles=[key])
    a = tenant.admin.create("accounts", name="隐藏名称客户", phone="13912345678")
    for probe in ("隐藏名称", "ycmc", "1391234", "39"):
        assert a["id"] in _found(tenant.admin, "accounts", probe), probe
        assert a["id"] not in _found(rep, "accounts", probe), probe


def test_custom_object_title_and_custom_fields(admin: Api) -> None:
    r = admin.post("meta/objects", {
        "api_name": "equipment", "labels": {"en": "Equipment", "zh-CN": "设备"},
        "fields": [{"api_name": "name", "type": "text", "required": True, "label": "Name"},
                   {"api_name": "serial", "type": "text", "label": "Serial"}]})
    assert r.status_code == 201, r.text
    e = admin.create("equipment", name="数控机床", serial="SN-77881")
    assert _found(admin, "equipment", "机床") == {e["id"]}
    assert _found(admin, "equipment", "skjc") == {e["id"]}
    assert _found(admin, "equipment", "77881") == set()  # not a searchable field
    admin.patch(f"equipment/{e['id']}", {"version": 1, "name": "激光切割机"})
    assert _found(admin, "equipment", "机床") == set()
    assert _found(admin, "equipment", "jgqgj") == {e["id"]}
    # A new title field: its values are in the index already.
    r = admin.patch("meta/objects/equipment", {"title": {"field": "serial"}})
    assert r.status_code == 200, r.text
    assert _found(admin, "equipment", "77881") == {e["id"]}
