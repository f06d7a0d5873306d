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


def approved_order(api: Api, **fields: Any) -> dict[str, Any]:
    """An order with lines, submitted: with no approval flow it is approved at once.
    Money is booked only against an approved order (issue 10.8)."""
    order = api.create("orders", **fields)
    r = api.post(f"orders/{order['id']}/submit")
    assert r.status_code == 200, r.text
    got = api.get(f"orders/{order['id']}").json()
    assert got["status"] == "approved", got
    return got  # type: ignore[no-any-return]


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


def paid_before_the_rule(sessions: Any, tenant_id: str, order: dict[str, Any],
                         amount: str) -> str:
    """A payment booked on an order that is not approved, as versions before issue 10.8
    accepted: written below the API, the order's balances recomputed. Its id."""
    from datetime import date
    from decimal import Decimal

    from salescrm.db.engine import begin_write
    from salescrm.models import Order
    from salescrm.modules.orders.service import refresh_balances
    from salescrm.platform.records import service as records
    from salescrm.platform.tenancy.system import system_context

    with sessions() as s:
        begin_write(s)  # the write lock up front, as the app's writes take it (SQLite)
        ctx = system_context(s, tenant_id)
        row = records.insert_record(ctx, ctx.object("payments"), {
            "order_id": order["id"], "account_id": order["account_id"],
            "owner_id": order["owner_id"], "amount": Decimal(amount),
            "paid_on": date(2026, 11, 1)})
        refresh_balances(ctx, s.get(Order, order["id"]))
        s.commit()
        return str(row.id)
