"""Standard reports (revenue, payments, receivables ageing, lead conversion, campaign
ROI, activities, lost reasons) against figures computed from the rows the test wrote,
within data scope."""

from __future__ import annotations

import random
import uuid
from collections import defaultdict
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from typing import Any

import pytest

from tests.factories import Api, Tenant


@dataclass
class Shop:
    tenant: Tenant
    rep_a: Api
    rep_b: Api
    accounts: dict[str, dict[str, Any]]
    opportunities: list[dict[str, Any]]
    orders: list[dict[str, Any]]
    lines: list[dict[str, Any]]
    payments: list[dict[str, Any]]
    plans: list[dict[str, Any]]
    leads: list[dict[str, Any]]
    campaigns: list[dict[str, Any]]
    activities: list[dict[str, Any]]
    products: dict[str, str]
    today: date


def _base(tenant_id: str, owner: str, at: datetime) -> dict[str, Any]:
    return {"id": str(uuid.uuid4()), "tenant_id": tenant_id, "version": 1, "custom": {},
            "created_at": at, "updated_at": at, "owner_id": owner}


@pytest.fixture
def shop(tenant: Tenant, sessions: Any) -> Shop:
    from sqlalchemy import insert

    from salescrm.models import (
        Activity,
        Campaign,
        Lead,
        Opportunity,
        Order,
        OrderLine,
        Payment,
        PaymentPlan,
        Product,
    )

    rng = random.Random(42)
    rep_a, rep_b = tenant.user("RepA"), tenant.user("RepB")
    owners = [rep_a.user["id"], rep_b.user["id"], tenant.admin.user["id"]]
    accounts = {}
    for i, (region, industry) in enumerate([("华东", "制造"), ("华南", "IT"), ("华东", "IT")]):
        acc = tenant.admin.create("accounts", name=f"客户{i}", region=region,
                                  province=f"P{i}", industry=industry, source="expo")
        accounts[acc["id"]] = acc
    pipeline_id = next(p["id"] for p in tenant.admin.get("pipelines").json()["items"]
                       if p["is_default"])
    now = datetime.now(UTC)
    today = now.date()
    tid = tenant.id
    products = {}
    rows: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for name in ("Widget", "Gadget"):
        pid = str(uuid.uuid4())
        products[pid] = name
        rows["products"].append({**{k: v for k, v in _base(tid, "", now).items()
                                    if k != "owner_id"}, "id": pid, "name": name,
                                 "currency": "CNY", "is_active": True})
    campaigns = []
    for name, cost in (("Expo", "5000.00"), ("Web ads", None)):
        c = {**_base(tid, owners[2], now), "name": name, "channel": "offline",
             "status": "active", "actual_cost": Decimal(cost) if cost else None,
             "budget": Decimal("2000.00"), "currency": "CNY", "start_date": today}
        campaigns.append(c)
    for i in range(60):
        at = now - timedelta(days=rng.randint(0, 300), hours=rng.randint(0, 23))
        status = rng.choice(["won", "won", "lost", "open"])
        rows["opportunities"].append({
            **_base(tid, rng.choice(owners), at - timedelta(days=20)), "name": f"D{i}",
            "account_id": rng.choice(list(accounts)), "pipeline_id": pipeline_id,
            "stage": status if status != "open" else "proposal", "status": status,
            "amount": Decimal(rng.randint(100, 100000)), "currency": "CNY",
            "source": rng.choice(["web", "expo", None]),
            "campaign_id": rng.choice([c["id"] for c in campaigns] + [None]),
            "closed_at": at if status != "open" else None,
            "lost_reason": rng.choice(["price", "timing", None]) if status == "lost" else None})
    for i in range(30):
        ordered_on = today - timedelta(days=rng.randint(0, 200))
        total = Decimal(rng.randint(1000, 90000))
        paid = (total * Decimal(rng.choice(["0", "0.5", "1"]))).quantize(Decimal("0.01"))
        won = [o for o in rows["opportunities"] if o["status"] == "won"]
        order = {**_base(tid, rng.choice(owners), now), "number": f"SO{i}",
                 "account_id": rng.choice(list(accounts)), "currency": "CNY",
                 "status": rng.choice(["approved", "fulfilled", "draft"]),
                 "ordered_on": ordered_on, "total": total, "paid_amount": paid,
                 "invoiced_amount": Decimal(0), "receivable": total - paid, "lines": [],
                 "opportunity_id": rng.choice(won)["id"] if won else None}
        rows["orders"].append(order)
        half = (total / 2).quantize(Decimal("0.01"))
        for pos, (pid, amount) in enumerate(zip(products, (half, total - half), strict=True)):
            rows["order_lines"].append({"id": str(uuid.uuid4()), "tenant_id": tid,
                                        "order_id": order["id"], "position": pos,
                                        "product_id": pid, "quantity": Decimal(1),
                                        "unit_price": amount, "discount": Decimal(0),
                                        "amount": amount, "created_at": now, "updated_at": now})
        if paid:
            rows["payments"].append({**_base(tid, order["owner_id"], now),
                                     "account_id": order["account_id"],
                                     "order_id": order["id"], "amount": paid,
                                     "currency": "CNY", "paid_on": ordered_on})
        rows["payment_plans"].append({**_base(tid, order["owner_id"], now),
                                      "account_id": order["account_id"],
                                      "order_id": order["id"],
                                      "due_date": today - timedelta(days=rng.randint(-40, 150)),
                                      "amount": total, "paid_amount": paid,
                                      "status": "paid" if paid == total else "planned"})
    opp_ids = [o["id"] for o in rows["opportunities"]]
    for i in range(40):
        converted = rng.random() < 0.4
        rows["leads"].append({**_base(tid, rng.choice(owners),
                                      now - timedelta(days=rng.randint(0, 100))),
                              "name": f"L{i}", "source": rng.choice(["web", "expo"]),
                              "campaign_id": rng.choice([c["id"] for c in campaigns]),
                              "status": "converted" if converted else rng.choice(
                                  ["new", "qualified"]),
                              "converted_opportunity_id": rng.choice(opp_ids) if converted
                              else None})
    for i in range(50):
        rows["activities"].append({**_base(tid, rng.choice(owners), now),
                                   "kind": rng.choice(["call", "visit", "checkin"]),
                                   "subject": f"A{i}",
                                   "occurred_at": now - timedelta(days=rng.randint(0, 60))})
    tables = [(Product, "products"), (Campaign, None), (Opportunity, "opportunities"),
              (Order, "orders"), (OrderLine, "order_lines"), (Payment, "payments"),
              (PaymentPlan, "payment_plans"), (Lead, "leads"), (Activity, "activities")]
    with sessions() as s:
        s.info["tenant_id"] = tid
        for model, key in tables:
            data = campaigns if key is None else rows[key]
            if data:
                s.execute(insert(model), data)
        s.commit()
    return Shop(tenant, rep_a, rep_b, accounts, rows["opportunities"], rows["orders"],
                rows["order_lines"], rows["payments"], rows["payment_plans"], rows["leads"],
                campaigns, rows["activities"], products, today)


