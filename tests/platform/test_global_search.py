"""``GET /api/v1/search`` (issue 17.1): one query across objects, under the same rules
as each object's list: permissions, data scope, field levels, tenant isolation."""

from __future__ import annotations

import uuid
from typing import Any

from tests.factories import Api, Tenant


def _hits(api: Api, q: str, **params: Any) -> list[dict[str, Any]]:
    r = api.get("search", params={"q": q, **params})
    assert r.status_code == 200, r.text
    return r.json()["items"]  # type: ignore[no-any-return]


def test_finds_records_of_every_object_with_the_field_that_matched(admin: Api) -> None:
    tag = str(uuid.uuid4().int)[:8]
    account = admin.create("accounts", name=f"杭州云帆{tag}", phone=f"0571-{tag}")
    contact = admin.create("contacts", name=f"云帆联系人{tag}", account_id=account["id"])
    lead = admin.create("leads", name="王小明", company=f"云帆{tag}")
    hits = _hits(admin, tag)
    got = {(h["object"], h["id"]): h for h in hits}
    assert set(got) == {("accounts", account["id"]), ("contacts", contact["id"]),
                        ("leads", lead["id"])}
    assert got[("accounts", account["id"])]["title"] == f"杭州云帆{tag}"
    assert got[("accounts", account["id"])]["field"] == "name"
    assert got[("leads", lead["id"])] == {"object": "leads", "id": lead["id"],
                                          "title": "王小明", "field": "company"}
    # Pinyin, and narrowing to some objects in the order asked.
    assert {h["id"] for h in _hits(admin, f"hzyf{tag}")} == {account["id"]}
    only = _hits(admin, tag, objects="leads,accounts")
    assert [h["object"] for h in only] == ["leads", "accounts"]
    assert _hits(admin, f"{tag}-nothing") == []


def test_limit_per_object_and_bad_input(admin: Api) -> None:
    tag = uuid.uuid4().hex[:8]
    for i in range(3):
        admin.create("accounts", name=f"批量{tag}{i}")
    assert len(_hits(admin, tag, limit=2)) == 2
    assert len(_hits(admin, tag)) == 3
    for params in ({"q": ""}, {}, {"q": tag, "limit": 0}, {"q": tag, "limit": 21},
                   {"q": tag, "limit": "x"}):
        r = admin.get("search", params=params)
        assert r.status_code == 422, (params, r.text)
        assert r.headers["content-type"].startswith("application/problem+json")
    assert _hits(admin, tag, objects="nope,roles_x") == []


def test_tenant_isolation_and_data_scope(tenants: Any) -> None:
    one, two = tenants.new(), tenants.new()
    tag = uuid.uuid4().hex[:8]
    theirs = two.admin.create("accounts", name=f"别家{tag}")
    assert _hits(one.admin, tag) == []
    assert [h["id"] for h in _hits(two.admin, tag)] == [theirs["id"]]
    rep = one.user("Rep")
    own = rep.create("accounts", name=f"自己的{tag}")
    one.admin.create("accounts", name=f"管理员的{tag}")
    one.admin.create("leads", name=f"管理员的线索{tag}")
    assert [h["id"] for h in _hits(rep, tag)] == [own["id"]]


def test_objects_and_fields_the_user_may_not_read(tenant: Tenant) -> None:
    key = f"fl_{uuid.uuid4().hex[:8]}"
    tenant.admin.create("roles", key=key, name=key, data_scope="all",
                        permissions={"accounts": ["read"], "contacts": ["read"]},
                        field_permissions={"accounts": {"phone": "hidden"},
                                           "contacts": {"name": "masked"}})
    rep = tenant.user(key.replace("_", ""), roles=[key])
    tag = str(uuid.uuid4().int)[:8]
    a = tenant.admin.create("accounts", name=f"客户{tag}", phone=f"021-{tag}")
    c = tenant.admin.create("contacts", name=f"张{tag}", mobile=f"139{tag}")
    tenant.admin.create("leads", name=f"线索{tag}")  # leads: not readable by the role
    assert {h["object"] for h in _hits(tenant.admin, tag)} == {"accounts", "contacts",
                                                                "leads"}
    hits = _hits(rep, tag)
    assert {(h["object"], h["id"]) for h in hits} == {("accounts", a["id"]),
                                                       ("contacts", c["id"])}
    # The contact was found by its mobile; its masked name is not shown in full.
    contact = next(h for h in hits if h["object"] == "contacts")
    assert contact["field"] == "mobile" and contact["title"] != f"张{tag}"
    # A hidden phone is never searched: probing it finds nothing.
    assert _hits(rep, f"021-{tag}") == []
    assert _hits(tenant.admin, f"021-{tag}")[0]["field"] == "phone"


def test_a_token_searches_only_the_objects_its_scopes_name(admin: Api) -> None:
    tag = uuid.uuid4().hex[:8]
    admin.create("accounts", name=f"令牌{tag}")
    admin.create("leads", name=f"令牌线索{tag}")
    r = admin.post("api_tokens", {"name": "reader", "scopes": ["search:read", "leads:read"]})
    assert r.status_code == 201, r.text
    token = Api(admin.client, r.json()["token"], admin.user)
    assert {h["object"] for h in _hits(token, tag)} == {"leads"}
    r = admin.post("api_tokens", {"name": "no-search", "scopes": ["accounts:read"]})
    no_search = Api(admin.client, r.json()["token"], admin.user)
    assert no_search.get("search", params={"q": tag}).status_code == 403
