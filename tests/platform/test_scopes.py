"""API token scopes, for EVERY route of the published OpenAPI document.

Routes are read from the application when the tests run, so a route a module adds is
checked without a line of test code: it must state the scope it needs (``x-scope``),
and a token without that scope must get 403 before anything else happens.
"""

from __future__ import annotations

import re
from typing import Any

import pytest

from salescrm.platform.auth import scopes
from tests.factories import Api, Tenant

METHODS = ("get", "post", "put", "patch", "delete")
# POSTs that only read: a report or a duplicate check sent as a body.
READING_POSTS = {"/api/v1/reports/run", "/api/v1/reports/export", "/api/v1/duplicates/check"}
SAMPLE_ID = "0b7c6c1e-2f5e-4c8e-9a57-3c1f2e8d9a10"
# Path parameters that name something rather than an id.
SAMPLE_PATH = {"object_name": "accounts", "name": "manufacturing", "api_name": "industry"}


def _operations(app: Any) -> list[tuple[str, str, dict[str, Any]]]:
    return [(method, path, op) for path, ops in app.openapi()["paths"].items()
            for method, op in ops.items() if method in METHODS]


def _concrete(path: str) -> str:
    return re.sub(r"\{(\w+)\}", lambda m: SAMPLE_PATH.get(m.group(1), SAMPLE_ID), path)


def _token(api: Api, token_scopes: list[str]) -> Api:
    r = api.post("api_tokens", {"name": "scoped", "scopes": token_scopes})
    assert r.status_code == 201, r.text
    return Api(api.client, r.json()["token"], api.user)


def _call(api: Api, method: str, path: str) -> Any:
    kw: dict[str, Any] = {} if method in ("get", "delete") else {"json": {}}
    return api.client.request(method.upper(), path, headers=api.headers, **kw)


def test_every_route_states_the_scope_it_needs(app: Any) -> None:
    operations = _operations(app)
    assert len(operations) > 200
    for method, path, op in operations:
        declared = op.get("x-scope")
        assert declared, f"{method.upper()} {path} states no scope (scopes.needs)"
        public = op.get("security") == []
        assert (declared == scopes.PUBLIC) == public, f"{method.upper()} {path}: {declared}"
        # Every parameter a scope names is one the operation takes.
        params = {p["name"] for p in op.get("parameters", [])} | set(
            re.findall(r"\{(\w+)\}", path))
        for name in re.findall(r"\{(\w+)\}", declared):
            assert name in params, f"{method.upper()} {path}: {declared} names {name}"
        concrete = scopes.resolve(declared, dict.fromkeys(params, "x"))
        assert concrete in (scopes.PUBLIC, scopes.SIGNED_IN, scopes.ADMIN, scopes.TOKENS) \
            or scopes.normalize(concrete) == concrete, f"{method.upper()} {path}: {declared}"
        # A change needs more than a read scope, unless the POST only reads.
        if method != "get" and path not in READING_POSTS and declared != scopes.SIGNED_IN:
            assert not declared.endswith(":read"), f"{method.upper()} {path}: {declared}"


def test_read_only_token_gets_403_on_every_write_and_admin_route(app: Any,
                                                                 tenant: Tenant) -> None:
    """An administrator's ``*:read`` token: roles would allow everything, the token not."""
    reader = _token(tenant.admin, ["*:read"])
    checked = 0
    for method, path, op in _operations(app):
        params = set(re.findall(r"\{(\w+)\}", path)) | {
            p["name"] for p in op.get("parameters", [])}
        needed = scopes.resolve(op["x-scope"], dict.fromkeys(params - {"object"}, "accounts"))
        if scopes.covers(frozenset({"*:read"}), needed):
            continue
        r = _call(reader, method, _concrete(path))
        assert r.status_code == 403, f"{method.upper()} {path} → {r.status_code}: {r.text}"
        assert r.json()["code"] == "error.scope_missing", f"{method.upper()} {path}: {r.text}"
        checked += 1
    assert checked > 100
    # Reads still work: records, and one object's audit trail (not the whole log).
    assert reader.get("accounts").status_code == 200
    assert reader.get("audit?object=accounts").status_code == 200
    assert reader.get("audit").status_code == 403


def test_token_without_the_scope_gets_403_on_every_route(app: Any, tenant: Tenant) -> None:
    """A token for one unrelated feature reaches nothing but what any sign-in reaches."""
    narrow = _token(tenant.admin, ["views:read"])
    for method, path, op in _operations(app):
        if op["x-scope"] in (scopes.PUBLIC, scopes.SIGNED_IN) or op["x-scope"] == "views:read":
            continue
        r = _call(narrow, method, _concrete(path))
        assert r.status_code == 403, f"{method.upper()} {path} → {r.status_code}: {r.text}"
    assert narrow.get("views").status_code == 200
    assert narrow.get("me").status_code == 200


