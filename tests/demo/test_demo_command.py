"""``salescrm demo`` as a real process: it says where the app is and prints every demo
user worth trying with the password, and each of them signs in; finance keeps
invoices and payments and changes no customer."""

from __future__ import annotations

import re
import uuid
from pathlib import Path
from typing import Any

from fastapi.testclient import TestClient

from salescrm.config import Settings
from tests.platform.test_server import cli_env, salescrm


def _signed_in(client: TestClient, email: str, password: str) -> dict[str, str]:
    r = client.post("/api/v1/auth/login", json={"email": email, "password": password})
    assert r.status_code == 200, (email, r.text)
    client.cookies.clear()
    return {"Authorization": f"Bearer {r.json()['access_token']}"}


def test_demo_prints_its_address_and_every_user_who_can_then_sign_in(tmp_path: Path) -> None:
    from salescrm.app import create_app

    url = f"sqlite:///{tmp_path / 'demo.db'}"
    env = cli_env(url)
    assert salescrm(env, "migrate").returncode == 0
    admin = f"admin@{uuid.uuid4().hex[:6]}.demo.test"
    out = salescrm(env, "demo", "--email", admin, "--scale", "0.05", "--url",
                   "http://127.0.0.1:8765", timeout=300)
    assert out.returncode == 0, out.stdout + out.stderr
    assert "http://127.0.0.1:8765" in out.stdout
    printed = dict(re.findall(r"/ ([A-Za-z ]+): (\S+@\S+)\s+demo12345", out.stdout))
    assert set(printed) == {"Administrator", "Sales rep", "Sales manager", "Sales director",
                            "Finance"}, out.stdout
    assert "财务 / Finance" in out.stdout

    app = create_app(Settings(database_url=url, embedded_worker=False), start_worker=False)
    with TestClient(app) as client:
        roles = {}
        for label, email in printed.items():
            me = client.get("/api/v1/me", headers=_signed_in(client, email, "demo12345")).json()
            roles[label] = me
        assert roles["Finance"]["roles"] == ["finance"]
        assert roles["Sales rep"]["roles"] == ["sales_rep"]
        assert "admin" in roles["Administrator"]["roles"]
        finance = roles["Finance"]["permissions"]
        assert {"create", "update"} <= set(finance["invoices"])
        assert {"create", "update"} <= set(finance["payments"])
        assert finance["accounts"] == ["read", "export"]

        # Finance records a payment on someone else's order and cannot edit the customer.
        headers = _signed_in(client, printed["Finance"], "demo12345")
        orders = client.get("/api/v1/orders?status=approved&limit=50", headers=headers).json()
        order: Any = next(o for o in orders["items"] if o["receivable"] not in ("0", "0.00"))
        assert order["owner_id"] != roles["Finance"]["id"]
        paid = client.post("/api/v1/payments", headers=headers, json={
            "order_id": order["id"], "amount": "1.00", "paid_on": "2026-12-01",
            "method": "bank_transfer"})
        assert paid.status_code == 201, paid.text
        account = client.get(f"/api/v1/accounts/{order['account_id']}", headers=headers).json()
        edit = client.patch(f"/api/v1/accounts/{account['id']}", headers=headers,
                            json={"name": "x", "version": account["version"]})
        assert edit.status_code == 403

    again = salescrm(env, "demo", "--email", admin, "--url", "http://127.0.0.1:8765")
    assert again.returncode == 0 and "already present" in again.stdout
    assert printed["Finance"] in again.stdout