def _money(v: Decimal) -> str:
    return f"{v:.2f}"


def _get(api: Api, path: str, **params: Any) -> dict[str, Any]:
    r = api.get(f"analytics/{path}", params=params)
    assert r.status_code == 200, r.text
    return r.json()  # type: ignore[no-any-return]


def test_revenue_won_by_every_dimension(shop: Shop) -> None:
    start = shop.today - timedelta(days=400)
    won = [o for o in shop.opportunities if o["status"] == "won"]
    dims = {
        "month": lambda o: o["closed_at"].strftime("%Y-%m"),
        "region": lambda o: shop.accounts[o["account_id"]]["region"],
        "industry": lambda o: shop.accounts[o["account_id"]]["industry"],
        "owner": lambda o: o["owner_id"], "source": lambda o: o["source"],
    }
    for by, key in dims.items():
        want: dict[Any, Decimal] = defaultdict(Decimal)
        for o in won:
            want[key(o)] += o["amount"]
        got = _get(shop.tenant.admin, "revenue", by=by, **{"from": start.isoformat()})
        assert {r["key"]: Decimal(r["amount"]) for r in got["rows"]} == want, by
        assert Decimal(got["total"]["amount"]) == sum(want.values())
    owners = _get(shop.tenant.admin, "revenue", by="owner", **{"from": start.isoformat()})
    assert {r["label"] for r in owners["rows"]} <= {"RepA", "RepB",
                                                   shop.tenant.admin.user["name"]}
    # A rep's revenue is the rep's own.
    mine = _get(shop.rep_a, "revenue", by="region", **{"from": start.isoformat()})
    assert Decimal(mine["total"]["amount"]) == sum(
        o["amount"] for o in won if o["owner_id"] == shop.rep_a.user["id"])


def test_ordered_revenue_by_product_and_payments_by_month(shop: Shop) -> None:
    start = (shop.today - timedelta(days=300)).isoformat()
    booked = {o["id"] for o in shop.orders if o["status"] in ("approved", "fulfilled")}
    want: dict[str, Decimal] = defaultdict(Decimal)
    for line in shop.lines:
        if line["order_id"] in booked:
            want[line["product_id"]] += line["amount"]
    got = _get(shop.tenant.admin, "revenue", by="product", measure="ordered",
               **{"from": start})
    assert {r["key"]: Decimal(r["amount"]) for r in got["rows"]} == want
    assert {r["label"] for r in got["rows"]} == set(shop.products.values())
    paid: dict[str, Decimal] = defaultdict(Decimal)
    for p in shop.payments:
        paid[p["paid_on"].strftime("%Y-%m")] += p["amount"]
    got = _get(shop.tenant.admin, "payments", by="month", **{"from": start})
    assert {r["key"]: Decimal(r["amount"]) for r in got["rows"]} == paid
    r = shop.tenant.admin.get("analytics/revenue", params={"by": "product"})
    assert r.status_code == 422 and r.json()["errors"][0]["field"] == "by"