def test_custom_object_routes_need_the_objects_scope(tenant: Tenant) -> None:
    r = tenant.admin.post("meta/objects", {"api_name": "site_visit", "label": "Site visit",
                                           "fields": [{"api_name": "name", "label": "Name",
                                                       "type": "text", "required": True}]})
    assert r.status_code == 201, r.text
    reader = _token(tenant.admin, ["site_visit:read", "accounts:write"])
    assert reader.get("site_visit").status_code == 200
    r = reader.post("site_visit", {"name": "x"})
    assert r.status_code == 403 and r.json()["code"] == "error.scope_missing"
    writer = _token(tenant.admin, ["site_visit:*"])
    assert writer.post("site_visit", {"name": "x"}).status_code == 201


def test_minting_needs_the_tokens_scope_and_never_grants_more(tenant: Tenant) -> None:
    bi = _token(tenant.admin, ["accounts:read"])
    r = bi.post("api_tokens", {"name": "escalate", "scopes": ["*"]})
    assert r.status_code == 403 and r.json()["code"] == "error.scope_missing"
    assert bi.get("api_tokens").status_code == 403
    # "*" is everything but minting: a stolen all-data token cannot outlive revocation.
    everything = _token(tenant.admin, ["*"])
    assert everything.post("api_tokens", {"name": "copy"}).status_code == 403
    minter = _token(tenant.admin, ["tokens", "accounts:read"])
    for wanted in (["*"], ["accounts:write"], ["*:read"], ["admin"], ["accounts:read", "tokens",
                                                                       "contacts:read"]):
        r = minter.post("api_tokens", {"name": "more", "scopes": wanted})
        assert r.status_code == 403, (wanted, r.text)
        assert r.json()["code"] == "auth.scope_exceeds"
    r = minter.post("api_tokens", {"name": "same", "scopes": ["accounts:read"]})
    assert r.status_code == 201 and r.json()["scopes"] == ["accounts:read"]
    assert minter.get("api_tokens").status_code == 200


def test_scopes_are_checked_when_minted(tenant: Tenant) -> None:
    r = tenant.admin.post("api_tokens", {"name": "typo", "scopes": ["acounts-read", "admin"]})
    assert r.status_code == 422
    assert [e["field"] for e in r.json()["errors"]] == ["scopes.0"]
    assert r.json()["errors"][0]["code"] == "auth.scope_unknown"
    # Role action names of older tokens mean their scope action: create → write.
    r = tenant.admin.post("api_tokens", {"name": "old style", "scopes": ["accounts:create"]})
    assert r.status_code == 201 and r.json()["scopes"] == ["accounts:write"]
    old = Api(tenant.admin.client, r.json()["token"], tenant.admin.user)
    assert old.post("accounts", {"name": "via create scope"}).status_code == 201
    made = old.get("accounts").json()["items"][0]  # write includes read
    assert old.delete(f"accounts/{made['id']}").status_code == 403
    assert old.get("contacts").status_code == 403


def test_admin_read_token_cannot_configure(tenant: Tenant) -> None:
    """The issue's list: webhooks, custom fields, dashboards, targets, team members,
    pool settings — refused to an administrator's read-only token."""
    reader = _token(tenant.admin, ["*:read"])
    account = tenant.admin.create("accounts", name="Acme")
    rep = tenant.user("Teammate")
    refused = [
        reader.post("webhooks", {"url": "https://example.com/h", "events": ["accounts.created"]}),
        reader.post("meta/objects/accounts/fields", {"api_name": "tier", "label": "Tier",
                                                     "type": "text"}),
        reader.post("dashboards", {"name": "Mine", "widgets": []}),
        reader.post("targets", {"user_id": rep.user["id"], "period": "2026-12",
                                "amount": "1000"}),
        reader.post(f"accounts/{account['id']}/team", {"user_id": rep.user["id"],
                                                       "access": "edit"}),
        reader.patch("pool_settings/accounts", {"max_records": 5}),
        reader.get("webhooks"),
    ]
    assert [r.status_code for r in refused] == [403] * len(refused), [r.text for r in refused]
    assert tenant.admin.get(f"accounts/{account['id']}/team").json()["items"] == [] or all(
        m["user_id"] != rep.user["id"]
        for m in tenant.admin.get(f"accounts/{account['id']}/team").json()["items"])


@pytest.mark.parametrize("granted,wanted,ok", [
    ({"*"}, "accounts:write", True), ({"*"}, "admin", True), ({"*"}, "tokens", False),
    ({"*:read"}, "accounts:read", True), ({"*:read"}, "accounts:write", False),
    ({"accounts:*"}, "accounts:delete", True), ({"accounts:*"}, "contacts:read", False),
    ({"accounts:read"}, "admin", False), ({"tokens"}, "tokens", True),
    ({"views:read"}, "signed_in", True), (set(), "public", True),
])
def test_covers(granted: set[str], wanted: str, ok: bool) -> None:
    assert scopes.covers(frozenset(granted), wanted) is ok
