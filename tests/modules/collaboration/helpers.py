"""Shared steps of the collaboration tests: records, mention tokens, the worker."""

from __future__ import annotations

from typing import Any

from tests.factories import Api


def account(api: Api, name: str) -> dict[str, Any]:
    """An account owned by ``api``'s user (duplicate check off: names are the test's)."""
    r = api.post("accounts?allow_duplicate=true", {"name": name})
    assert r.status_code == 201, r.text
    return r.json()


def mention(api: Api) -> str:
    return f"@[{api.user['name']}](user:{api.user['id']})"


def notes(api: Api, kind: str | None = None) -> list[dict[str, Any]]:
    items = api.get("notifications?limit=200").json()["items"]
    return [n for n in items if kind is None or n["kind"] == kind]


def codes(r: Any) -> dict[str, str]:
    """field → message code of a problem response."""
    return {e["field"]: e.get("code", "") for e in r.json()["errors"]}


def patch(api: Api, path: str, **fields: Any) -> dict[str, Any]:
    current = api.get(path).json()
    r = api.patch(path, {"version": current["version"], **fields})
    assert r.status_code == 200, r.text
    return r.json()
