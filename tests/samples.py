"""Minimal valid records for any object, built from its metadata, so the generic
contract tests (isolation, scope, locking, audit) run for every object —
built-in, module-defined or custom — without per-object test code.

An object whose valid record cannot be derived from metadata alone (a payment
needs an order *or* a contract) gets an entry in ``SPECIAL``.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from typing import Any

from tests.factories import Api, approved_order

# Objects whose create goes through a different door or is not a plain record.
NOT_CREATABLE = {"users_self"}
SPECIAL: dict[str, Callable[[Api], dict[str, Any]]] = {}


def special(name: str) -> Callable[[Callable[[Api], dict[str, Any]]], Callable[[Api], dict[str, Any]]]:
    def wrap(fn: Callable[[Api], dict[str, Any]]) -> Callable[[Api], dict[str, Any]]:
        SPECIAL[name] = fn
        return fn
    return wrap


@special("exchange_rates")
def _exchange_rate(api: Api) -> dict[str, Any]:
    # One live rate per currency: a fresh made-up code each time (never CNY).
    letters = "ABDEFGHIJKLMOPQRSTUVWXZ"
    n = uuid.uuid4().int
    code = "".join(letters[(n >> (5 * i)) % len(letters)] for i in range(3))
    return {"currency": code, "rate": "1.2345"}


@special("users")
def _user(api: Api) -> dict[str, Any]:
    return {"name": "Sample User", "email": f"u-{uuid.uuid4().hex[:10]}@example.com",
            "password": "Tr0ut-canyon-58", "roles": ["sales_rep"]}


@special("roles")
def _role(api: Api) -> dict[str, Any]:
    return {"key": f"r_{uuid.uuid4().hex[:8]}", "name": "Sample role", "data_scope": "own",
            "permissions": {"accounts": ["read"]}}


@special("pipelines")
def _pipeline(api: Api) -> dict[str, Any]:
    return {"name": unique_text("Pipeline"), "stages": [
        {"key": "open", "name": "Open", "probability": 20, "kind": "open"},
        {"key": "won", "name": "Won", "probability": 100, "kind": "won"},
        {"key": "lost", "name": "Lost", "probability": 0, "kind": "lost"}]}


def _priced_order(api: Api, approved: bool = True) -> dict[str, Any]:
    """An order of 1000.00; approved (submitted with no flow) unless a draft will do:
    payments and invoices need an approved order, a payment plan does not (issue 10.8)."""
    account = create_sample(api, "accounts", 1)
    body = {"account_id": account["id"], "lines": [{"quantity": "1", "unit_price": "1000.00"}]}
    if approved:
        return approved_order(api, **body)
    return api.create("orders", **body)


@special("payments")
def _payment(api: Api) -> dict[str, Any]:
    return {"order_id": _priced_order(api)["id"], "amount": "100.00", "paid_on": "2026-11-27"}


@special("payment_plans")
def _payment_plan(api: Api) -> dict[str, Any]:
    return {"order_id": _priced_order(api, approved=False)["id"], "amount": "100.00",
            "due_date": "2026-12-31"}


@special("invoices")
def _invoice(api: Api) -> dict[str, Any]:
    return {"order_id": _priced_order(api)["id"], "title": unique_text("抬头"),
            "amount": "100.00"}


def unique_text(prefix: str = "Sample") -> str:
    return f"{prefix} {uuid.uuid4().hex[:10]}"


def value_for(api: Api, field: dict[str, Any], depth: int) -> Any:
    t = field["type"]
    if t == "lookup":
        return create_sample(api, field["target"], depth + 1)["id"]
    if t in ("picklist",):
        return (field.get("options") or ["x"])[0]
    if t == "multi_picklist":
        return (field.get("options") or ["x"])[:1]
    return {
        "text": unique_text(), "textarea": unique_text(), "number": "1", "integer": 1,
        "money": "100.00", "date": "2026-12-31", "datetime": "2026-12-31T10:00:00+08:00",
        "boolean": True, "email": f"s-{uuid.uuid4().hex[:10]}@example.com",
        "phone": f"+86 139{uuid.uuid4().int % 10**8:08d}", "url": "https://example.com",
    }.get(t, unique_text())


def sample_payload(api: Api, object_name: str, depth: int = 0) -> dict[str, Any]:
    if object_name in SPECIAL:
        return SPECIAL[object_name](api)
    meta = api.get(f"meta/objects/{object_name}").json()
    body: dict[str, Any] = {}
    for f in meta["fields"]:
        if f["required"] and not f["readonly"]:
            body[f["api_name"]] = value_for(api, f, depth)
    return body


def create_sample(api: Api, object_name: str, depth: int = 0) -> dict[str, Any]:
    assert depth < 5, f"lookup chain too deep creating {object_name}"
    body = sample_payload(api, object_name, depth)
    r = api.post(f"{object_name}?allow_duplicate=true", body)
    assert r.status_code == 201, (
        f"cannot create a sample {object_name} from metadata ({r.status_code}: {r.text}); "
        f"add a SPECIAL entry in tests/samples.py")
    return r.json()  # type: ignore[no-any-return]


# Saved definitions outside the object registry (list views…), each with every route
# under /api/v1/<path>/{id} checked by the isolation test like a record's.
DEFINITIONS: dict[str, Callable[[Api], dict[str, Any]]] = {}


def _list_view(api: Api) -> dict[str, Any]:
    r = api.post("views", {"object": "accounts", "name": unique_text("View"), "sharing": "all",
                           "filters": [{"field": "name", "op": "contains", "value": "x"}],
                           "columns": ["name"]})
    assert r.status_code == 201, r.text
    return r.json()  # type: ignore[no-any-return]


DEFINITIONS["views"] = _list_view
