"""Sign-in, sessions, cookies with CSRF, throttling, API tokens and sign-up."""

from __future__ import annotations

from typing import Any

import pytest

from tests.factories import Api, Tenant, login


def test_login_me_logout_revokes_the_token(tenant: Tenant) -> None:
    rep = tenant.user("Li")
    me = rep.get("me").json()
    assert me["email"] == rep.user["email"] and me["roles"] == ["sales_rep"]
    assert me["data_scope"] == "own"
    assert rep.post("auth/logout").status_code == 204
    assert rep.get("me").status_code == 401


def test_wrong_password_is_401_and_unknown_email_too(client: Any, tenant: Tenant) -> None:
    r = client.post("/api/v1/auth/login", json={"email": tenant.admin.user["email"],
                                                 "password": "wrong-password"})
    assert r.status_code == 401
    r = client.post("/api/v1/auth/login", json={"email": "nobody@example.com",
                                                 "password": "wrong-password"})
    assert r.status_code == 401


def test_ten_failures_throttle_the_account(client: Any, tenant: Tenant) -> None:
    rep = tenant.user("Throttled")
    email = rep.user["email"]
    for _ in range(10):
        client.post("/api/v1/auth/login", json={"email": email, "password": "bad-password"})
    r = client.post("/api/v1/auth/login", json={"email": email, "password": "Tr0ut-canyon-58"})
    assert r.status_code == 429
    assert int(r.headers["retry-after"]) > 0


def test_cookie_session_needs_csrf_header_for_writes(client: Any, tenant: Tenant) -> None:
    rep = tenant.user("Cookie")
    r = client.post("/api/v1/auth/login", json={"email": rep.user["email"],
                                                 "password": "Tr0ut-canyon-58"})
    csrf = r.json()["csrf_token"]
    assert "httponly" in r.headers["set-cookie"].lower()
    assert "samesite=lax" in r.headers["set-cookie"].lower()
    try:
        assert client.get("/api/v1/me").status_code == 200
        assert client.post("/api/v1/accounts", json={"name": "no csrf"}).status_code == 403
        ok = client.post("/api/v1/accounts", json={"name": "with csrf"},
                         headers={"X-CSRF-Token": csrf})
        assert ok.status_code == 201
    finally:
        client.cookies.clear()


def test_api_token_with_read_scope_cannot_write(tenant: Tenant, client: Any) -> None:
    made = tenant.admin.post("api_tokens", {"name": "BI tool", "scopes": ["accounts:read"]})
    assert made.status_code == 201
    bi = Api(client, made.json()["token"], tenant.admin.user)
    tenant.admin.create("accounts", name="readable")
    assert len(bi.get("accounts").json()["items"]) == 1
    assert bi.post("accounts", {"name": "nope"}).status_code == 403
    assert bi.get("contacts").status_code == 403
    assert tenant.admin.delete(f"api_tokens/{made.json()['id']}").status_code == 204
    assert bi.get("accounts").status_code == 401
    listed = tenant.admin.get("api_tokens").json()["items"]
    assert listed[0]["revoked_at"] is not None and "token" not in listed[0]


def test_no_token_and_garbage_token_are_401(client: Any) -> None:
    assert client.get("/api/v1/accounts").status_code == 401
    r = client.get("/api/v1/accounts", headers={"Authorization": "Bearer garbage"})
    assert r.status_code == 401 and r.headers["www-authenticate"] == "Bearer"


def test_emails_are_unique_across_tenants(tenants: Any) -> None:
    a, b = tenants.new(), tenants.new()
    rep = a.user("Unique")
    r = b.admin.post("users", {"name": "Copy", "email": rep.user["email"],
                               "password": "Tr0ut-canyon-58", "roles": ["sales_rep"]})
    assert r.status_code == 409  # a conflict with stored data (API.md: duplicate → 409)
    assert r.json()["errors"][0]["field"] == "email"
    assert r.json()["errors"][0]["code"] == "org.email_taken"


