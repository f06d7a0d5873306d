"""Sessions in new tabs (the CSRF token from the server) and forgotten passwords:
an administrator's one-time link, a link by e-mail when SMTP is set up (the same
answer whatever the address, throttled), and what using a link does."""

from __future__ import annotations

import hashlib
import socketserver
import threading
from collections.abc import Iterator
from datetime import timedelta
from email import message_from_bytes
from typing import Any

import pytest
from sqlalchemy import select, update

from salescrm.config import get_settings
from salescrm.db.types import utcnow
from salescrm.models import PasswordReset
from tests.factories import Api, Tenant, login

PASSWORD = "Tr0ut-canyon-58"
NEW_PASSWORD = "Marble-harbor-73"


def _token(url: str) -> str:
    assert "/reset-password#token=" in url
    return url.split("#token=", 1)[1]


# --- a new tab: the cookie is there, the CSRF token is fetched ---------------------
def test_a_new_tab_gets_the_csrf_token_of_its_cookie_and_writes(client: Any,
                                                                 tenant: Tenant) -> None:
    rep = tenant.user("Tabs")
    first = client.post("/api/v1/auth/login", json={"email": rep.user["email"],
                                                     "password": PASSWORD})
    try:
        # The new tab knows only the cookie; the server gives it the session's token.
        got = client.get("/api/v1/auth/csrf")
        assert got.status_code == 200 and got.headers["cache-control"] == "no-store"
        assert got.json() == {"csrf_token": first.json()["csrf_token"],
                              "csrf_header": "X-CSRF-Token"}
        assert client.post("/api/v1/accounts", json={"name": "no token"}).status_code == 403
        wrong = client.post("/api/v1/accounts", json={"name": "other session's token"},
                            headers={"X-CSRF-Token": rep.get("auth/csrf").json()["csrf_token"]})
        assert wrong.status_code == 403  # a token is bound to its own session
        ok = client.post("/api/v1/accounts", json={"name": "from the new tab"},
                         headers={"X-CSRF-Token": got.json()["csrf_token"]})
        assert ok.status_code == 201
        client.post("/api/v1/auth/logout", headers={"X-CSRF-Token": got.json()["csrf_token"]})
        assert client.get("/api/v1/auth/csrf").status_code == 401
    finally:
        client.cookies.clear()


# --- an administrator's link ----------------------------------------------------------
def _admin_link(admin: Api, user_id: str) -> dict[str, Any]:
    r = admin.post(f"users/{user_id}/password_reset")
    assert r.status_code == 201, r.text
    return r.json()  # type: ignore[no-any-return]


def test_an_admin_link_sets_a_new_password_once_and_ends_every_session(
        client: Any, tenant: Tenant, sessions: Any) -> None:
    rep = tenant.user("Forgetful")
    made = _admin_link(tenant.admin, rep.user["id"])
    token = _token(made["url"])
    with sessions() as s:
        stored = s.scalars(select(PasswordReset.token_hash)
                           .where(PasswordReset.user_id == rep.user["id"])).all()
    assert stored == [hashlib.sha256(token.encode()).hexdigest()]  # only the hash is kept

    confirm = "/api/v1/auth/password_reset/confirm"
    common = client.post(confirm, json={"token": token, "password": "qwerty123"},
                         headers={"Accept-Language": "zh-CN"})
    assert common.status_code == 422
    assert common.json()["errors"][0]["field"] == "password"
    assert "常见" in common.json()["errors"][0]["message"]
    short = client.post(confirm, json={"token": token, "password": "short"})
    assert short.status_code == 422

    done = client.post(confirm, json={"token": token, "password": NEW_PASSWORD})
    assert done.status_code == 200, done.text
    assert done.json() == {"email": rep.user["email"]}
    assert rep.get("me").status_code == 401  # the old session ended
    login(client, rep.user["email"], NEW_PASSWORD)
    again = client.post(confirm, json={"token": token, "password": "Another-river-92"})
    assert again.status_code == 422 and again.json()["errors"][0]["field"] == "token"
    history = tenant.admin.get(f"audit?object=users&record_id={rep.user['id']}").json()
    changed = [e["changes"] for e in history["items"]]
    assert {"password_reset_link": [None, "created"]} in changed
    assert {"password": ["***", "***"]} in changed


def test_links_expire_and_a_newer_one_ends_the_older(client: Any, tenant: Tenant,
                                                      sessions: Any) -> None:
    rep = tenant.user("Expiring")
    older = _token(_admin_link(tenant.admin, rep.user["id"])["url"])
    newer = _token(_admin_link(tenant.admin, rep.user["id"])["url"])
    confirm = "/api/v1/auth/password_reset/confirm"
    r = client.post(confirm, json={"token": older, "password": NEW_PASSWORD})
    assert r.status_code == 422 and r.json()["errors"][0]["field"] == "token"
    with sessions() as s:
        s.execute(update(PasswordReset).where(
            PasswordReset.token_hash == hashlib.sha256(newer.encode()).hexdigest())
            .values(expires_at=utcnow() - timedelta(minutes=1)))
        s.commit()
    assert client.post(confirm, json={"token": newer, "password": NEW_PASSWORD}
                       ).status_code == 422
    assert client.post(confirm, json={"token": "spr_made-up", "password": NEW_PASSWORD}
                       ).status_code == 422
    assert rep.get("me").status_code == 200  # nothing happened


