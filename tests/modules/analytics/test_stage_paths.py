"""The two facts each stay carries for the funnel (modules/sales/stage_paths.py) are
kept right by the sales service as deals move, and recomputed when an administrator
reorders a pipeline's stages: the funnel then matches the plain-Python definition."""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from sqlalchemy import select

from tests.factories import Tenant
from tests.modules.analytics.history import OPEN, Deal, oracle_funnel, simulate

pytestmark = pytest.mark.usefixtures("tenant")


def drive(tenant: Tenant, sessions: Any, deals: list[Deal]) -> None:
    """Create each deal and walk it through its stays with the sales service, the way
    the API, automation and demo data move deals (backdated to each stay)."""
    from salescrm.modules.sales.service import change_stage, create_opportunity
    from salescrm.platform.tenancy.system import system_context

    account = tenant.admin.create("accounts", name="路径客户")["id"]
    with sessions() as s:
        ctx = system_context(s, tenant.id)
        for d in deals:
            first = d.history[0]
            row = create_opportunity(ctx, {"name": "Path", "account_id": account,
                                           "stage": first.stage, "amount": first.amount},
                                     at=first.entered_at)
            d.id = row.id
            for stay in d.history[1:]:
                extra = {"lost_reason": "price"} if stay.stage == "lost" else {}
                change_stage(ctx, row.id, stay.stage, at=stay.entered_at,
                             amount=stay.amount, **extra)
        s.commit()


def driven_deals(tenant: Tenant, sessions: Any, seed: int) -> tuple[datetime, list[Deal]]:
    """60 random deals of the last 200 days, moved through the service."""
    now = datetime.now(UTC) - timedelta(minutes=5)
    deals = simulate(random.Random(seed), [tenant.admin.user["id"]], ["-"], now, 60,
                     days_back=200)
    for d in deals:
        d.deleted = False
    drive(tenant, sessions, deals)
    return now, deals


def paths(sessions: Any, tenant_id: str) -> dict[str, tuple[Any, Any]]:
    from salescrm.models import OpportunityStageHistory as H

    with sessions() as s:
        s.info["tenant_id"] = tenant_id
        return {r.id: (r.prior_entry_at, r.furthest_stage)
                for r in s.scalars(select(H))}


def recompute_now(sessions: Any, tenant_id: str, pipeline_id: str) -> None:
    from salescrm.models import Pipeline
    from salescrm.modules.sales import stage_paths

    with sessions() as s:
        s.info["tenant_id"] = tenant_id
        stages = s.get(Pipeline, pipeline_id).stages
        stage_paths.recompute(s.connection(), pipeline_id, stages)
        s.commit()


def funnel_matches(tenant: Tenant, deals: list[Deal], now: datetime, order: list[str],
                   days: int) -> None:
    start = (now - timedelta(days=days)).date()
    got = tenant.admin.get("analytics/funnel", params={
        "from": start.isoformat(), "to": now.date().isoformat()}).json()
    want = oracle_funnel(deals, datetime.combine(start, datetime.min.time(), UTC),
                         datetime.combine(now.date() + timedelta(days=1),
                                          datetime.min.time(), UTC), order)
    for stage in got["stages"]:
        for name in ("count", "amount", "advanced", "won", "conversion_rate", "win_rate"):
            assert stage[name] == want["stages"][stage["key"]][name], (stage["key"], name)


def test_moves_keep_the_paths_the_bulk_recompute_would_give(tenant: Tenant,
                                                            sessions: Any) -> None:
    now, deals = driven_deals(tenant, sessions, seed=11)
    kept = paths(sessions, tenant.id)
    # Deals that fell back and re-entered a stage, so the test means something.
    assert sum(1 for prior, _ in kept.values() if prior is not None) >= 3
    pipeline_id = tenant.admin.get("pipelines").json()["items"][0]["id"]
    recompute_now(sessions, tenant.id, pipeline_id)
    assert paths(sessions, tenant.id) == kept
    for days in (30, 90, 200):
        funnel_matches(tenant, deals, now, OPEN, days)


def test_reordering_stages_recomputes_the_paths_in_the_background(
        tenant: Tenant, sessions: Any, worker: Any) -> None:
    now, deals = driven_deals(tenant, sessions, seed=5)
    pipeline = next(p for p in tenant.admin.get("pipelines").json()["items"]
                    if p["is_default"])
    stages = pipeline["stages"]
    keys = [s["key"] for s in stages]
    i, j = keys.index("qualified"), keys.index("proposal")
    stages[i], stages[j] = stages[j], stages[i]
    r = tenant.admin.patch(f"pipelines/{pipeline['id']}",
                           json={"stages": stages, "version": pipeline["version"]})
    assert r.status_code == 200, r.text
    assert worker.run_until_idle() >= 1
    order = ["initial", "proposal", "qualified", "negotiation"]
    funnel_matches(tenant, deals, now, order, 200)
    # Renaming a stage changes no order: nothing to recompute.
    stages[0]["name"] = "首次接触"
    r = tenant.admin.patch(f"pipelines/{pipeline['id']}",
                           json={"stages": stages, "version": r.json()["version"]})
    assert r.status_code == 200, r.text
    from salescrm.models import Job

    with sessions() as s:
        queued = s.scalars(select(Job).where(Job.kind == "sales.recompute_stage_paths",
                                             Job.status == "queued")).all()
    assert queued == []


def test_a_backdated_move_landing_before_later_stays_recomputes_the_deal(
        tenant: Tenant, sessions: Any) -> None:
    """History written out of order (an import replaying moves): the new stay must not
    lift the furthest stage of stays that came after it."""
    from salescrm.models import OpportunityStageHistory as H
    from salescrm.modules.sales.service import change_stage, create_opportunity
    from salescrm.platform.tenancy.system import system_context

    t0 = datetime(2026, 3, 1, tzinfo=UTC)
    account = tenant.admin.create("accounts", name="补录客户")["id"]
    with sessions() as s:
        ctx = system_context(s, tenant.id)
        deal = create_opportunity(ctx, {"name": "Out of order", "account_id": account},
                                  at=t0)
        change_stage(ctx, deal.id, "qualified", at=t0 + timedelta(days=20))
        change_stage(ctx, deal.id, "proposal", at=t0 + timedelta(days=10))  # earlier
        s.commit()
        rows = s.scalars(select(H).where(H.opportunity_id == deal.id)
                         .order_by(H.entered_at)).all()
        got = [(r.stage, r.furthest_stage) for r in rows]
    assert got == [("initial", "proposal"), ("proposal", "proposal"),
                   ("qualified", "qualified")]
