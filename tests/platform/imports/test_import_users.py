"""Importing users (issue 10): administrators only; roles by name, department by
name, manager by email or name — a row above in the same file too; a generated first
password handed to the uploader once, never a password column."""

from __future__ import annotations

import csv
import io
import uuid
from typing import Any

from tests.factories import Tenant, login
from tests.platform.imports.helpers import run_import, upload


def _emails() -> list[str]:
    tag = uuid.uuid4().hex[:8]
    return [f"{who}-{tag}@example.com" for who in ("wang", "li", "zhao", "qian")]


def test_users_import_with_manager_above_and_first_passwords(tenant: Tenant,
                                                             worker: Any) -> None:
    admin = tenant.admin
    sales = tenant.department("销售部")
    boss, rep, other, bad = _emails()
    content = ("姓名,邮箱,角色,部门,上级,password\n"
               f"王总,{boss},销售经理,销售部,,hunter2hunter2\n"
               f"李雷,{rep},sales_rep,销售部,{boss.upper()},x\n"
               f"赵敏,{other},Sales rep；销售经理,,王总,x\n"
               f"钱多,{bad},财神,销售部,,x\n")
    status = run_import(admin, worker, "users", content.encode())
    assert (status["created"], status["failed"]) == (3, 1), status["errors"]
    [error] = status["errors"]
    assert error["row"] == 5 and error["field"] == "roles" and "sales_rep" in error["message"]
    assert any(w["field"] == "password" for w in status["warnings"]), "never read"
    assert status["first_passwords"] is True

    users = {u["email"]: u for u in admin.get("users?limit=50").json()["items"]}
    assert users[rep]["manager_id"] == users[boss]["id"]
    assert users[other]["manager_id"] == users[boss]["id"]
    assert users[rep]["department_id"] == sales["id"]
    assert admin.get(f"users/{users[other]['id']}").json()["roles"] == [
        "sales_manager", "sales_rep"]

    r = admin.get(f"imports/{status['id']}/passwords.csv")
    assert r.status_code == 200 and r.headers["cache-control"] == "no-store"
    rows = list(csv.reader(io.StringIO(r.content.decode("utf-8-sig"))))
    passwords = {row[2]: row[3] for row in rows[1:]}
    assert set(passwords) == {boss, rep, other}
    assert "hunter2hunter2" not in passwords.values()
    assert login(admin.client, rep, passwords[rep]).user["email"] == rep
    r = admin.client.post("/api/v1/auth/login", json={"email": boss,
                                                      "password": "hunter2hunter2"})
    assert r.status_code == 401, "the file's password column was not used"
    assert admin.get(f"imports/{status['id']}/passwords.csv").status_code == 410, "once"


def test_users_are_imported_by_administrators_only(tenant: Tenant, worker: Any) -> None:
    manager = tenant.user("Mgr", roles=["sales_manager"])
    [email, *_] = _emails()
    r = upload(manager, "users", f"name,email\n甲,{email}\n".encode())
    assert r.status_code == 403
    r = upload(tenant.admin, "users", f"name,email,pw\n甲,{email},secret12\n".encode(),
               mapping='{"name": "name", "email": "email", "pw": "password"}')
    assert r.status_code == 422 and r.json()["errors"][0]["field"] == "mapping"
    dry = run_import(tenant.admin, worker, "users", f"name,email\n甲,{email}\n".encode(),
                     dry_run=True)
    assert dry["created"] == 1 and dry["first_passwords"] is False
    assert tenant.admin.get(f"imports/{dry['id']}/passwords.csv").status_code == 410


def test_an_upsert_of_users_counts_a_new_role_as_a_change(tenant: Tenant, worker: Any) -> None:
    admin = tenant.admin
    [email, *_] = _emails()
    run_import(admin, worker, "users", f"name,email,roles\n甲,{email},sales_rep\n".encode())
    same = run_import(admin, worker, "users", f"name,email,roles\n甲,{email},sales_rep\n".encode(),
                      mode="upsert", key="email")
    assert (same["updated"], same["unchanged"], same["first_passwords"]) == (0, 1, False)
    moved = run_import(admin, worker, "users",
                       f"name,email,roles\n甲,{email},sales_manager\n".encode(),
                       mode="upsert", key="email")
    assert (moved["updated"], moved["unchanged"]) == (1, 0), moved["errors"]
    user = next(u for u in admin.get("users?limit=50").json()["items"] if u["email"] == email)
    assert admin.get(f"users/{user['id']}").json()["roles"] == ["sales_manager"]


def test_an_unknown_role_lists_the_roles_by_their_chinese_names(tenant: Tenant,
                                                                worker: Any) -> None:
    [email, *_] = _emails()
    tenant.admin.locale = "zh-CN"
    status = run_import(tenant.admin, worker, "users", f"姓名,邮箱,角色\n甲,{email},财神\n".encode())
    [error] = status["errors"]
    assert "销售经理" in error["message"] and "管理员" in error["message"]
    for internal in ("sales_manager", "admin", "Administrator", "Sales"):
        assert internal not in error["message"], error["message"]
