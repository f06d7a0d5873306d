"""Factories: tenants, users with roles and departments, and an API client per user."""

from __future__ import annotations

import itertools
import uuid
from dataclasses import dataclass, field
from typing import Any

from fastapi.testclient import TestClient

_seq = itertools.count(1)


class Api:
    """A signed-in user's view of the REST API (``/api/v1`` prefixed)."""

    def __init__(self, client: TestClient, token: str, user: dict[str, Any],
                 locale: str = "en") -> None:
        self.client = client
        self.token = token
        self.user = user
        self.locale = locale

    @property
    def headers(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.token}", "Accept-Language": self.locale}

    def _url(self, path: str) -> str:
        return path if path.startswith("/api/") else "/api/v1/" + path.lstrip("/")

    def get(self, path: str, **kw: Any) -> Any:
        return self.client.get(self._url(path), headers=self.headers, **kw)

    def post(self, path: str, json: Any = None, **kw: Any) -> Any:
        return self.client.post(self._url(path), json=json, headers=self.headers, **kw)

    def patch(self, path: str, json: Any = None, **kw: Any) -> Any:
        return self.client.patch(self._url(path), json=json, headers=self.headers, **kw)

    def delete(self, path: str, **kw: Any) -> Any:
        return self.client.delete(self._url(path), headers=self.headers, **kw)

    def create(self, object_name: str, **fields: Any) -> dict[str, Any]:
        """Create a record and return it; fails the test on any non-201 answer."""
        r = self.post(object_name, fields)
        assert r.status_code == 201, r.text
        return r.json()  # type: ignore[no-any-return]


@dataclass
class Tenant:
    client: TestClient
    id: str
    admin: Api
    users: dict[str, Api] = field(default_factory=dict)

    def department(self, name: str, parent_id: str | None = None) -> dict[str, Any]:
        return self.admin.create("departments", name=name, parent_id=parent_id)

    def user(self, name: str, roles: list[str] | None = None, department_id: str | None = None,
             manager_id: str | None = None) -> Api:
        """Create a user with roles and sign them in."""
        email = f"{name.lower()}-{uuid.uuid4().hex[:8]}@example.com"
        self.admin.create("users", name=name, email=email, password="Tr0ut-canyon-58",
                          roles=roles or ["sales_rep"], department_id=department_id,
                          manager_id=manager_id)
        api = login(self.client, email, "Tr0ut-canyon-58")
        self.users[name] = api
        return api


def login(client: TestClient, email: str, password: str) -> Api:
    r = client.post("/api/v1/auth/login", json={"email": email, "password": password})
    assert r.status_code == 200, r.text
    body = r.json()
    client.cookies.clear()  # tests authenticate by bearer unless they test cookies
    return Api(client, body["access_token"], body["user"])


class TenantFactory:
    def __init__(self, client: TestClient, sessions: Any) -> None:
        self.client = client
        self.sessions = sessions

    def new(self, name: str | None = None) -> Tenant:
        n = next(_seq)
        email = f"admin{n}-{uuid.uuid4().hex[:8]}@example.com"
        r = self.client.post("/api/v1/signup", json={
            "company": name or f"Company {n}", "email": email, "password": "Tr0ut-canyon-58",
            "name": f"Admin {n}"})
        assert r.status_code == 201, r.text
        self.client.cookies.clear()
        body = r.json()
        api = Api(self.client, body["access_token"], body["user"])
        return Tenant(self.client, body["user"]["tenant_id"], api)
