"""A year of deals: opportunities moving through the pipeline with backdated stage
history (won, lost with reasons, still open), quotes, orders of the won ones,
payment plans and payments (some overdue), follow-up activities and tasks."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal
from typing import Any

from salescrm.demo import data
from salescrm.demo.base import AccountInfo, Demo
from salescrm.modules.orders.payments import mark_overdue_plans
from salescrm.modules.orders.service import fulfill_order
from salescrm.modules.sales.pricing import line_total
from salescrm.modules.sales.service import change_stage, create_opportunity
from salescrm.platform.approvals.engine import submit

OPEN_PATH = ("initial", "qualified", "proposal", "negotiation")
# Days spent in each open stage before the next move (low, high).
STAGE_DAYS = {"initial": (5, 20), "qualified": (10, 30), "proposal": (10, 35),
              "negotiation": (7, 30)}
UTC_MORNING = time(2, 0)  # 10:00 in Beijing


@dataclass
class Deal:
    id: str
    account: AccountInfo
    owner_id: str
    lines: list[dict[str, Any]]
    amount: Decimal
    started: datetime
    outcome: str  # won | lost | open
    stage: str
    closed: datetime | None = None


def _lines(demo: Demo) -> tuple[list[dict[str, Any]], Decimal]:
    """A software licence or hardware, usually with services; a discount on big deals."""
    core = demo.rnd.choice([p for p in demo.products if p["code"] in
                            ("WMS-STD", "WMS-ENT", "MES-CORE", "IOT-GW")])
    others = [p for p in demo.products if p is not core]
    chosen = [core, *demo.rnd.sample(others, demo.rnd.randint(1, 3))]
    lines = []
    for product in chosen:
        low, high = product["qty"]
        quantity = demo.rnd.randint(low, high)
        discount = demo.rnd.choice((0, 0, 5, 10, 15)) if product["price"] >= 100000 else 0
        lines.append({"product_id": product["id"], "quantity": str(quantity),
                      "unit_price": str(product["price"]), "discount": str(discount)})
    total = sum((line_total(ln["quantity"], ln["unit_price"], ln["discount"]) for ln in lines),
                Decimal("0"))
    return lines, total


def _fate(demo: Demo, started: datetime) -> tuple[str, str]:
    """Walk the pipeline from ``started``; the outcome depends on the deal's age."""
    stage, at = "initial", started
    for index, key in enumerate(OPEN_PATH):
        stage = key
        at += timedelta(days=demo.rnd.randint(*STAGE_DAYS[key]))
        if at >= demo.now:
            return "open", stage
        drop = (0.15, 0.15, 0.18, 0.2)[index]
        if demo.rnd.random() < drop:
            return "lost", stage
    return ("won" if demo.rnd.random() < 0.75 else "lost"), stage


def opportunities(demo: Demo) -> list[Deal]:
    """Most accounts of level A–C get a deal; A accounts sometimes two."""
    deals = []
    for account in demo.accounts:
        if account.owner_id is None:
            continue
        count = {"A": 2, "B": 1, "C": 1, "D": 0}[account.level]
        if account.level in ("B", "C") and demo.rnd.random() < 0.3:
            count = 0
        for _ in range(count):
            deals.append(_deal(demo, account))
    return deals


def _deal(demo: Demo, account: AccountInfo) -> Deal:
    owner = account.owner_id or demo.admin_id
    earliest = max((demo.now - account.created).days, 20)
    started = demo.days_ago(10, min(earliest, 365))
    lines, amount = _lines(demo)
    outcome, last = _fate(demo, started)
    product = demo.rnd.choice(("仓储数字化项目", "智能工厂一期", "物联网监测项目", "系统升级",
                               "新仓库建设")) if demo.zh else demo.rnd.choice((
                                   "Warehouse digitalisation", "Smart factory phase 1",
                                   "IoT monitoring", "System upgrade", "New warehouse"))
    body: dict[str, Any] = {
        "name": f"{account.name} · {product}" if demo.zh else f"{account.name}: {product}",
        "account_id": account.id, "amount": str(amount), "owner_id": owner,
        "contact_id": account.contact_ids[0] if account.contact_ids else None,
        "close_date": (started + timedelta(days=demo.rnd.randint(60, 150))).date().isoformat(),
    }
    if account.campaign_id:
        body["campaign_id"] = account.campaign_id
    ctx = demo.ctx(owner)
    row = create_opportunity(ctx, body, at=started)
    demo.counts["opportunities"] += 1
    demo.backdated[row.__table__][row.id] = started
    deal = Deal(row.id, account, owner, lines, amount, started, outcome, last)
    _walk(demo, deal)
    return deal


