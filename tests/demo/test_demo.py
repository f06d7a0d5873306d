"""The demo company: loads, loads only once, tells a consistent story."""

from __future__ import annotations

import itertools
import re
import uuid
from collections import defaultdict
from decimal import Decimal
from typing import Any

import pytest
from sqlalchemy import func, select

from salescrm.demo import load_demo
from salescrm.models import (
    Account,
    Department,
    Lead,
    Opportunity,
    OpportunityStageHistory,
    Order,
    OrderLine,
    Payment,
    PaymentPlan,
    User,
)

CJK = re.compile(r"[\u3400-\u9fff]")


@pytest.fixture(scope="module")
def demo(app: Any) -> dict[str, Any]:
    """One full demo company per database backend, shared by this module's tests."""
    email = f"admin@{uuid.uuid4().hex[:8]}.demo.test"
    with app.state.sessions() as session:
        assert load_demo(session, seed=7, email=email, password="demo12345") is True
        session.commit()
        tenant_id = session.scalar(select(User.tenant_id).where(User.email == email))
    return {"email": email, "tenant_id": tenant_id}


def _session(app: Any, tenant_id: str) -> Any:
    session = app.state.sessions()
    session.info["tenant_id"] = tenant_id
    return session


def test_the_admin_signs_in_and_sees_a_company(client: Any, app: Any,
                                               demo: dict[str, Any]) -> None:
    r = client.post("/api/v1/auth/login", json={"email": demo["email"],
                                                "password": "demo12345"})
    assert r.status_code == 200, r.text
    client.cookies.clear()
    headers = {"Authorization": f"Bearer {r.json()['access_token']}"}
    total = client.get("/api/v1/accounts?count=true&limit=1", headers=headers).json()["total"]
    assert 250 <= total <= 350
    with _session(app, demo["tenant_id"]) as s:
        teams = set(s.scalars(select(Department.name)))
        assert {"华东销售团队", "华南销售团队", "华北销售团队"} <= teams
        regions = set(s.scalars(select(Account.region)))
        assert {"华东", "华南", "华北"} <= regions
        assert s.scalar(select(func.count()).select_from(Lead).where(
            Lead.campaign_id.is_not(None))) > 50


def test_loading_twice_changes_nothing(app: Any, demo: dict[str, Any]) -> None:
    with _session(app, demo["tenant_id"]) as s:
        before = s.scalar(select(func.count()).select_from(Account))
    with app.state.sessions() as session:
        assert load_demo(session, seed=7, email=demo["email"]) is False
        session.commit()
    with _session(app, demo["tenant_id"]) as s:
        assert s.scalar(select(func.count()).select_from(Account)) == before


def test_stage_history_tells_how_each_deal_ended(app: Any, demo: dict[str, Any]) -> None:
    with _session(app, demo["tenant_id"]) as s:
        opportunities = list(s.scalars(select(Opportunity)))
        history: dict[str, list[OpportunityStageHistory]] = defaultdict(list)
        for h in s.scalars(select(OpportunityStageHistory).order_by(
                OpportunityStageHistory.entered_at)):
            history[h.opportunity_id].append(h)
    statuses = {o.status for o in opportunities}
    assert statuses == {"open", "won", "lost"}
    for opp in opportunities:
        steps = history[opp.id]
        assert steps[0].stage == "initial"
        assert steps[-1].stage == opp.stage and steps[-1].left_at is None
        assert all(a.left_at == b.entered_at for a, b in itertools.pairwise(steps))
        assert all(a.entered_at <= b.entered_at for a, b in itertools.pairwise(steps))
        if opp.status == "won":
            assert opp.stage == "won" and opp.probability == 100
        if opp.status == "lost":
            assert opp.stage == "lost" and opp.lost_reason
        if opp.status != "open":
            assert opp.created_at <= steps[-1].entered_at


def test_orders_payments_and_receivables_add_up(app: Any, demo: dict[str, Any]) -> None:
    with _session(app, demo["tenant_id"]) as s:
        orders = list(s.scalars(select(Order)))
        lines = defaultdict(Decimal)
        for line in s.scalars(select(OrderLine)):
            lines[line.order_id] += line.amount
        paid = defaultdict(Decimal)
        for payment in s.scalars(select(Payment).where(Payment.deleted_at.is_(None))):
            paid[payment.order_id] += payment.amount
        plans = list(s.scalars(select(PaymentPlan)))
        won = {o.id for o in s.scalars(select(Opportunity).where(Opportunity.status == "won"))}
    assert orders and {o.opportunity_id for o in orders} == won
    for order in orders:
        assert order.status in ("approved", "fulfilled")
        assert order.total == lines[order.id] > 0
        assert order.paid_amount == paid[order.id]
        assert order.receivable == order.total - order.paid_amount
    overdue = [p for p in plans if p.status == "overdue"]
    assert overdue, "some customers pay late"
    assert all(p.paid_amount < p.amount for p in overdue)


def test_english_and_deterministic(app: Any) -> None:
    def names(email: str) -> list[str]:
        with app.state.sessions() as session:
            assert load_demo(session, seed=3, locale="en", email=email, scale=0.05)
            session.commit()
            tenant_id = session.scalar(select(User.tenant_id).where(User.email == email))
        with _session(app, tenant_id) as s:
            return sorted(s.scalars(select(Account.name)))

    first = names(f"admin@{uuid.uuid4().hex[:8]}.demo.test")
    second = names(f"admin@{uuid.uuid4().hex[:8]}.demo.test")
    assert first == second and len(first) >= 10
    assert not any(CJK.search(n) for n in first)