def test_deactivated_user_cannot_sign_in(tenant: Tenant, client: Any) -> None:
    rep = tenant.user("Leaving")
    user = tenant.admin.get(f"users/{rep.user['id']}").json()
    r = tenant.admin.patch(f"users/{rep.user['id']}", {"version": user["version"],
                                                       "is_active": False})
    assert r.status_code == 200
    assert rep.get("me").status_code == 401
    r = client.post("/api/v1/auth/login", json={"email": rep.user["email"],
                                                 "password": "Tr0ut-canyon-58"})
    assert r.status_code == 401


def test_rep_cannot_manage_users_or_roles(tenant: Tenant) -> None:
    rep = tenant.user("Plain")
    r = rep.post("users", {"name": "x", "email": "x@example.com", "password": "Tr0ut-canyon-58"})
    assert r.status_code == 403
    assert rep.post("roles", {"key": "x", "name": "x", "data_scope": "all"}).status_code == 403
    assert rep.get("users").status_code == 200  # pickers need the list


def test_user_can_change_own_password(tenant: Tenant, client: Any) -> None:
    """With the current password (issue 11 demands it); every other session and API
    token of the user ends, the session that changed it goes on."""
    rep = tenant.user("Pw")
    elsewhere = login(client, rep.user["email"], "Tr0ut-canyon-58")
    made = rep.post("api_tokens", {"name": "sync", "scopes": ["accounts:read"]})
    integration = Api(client, made.json()["token"], rep.user)
    me = rep.get(f"users/{rep.user['id']}").json()
    path = f"users/{rep.user['id']}"
    for current in (None, "wrong-password-9"):
        body = {"version": me["version"], "password": "new-password-1"}
        if current:
            body["current_password"] = current
        r = rep.patch(path, body)
        assert r.status_code == 422, r.text
        assert [e["field"] for e in r.json()["errors"]] == ["current_password"]
        assert r.json()["errors"][0]["code"] == "org.current_password"
    assert elsewhere.get("me").status_code == 200  # nothing changed yet
    r = rep.patch(path, {"version": me["version"], "password": "new-password-1",
                         "current_password": "Tr0ut-canyon-58"})
    assert r.status_code == 200, r.text
    assert rep.get("me").status_code == 200
    assert elsewhere.get("me").status_code == 401
    assert integration.get("accounts").status_code == 401
    login(client, rep.user["email"], "new-password-1")
    r = client.post("/api/v1/auth/login", json={"email": rep.user["email"],
                                                 "password": "Tr0ut-canyon-58"})
    assert r.status_code == 401


def test_admin_reset_needs_no_current_password_and_signs_the_user_out(tenant: Tenant,
                                                                      client: Any) -> None:
    rep = tenant.user("Forgot")
    user = tenant.admin.get(f"users/{rep.user['id']}").json()
    r = tenant.admin.patch(f"users/{rep.user['id']}", {"version": user["version"],
                                                        "password": "fresh-start-77"})
    assert r.status_code == 200, r.text
    assert rep.get("me").status_code == 401
    assert tenant.admin.get("me").status_code == 200
    login(client, rep.user["email"], "fresh-start-77")


@pytest.mark.parametrize("password,code", [
    ("password123", "org.password_common"), ("QWERTY123", "org.password_common"),
    ("woaini1314", "org.password_common"), ("short", "org.password_short"),
    ("{name}-2026!", "org.password_has_name")])
def test_weak_passwords_are_refused_everywhere(tenant: Tenant, client: Any, password: str,
                                               code: str) -> None:
    email = "zhaoyun.liu@example.com"
    chosen = password.format(name="zhaoyun")
    r = tenant.admin.post("users", {"name": "Zhao", "email": email, "password": chosen,
                                    "roles": ["sales_rep"]})
    assert r.status_code == 422 and r.json()["errors"][0]["code"] == code, r.text
    r = client.post("/api/v1/signup", json={"company": "Weak Co", "email": email,
                                            "password": chosen})
    assert r.status_code == 422 and r.json()["errors"][0]["code"] == code, r.text
    rep = tenant.user("Strong")
    me = rep.get(f"users/{rep.user['id']}").json()
    name = rep.user["email"].split("@")[0]
    r = rep.patch(f"users/{rep.user['id']}", {
        "version": me["version"], "password": password.format(name=name),
        "current_password": "Tr0ut-canyon-58"})
    assert r.status_code == 422 and r.json()["errors"][0]["code"] == code, r.text