def _walk(demo: Demo, deal: Deal) -> None:
    """Replay the stage moves at their dates, so the history is the story."""
    ctx = demo.ctx(deal.owner_id)
    at = deal.started
    for key in OPEN_PATH[1:OPEN_PATH.index(deal.stage) + 1]:
        at += timedelta(days=demo.rnd.randint(*STAGE_DAYS[OPEN_PATH[OPEN_PATH.index(key) - 1]]))
        change_stage(ctx, deal.id, key, at=at)
    if deal.outcome == "open":
        return
    at += timedelta(days=demo.rnd.randint(*STAGE_DAYS[deal.stage]))
    at = min(at, demo.now - timedelta(days=1))
    deal.closed = at
    fields: dict[str, Any] = {"close_date": at.date().isoformat()}
    if deal.outcome == "lost":
        fields["lost_reason"] = demo.t(demo.rnd.choice(data.LOST_REASONS))
    change_stage(ctx, deal.id, deal.outcome, at=at, **fields)


def quotes(demo: Demo, deals: list[Deal]) -> None:
    for deal in deals:
        if deal.outcome == "lost" or deal.stage in ("initial", "qualified"):
            continue
        demo.create("quotes", {
            "name": demo.t(("报价单", "Quote")), "account_id": deal.account.id,
            "opportunity_id": deal.id, "lines": deal.lines,
            "status": "accepted" if deal.outcome == "won" else "sent",
            "valid_until": (deal.started + timedelta(days=120)).date().isoformat()},
            user_id=deal.owner_id)


def orders(demo: Demo, deals: list[Deal]) -> None:
    """Won deals become approved orders with a two-part payment plan; money comes in
    mostly on time, sometimes late, sometimes not yet (overdue)."""
    for deal in deals:
        if deal.outcome != "won" or deal.closed is None:
            continue
        won_on = deal.closed.date()
        order = demo.create("orders", {
            "account_id": deal.account.id, "opportunity_id": deal.id, "lines": deal.lines,
            "ordered_on": won_on.isoformat()}, user_id=deal.owner_id,
            at=_at(won_on))
        submit(demo.ctx(deal.owner_id), "orders", order.id, {})
        first = (order.total * Decimal("0.6")).quantize(Decimal("0.01"))
        plans = ((first, won_on + timedelta(days=15)),
                 (order.total - first, won_on + timedelta(days=75)))
        for amount, due in plans:
            demo.create("payment_plans", {"order_id": order.id, "amount": str(amount),
                                          "due_date": due.isoformat()}, user_id=deal.owner_id)
        _payments(demo, order.id, plans, deal.owner_id)
        if (demo.today - won_on).days > 120:
            fulfill_order(demo.ctx(deal.owner_id), order.id)
    # Overdue detection, as the scheduled job would run it today.
    mark_overdue_plans(demo.ctx())


def _payments(demo: Demo, order_id: str, plans: tuple[tuple[Decimal, date], ...],
              owner_id: str) -> None:
    for index, (amount, due) in enumerate(plans):
        paid_on = due + timedelta(days=demo.rnd.randint(-5, 20))
        if paid_on >= demo.today or demo.rnd.random() < (0.08, 0.25)[index]:
            continue  # not paid (yet): overdue once the due date passes
        if demo.rnd.random() < 0.15:
            amount = (amount / 2).quantize(Decimal("0.01"))  # part payment
        demo.create("payments", {
            "order_id": order_id, "amount": str(amount), "paid_on": paid_on.isoformat(),
            "method": demo.rnd.choice(("bank_transfer", "bank_transfer", "acceptance_bill")),
            "reference": f"HX{demo.rnd.randrange(10**10):010d}"}, user_id=owner_id,
            at=_at(paid_on))


def _at(day: date) -> datetime:
    return datetime.combine(day, UTC_MORNING, tzinfo=UTC)