def test_only_administrators_make_links_for_users_they_have(tenants: Any) -> None:
    tenant, other = tenants.new(), tenants.new()
    manager = tenant.user("Boss", roles=["sales_manager"])
    rep = tenant.user("Worker")
    assert manager.post(f"users/{rep.user['id']}/password_reset").status_code == 403
    assert rep.post(f"users/{rep.user['id']}/password_reset").status_code == 403
    assert other.admin.post(f"users/{rep.user['id']}/password_reset").status_code == 404
    assert tenant.admin.post("users/no-such-user/password_reset").status_code == 404
    made = tenant.admin.post(f"users/{rep.user['id']}/password_reset")
    assert made.status_code == 201 and made.json()["url"].startswith("http")


# --- by e-mail ---------------------------------------------------------------------------
class _Inbox(socketserver.StreamRequestHandler):
    """Just enough SMTP to accept a message."""

    received: list[Any] = []

    def handle(self) -> None:
        self.wfile.write(b"220 test\r\n")
        while line := self.rfile.readline():
            verb = line[:4].upper()
            if verb == b"DATA":
                self.wfile.write(b"354 go\r\n")
                data = b""
                while (chunk := self.rfile.readline()) not in (b".\r\n", b""):
                    data += chunk
                self.received.append(message_from_bytes(data))
                self.wfile.write(b"250 queued\r\n")
            elif verb == b"QUIT":
                self.wfile.write(b"221 bye\r\n")
                return
            elif verb == b"EHLO":
                self.wfile.write(b"250 test\r\n")
            else:
                self.wfile.write(b"250 ok\r\n")


@pytest.fixture
def inbox(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[Any]]:
    server = socketserver.ThreadingTCPServer(("127.0.0.1", 0), _Inbox)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    for key, value in {"HOST": "127.0.0.1", "PORT": str(server.server_address[1]),
                       "FROM": "crm@example.com", "SECURITY": "none"}.items():
        monkeypatch.setenv(f"SALESCRM_SMTP_{key}", value)
    get_settings.cache_clear()
    _Inbox.received = []
    try:
        yield _Inbox.received
    finally:
        server.shutdown()
        server.server_close()
        monkeypatch.undo()
        get_settings.cache_clear()


def test_without_smtp_users_are_sent_to_their_administrator(client: Any) -> None:
    assert client.get("/api/v1/auth/password_reset").json() == {"email": False}
    r = client.post("/api/v1/auth/password_reset", json={"email": "a@example.com"},
                    headers={"Accept-Language": "zh-CN"})
    assert r.status_code == 403 and "管理员" in r.json()["detail"]


def test_an_emailed_link_answers_the_same_for_any_address_and_works(
        client: Any, tenant: Tenant, worker: Any, inbox: list[Any]) -> None:
    rep = tenant.user("Mailed")
    assert client.get("/api/v1/auth/password_reset").json() == {"email": True}
    known = client.post("/api/v1/auth/password_reset", json={"email": rep.user["email"].upper()},
                        headers={"Accept-Language": "zh-CN"})
    unknown = client.post("/api/v1/auth/password_reset", json={"email": "nobody@example.com"},
                          headers={"Accept-Language": "zh-CN"})
    assert known.status_code == unknown.status_code == 202
    assert known.json() == unknown.json() and "邮件" in known.json()["detail"]
    worker.run_until_idle()
    assert [m["To"] for m in inbox] == [rep.user["email"]]
    body = inbox[0].get_payload(decode=True).decode()
    url = next(w for w in body.split() if "/reset-password#token=" in w)
    done = client.post("/api/v1/auth/password_reset/confirm",
                       json={"token": _token(url), "password": NEW_PASSWORD})
    assert done.status_code == 200
    assert rep.get("me").status_code == 401
    login(client, rep.user["email"], NEW_PASSWORD)


def test_reset_emails_are_throttled_per_address_known_or_not(client: Any,
                                                              inbox: list[Any]) -> None:
    for email in ("ghost@example.com", "ghost2@example.com"):
        answers = [client.post("/api/v1/auth/password_reset", json={"email": email}).status_code
                   for _ in range(4)]
        assert answers == [202, 202, 202, 429]
    bad = client.post("/api/v1/auth/password_reset", json={"email": "not an address"})
    assert bad.status_code == 422