def test_receivables_ageing_buckets(shop: Shop) -> None:
    def bucket(days: int) -> str:
        return ("not_due" if days < 0 else "0-30" if days <= 30 else "31-60" if days <= 60
                else "61-90" if days <= 90 else ">90")

    want: dict[str, Decimal] = defaultdict(Decimal)
    for o in shop.orders:
        if o["status"] in ("approved", "fulfilled") and o["receivable"] > 0:
            want[bucket((shop.today - o["ordered_on"]).days)] += o["receivable"]
    got = _get(shop.tenant.admin, "receivables")
    assert {b["bucket"]: Decimal(b["amount"]) for b in got["buckets"] if b["count"]} == want
    plans: dict[str, Decimal] = defaultdict(Decimal)
    for p in shop.plans:
        if p["status"] != "paid" and p["amount"] > p["paid_amount"]:
            plans[bucket((shop.today - p["due_date"]).days)] += p["amount"] - p["paid_amount"]
    got = _get(shop.tenant.admin, "receivables", basis="due_date", by="owner")
    assert {b["bucket"]: Decimal(b["amount"]) for b in got["buckets"] if b["count"]} == plans
    assert sum(Decimal(r["total"]) for r in got["rows"]) == Decimal(got["total"])


def test_lead_conversion_and_campaign_roi(shop: Shop) -> None:
    by_source: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for lead in shop.leads:
        by_source[lead["source"]][0] += 1
        by_source[lead["source"]][1] += lead["status"] == "converted"
    got = _get(shop.tenant.admin, "lead_conversion", by="source")
    assert {r["key"]: [r["leads"], r["converted"]] for r in got["rows"]} == by_source
    roi = {r["campaign_id"]: r for r in _get(shop.tenant.admin, "campaign_roi")["rows"]}
    for c in shop.campaigns:
        row = roi[c["id"]]
        won = sum(o["amount"] for o in shop.opportunities
                  if o["campaign_id"] == c["id"] and o["status"] == "won")
        cost = c["actual_cost"] if c["actual_cost"] is not None else c["budget"]
        assert row["cost"] == _money(cost)
        assert row["leads"] == sum(1 for lead in shop.leads if lead["campaign_id"] == c["id"])
        assert row["won_amount"] == _money(won)
        assert row["roi"] == round(float((won - cost) / cost), 4)
        order_opps = {o["id"]: o["opportunity_id"] for o in shop.orders}
        opp_campaign = {o["id"]: o["campaign_id"] for o in shop.opportunities}
        paid = sum(p["amount"] for p in shop.payments
                   if opp_campaign.get(order_opps.get(p["order_id"])) == c["id"])
        assert row["paid_amount"] == _money(paid)


def test_activities_per_rep_and_lost_reasons(shop: Shop) -> None:
    counts: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for a in shop.activities:
        counts[a["owner_id"]][a["kind"]] += 1
    got = _get(shop.tenant.admin, "activities",
               **{"from": (shop.today - timedelta(days=70)).isoformat()})
    for row in got["rows"]:
        assert {k: row[k] for k in ("call", "visit", "checkin")} == {
            k: counts[row["owner_id"]][k] for k in ("call", "visit", "checkin")}
    mine = _get(shop.rep_b, "activities",
                **{"from": (shop.today - timedelta(days=70)).isoformat()})
    assert [r["owner_id"] for r in mine["rows"]] in ([shop.rep_b.user["id"]], [])
    reasons: dict[Any, int] = defaultdict(int)
    for o in shop.opportunities:
        if o["status"] == "lost":
            reasons[o["lost_reason"]] += 1
    got = _get(shop.tenant.admin, "lost_reasons",
               **{"from": (shop.today - timedelta(days=400)).isoformat()})
    assert {r["reason"]: r["count"] for r in got["rows"]} == reasons
    assert got["total"] == sum(reasons.values())


@pytest.mark.parametrize(("path", "params", "field"), [
    ("revenue", {"by": "planet"}, "by"),
    ("revenue", {"measure": "dreamt"}, "measure"),
    ("revenue", {"from": "2026-03-01", "to": "2026-01-01"}, "from"),
    ("payments", {"measure": "won"}, "measure"),
    ("receivables", {"basis": "whim"}, "basis"),
    ("lead_conversion", {"by": "mood"}, "by"),
    ("activities", {"from": "1800-01-01"}, "from"),
    ("lost_reasons", {"to": "someday"}, "to"),
    ("targets", {"period": "2026-13"}, "period"),
    ("leaderboard", {"by": "height"}, "by"),
])
def test_bad_parameters(admin: Api, path: str, params: dict[str, str], field: str) -> None:
    r = admin.get(f"analytics/{path}", params=params)
    assert r.status_code == 422, r.text
    assert field in [e["field"] for e in r.json()["errors"]]
