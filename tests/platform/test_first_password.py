"""A password someone else chose (issue 10.3): users imported with a generated first
password, or given one by an administrator who asks for a change, must choose their
own before they can save anything else."""

from __future__ import annotations

import csv
import io
import uuid
from typing import Any

from tests.factories import Api, Tenant, login
from tests.platform.imports.helpers import run_import

NEW = "Heron-lake-2026"


def _imported_user(tenant: Tenant, worker: Any) -> tuple[str, str]:
    email = f"new-{uuid.uuid4().hex[:8]}@example.com"
    status = run_import(tenant.admin, worker, "users",
                        f"姓名,邮箱,角色\n新同事,{email},sales_rep\n".encode())
    assert status["created"] == 1, status["errors"]
    r = tenant.admin.get(f"imports/{status['id']}/passwords.csv")
    rows = list(csv.reader(io.StringIO(r.content.decode("utf-8-sig"))))
    return email, rows[1][3]


def test_an_imported_user_chooses_a_password_before_saving_anything(
        tenant: Tenant, worker: Any, client: Any) -> None:
    email, first = _imported_user(tenant, worker)
    user = login(client, email, first)
    assert user.user["must_change_password"] is True, "the login answer says so"
    assert user.get("me").json()["must_change_password"] is True
    assert user.get("accounts").status_code == 200, "reads go on"

    zh = Api(client, user.token, user.user, locale="zh-CN")
    r = zh.post("accounts", {"name": "先建个客户"})
    assert r.status_code == 403, r.text
    problem = r.json()
    assert r.headers["content-type"].startswith("application/problem+json")
    assert problem["code"] == "auth.password_change_required"
    assert "新密码" in problem["detail"], problem
    me = user.get(f"users/{user.user['id']}").json()
    r = user.patch(f"users/{user.user['id']}", {"version": me["version"], "name": "改名",
                                                "password": NEW, "current_password": first})
    assert r.status_code == 403, "only POST /me/password while the change is pending"

    r = user.post("me/password", {"current_password": "not-it-at-all", "password": NEW})
    assert r.status_code == 422
    assert [e["field"] for e in r.json()["errors"]] == ["current_password"]
    r = user.post("me/password", {"current_password": first, "password": first})
    assert r.status_code == 422 and r.json()["errors"][0]["code"] == "org.password_same"
    r = user.post("me/password", {"current_password": first, "password": NEW})
    assert r.status_code == 200, r.text
    assert r.json()["must_change_password"] is False

    assert user.get("me").json()["must_change_password"] is False, "this session goes on"
    assert user.post("accounts", {"name": "现在可以了"}).status_code == 201
    again = login(client, email, NEW)
    assert again.user["must_change_password"] is False
    assert client.post("/api/v1/auth/login", json={"email": email, "password": first}
                       ).status_code == 401
    audit = tenant.admin.get(f"audit?object=users&record_id={user.user['id']}").json()
    entries = audit["items"] if isinstance(audit, dict) else audit
    assert any("password" in (e.get("changes") or {}) for e in entries), entries


def test_signing_out_is_allowed_before_the_change(tenant: Tenant, worker: Any,
                                                  client: Any) -> None:
    email, first = _imported_user(tenant, worker)
    user = login(client, email, first)
    assert user.post("auth/logout").status_code == 204
    assert user.get("me").status_code == 401


def test_an_administrator_asks_for_a_new_password(tenant: Tenant, client: Any) -> None:
    email = f"asked-{uuid.uuid4().hex[:8]}@example.com"
    r = tenant.admin.post("users", {"name": "Asked", "email": email,
                                    "password": "Tr0ut-canyon-58", "roles": ["sales_rep"],
                                    "must_change_password": True})
    assert r.status_code == 201, r.text
    user_id = r.json()["id"]
    rep = login(client, email, "Tr0ut-canyon-58")
    assert rep.user["must_change_password"] is True
    assert rep.post("accounts", {"name": "x"}).status_code == 403
    assert rep.post("me/password", {"current_password": "Tr0ut-canyon-58",
                                     "password": NEW}).status_code == 200
    assert rep.post("accounts", {"name": "x"}).status_code == 201

    # A reset by the administrator that asks for a change again.
    version = tenant.admin.get(f"users/{user_id}").json()["version"]
    r = tenant.admin.patch(f"users/{user_id}", {"version": version,
                                                "password": "Reset-pass-4417",
                                                "must_change_password": True})
    assert r.status_code == 200, r.text
    rep = login(client, email, "Reset-pass-4417")
    assert rep.user["must_change_password"] is True
    assert rep.post("me/password", {"current_password": "Reset-pass-4417",
                                     "password": NEW}).status_code == 200
    # Users do not set or clear the request themselves; it is a yes or a no.
    version = rep.get(f"users/{user_id}").json()["version"]
    r = rep.patch(f"users/{user_id}", {"version": version, "must_change_password": True})
    assert r.status_code == 422 and r.json()["errors"][0]["code"] == "field.readonly", r.text
    r = tenant.admin.patch(f"users/{user_id}", {"version": version, "must_change_password": "x"})
    assert r.status_code == 422 and r.json()["errors"][0]["field"] == "must_change_password"


def test_users_created_as_before_are_not_asked(tenant: Tenant) -> None:
    rep = tenant.user("Plain")
    assert rep.user["must_change_password"] is False
    assert rep.post("accounts", {"name": "平常"}).status_code == 201
    r = rep.post("me/password", {"current_password": "Tr0ut-canyon-58", "password": NEW})
    assert r.status_code == 200 and r.json()["must_change_password"] is False
