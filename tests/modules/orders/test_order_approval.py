"""The order's part in approvals: submit check and status hooks (called as the
approvals engine calls them), and what a submitted order allows."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from salescrm.db.engine import begin_write
from salescrm.platform.errors import ProblemError
from salescrm.platform.records.behaviour import behaviour_for
from salescrm.platform.tenancy.system import system_context
from tests.factories import Api


def _in_tenant(sessions: Any, tenant_id: str, fn: Callable[[Any], Any],
               user_id: str | None = None) -> Any:
    with sessions() as s:
        # A unit of work that writes, as the approvals engine's request is: on SQLite it
        # takes the write lock at BEGIN (a read snapshot cannot be upgraded once the
        # token-use flusher or the worker has committed meanwhile).
        begin_write(s)
        ctx = system_context(s, tenant_id, user_id)
        result = fn(ctx)
        s.commit()
        return result


def _order(api: Api, lines: bool = True) -> dict[str, Any]:
    acct = api.create("accounts?allow_duplicate=true", name="成都天府软件")
    body: dict[str, Any] = {"account_id": acct["id"]}
    if lines:
        body["lines"] = [{"quantity": "2", "unit_price": "50"}]
    return api.create("orders", **body)


def test_submit_check_needs_lines(tenant: Any, sessions: Any) -> None:
    empty = _order(tenant.admin, lines=False)
    with pytest.raises(ProblemError) as exc:
        _in_tenant(sessions, tenant.id, lambda ctx: behaviour_for("orders").submit_check(ctx, empty["id"]))
    assert exc.value.status == 422 and exc.value.errors[0]["field"] == "lines"
    full = _order(tenant.admin)
    _in_tenant(sessions, tenant.id, lambda ctx: behaviour_for("orders").submit_check(ctx, full["id"]))


def test_hooks_move_the_order_and_lock_it_while_pending(tenant: Any, sessions: Any) -> None:
    admin = tenant.admin
    order = _order(admin)
    hooks = behaviour_for("orders").approval_hooks
    _in_tenant(sessions, tenant.id, lambda ctx: hooks["submitted"](ctx, order["id"]))
    got = admin.get(f"orders/{order['id']}").json()
    assert got["status"] == "submitted"
    r = admin.patch(f"orders/{order['id']}", {"version": got["version"],
                                              "lines": [{"quantity": 1, "unit_price": 1}]})
    assert r.status_code == 409
    r = admin.patch(f"orders/{order['id']}", {"version": got["version"], "description": "x"})
    assert r.status_code == 409
    _in_tenant(sessions, tenant.id, lambda ctx: hooks["withdrawn"](ctx, order["id"]))
    assert admin.get(f"orders/{order['id']}").json()["status"] == "draft"
    _in_tenant(sessions, tenant.id, lambda ctx: hooks["submitted"](ctx, order["id"]))
    _in_tenant(sessions, tenant.id, lambda ctx: hooks["rejected"](ctx, order["id"]))
    assert admin.get(f"orders/{order['id']}").json()["status"] == "rejected"
    _in_tenant(sessions, tenant.id, lambda ctx: hooks["submitted"](ctx, order["id"]))
    _in_tenant(sessions, tenant.id, lambda ctx: hooks["approved"](ctx, order["id"]))
    got = admin.get(f"orders/{order['id']}").json()
    assert got["status"] == "approved" and got["approved_at"]
    r = admin.patch(f"orders/{order['id']}", {"version": got["version"],
                                              "lines": [{"quantity": 1, "unit_price": 1}]})
    assert r.status_code == 409
    r = admin.post(f"orders/{order['id']}/fulfill")
    assert r.status_code == 200 and r.json()["status"] == "fulfilled"


def test_approved_hook_on_a_draft_is_a_conflict(tenant: Any, sessions: Any) -> None:
    order = _order(tenant.admin)
    with pytest.raises(ProblemError) as exc:
        _in_tenant(sessions, tenant.id,
                   lambda ctx: behaviour_for("orders").approval_hooks["approved"](ctx, order["id"]))
    assert exc.value.status == 409


def test_approver_outside_the_reps_scope_can_still_approve(tenant: Any, sessions: Any) -> None:
    rep, other = tenant.user("Rep"), tenant.user("Approver")
    order = _order(rep)
    hooks = behaviour_for("orders").approval_hooks
    _in_tenant(sessions, tenant.id, lambda ctx: hooks["submitted"](ctx, order["id"]),
               user_id=rep.user["id"])
    _in_tenant(sessions, tenant.id, lambda ctx: hooks["approved"](ctx, order["id"]),
               user_id=other.user["id"])
    assert rep.get(f"orders/{order['id']}").json()["status"] == "approved"
