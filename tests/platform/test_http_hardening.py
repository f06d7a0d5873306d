"""What every HTTP answer carries and what the sign-in takes (issue 11, point 9):
browser security headers on every response, a stable ``code`` on every problem, a
bounded error list, and JSON-only sign-in and sign-up (no login CSRF)."""

from __future__ import annotations

from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from salescrm.platform import errors
from tests.factories import Api, Tenant

HEADERS = {"x-content-type-options": "nosniff", "x-frame-options": "DENY",
           "referrer-policy": "no-referrer"}


@pytest.mark.parametrize("method,path", [
    ("GET", "/"), ("GET", "/some/page"), ("GET", "/api/health"), ("GET", "/api/v1/accounts"),
    ("GET", "/api/v1/nowhere"), ("PUT", "/api/v1/me"), ("GET", "/api/openapi.json"),
    ("POST", "/api/v1/auth/login")])
def test_every_answer_carries_the_security_headers(client: Any, admin: Api, method: str,
                                                   path: str) -> None:
    r = client.request(method, path, headers=admin.headers)
    for name, value in HEADERS.items():
        assert r.headers.get(name) == value, (path, name, r.headers)
    policy = r.headers["content-security-policy"]
    assert "frame-ancestors 'none'" in policy and "script-src 'self';" in policy
    assert "unsafe-eval" not in policy and "object-src 'none'" in policy


def test_the_api_reference_may_load_swagger_ui(client: Any) -> None:
    r = client.get("/api/docs")
    assert r.status_code == 200
    policy = r.headers["content-security-policy"]
    assert "https://cdn.jsdelivr.net" in policy and "frame-ancestors 'none'" in policy


def test_405_and_500_problems_have_a_code(client: Any, admin: Api) -> None:
    r = client.put("/api/v1/me", headers=admin.headers)
    assert r.status_code == 405 and r.json()["code"] == "error.method_not_allowed"
    app = FastAPI()
    errors.install(app)

    @app.get("/boom")
    async def boom() -> None:
        raise RuntimeError("internal detail that must not leak")

    r = TestClient(app, raise_server_exceptions=False).get("/boom")
    assert r.status_code == 500 and r.json()["code"] == "problem.500"
    assert "internal detail" not in r.text


def test_thousands_of_unknown_parameters_answer_a_short_problem(admin: Api) -> None:
    query = "&".join(f"no_such_field_{i}=1" for i in range(3000))
    r = admin.get(f"accounts?{query}")
    assert r.status_code == 422
    body = r.json()
    assert len(body["errors"]) == errors.MAX_ERRORS and body["errors_total"] == 3000
    assert len(r.content) < 20_000


@pytest.mark.parametrize("kind", ["text", "form", "none"])
def test_sign_in_and_sign_up_take_json_only(client: Any, tenant: Tenant, kind: str) -> None:
    """A page elsewhere can post a form or text/plain without asking the browser first:
    taking it would sign the visitor into the attacker's account (login CSRF)."""
    email = tenant.admin.user["email"]
    raw = f'{{"email": "{email}", "password": "Tr0ut-canyon-58"}}'
    body: dict[str, Any] = {
        "text": {"content": raw, "headers": {"Content-Type": "text/plain"}},
        "form": {"data": {"email": email, "password": "Tr0ut-canyon-58"}},
        "none": {"content": raw},
    }[kind]
    for path in ("/api/v1/auth/login", "/api/v1/signup"):
        r = client.post(path, **body)
        assert r.status_code == 415, (path, r.text)
        assert r.json()["code"] == "error.json_required"
        assert "set-cookie" not in r.headers
    ok = client.post("/api/v1/auth/login", json={"email": email, "password": "Tr0ut-canyon-58"},
                     headers={"Content-Type": "application/json; charset=utf-8"})
    assert ok.status_code == 200
    client.cookies.clear()
