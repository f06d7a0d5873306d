"""Follow-ups: calls, visits with check-in location, meetings, e-mails and notes along
each deal and on quiet accounts; tasks for the days ahead (a few already late)."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from salescrm.demo import data
from salescrm.demo.base import Demo
from salescrm.demo.deals import Deal

KINDS = (("call", 35), ("visit", 25), ("meeting", 15), ("email", 15), ("note", 10))


def _activity(demo: Demo, owner: str, related: tuple[str, str], at: datetime,
              city: data.City | None) -> None:
    kind = demo.rnd.choices([k for k, _ in KINDS], [w for _, w in KINDS])[0]
    body: dict[str, Any] = {
        "kind": kind, "related_type": related[0], "related_id": related[1],
        "content": demo.t(demo.rnd.choice(data.ACTIVITY_NOTES[kind])),
        "occurred_at": at.isoformat()}
    if kind == "visit" and city is not None:
        # A visit is checked in on site: the customer's city, give or take a few km.
        body.update(latitude=f"{city.lat + demo.rnd.uniform(-0.05, 0.05):.6f}",
                    longitude=f"{city.lon + demo.rnd.uniform(-0.05, 0.05):.6f}",
                    address=city.zh if demo.zh else city.en)
    demo.create("activities", body, user_id=owner, at=at)


def activities(demo: Demo, deals: list[Deal]) -> None:
    for deal in deals:
        end = deal.closed or demo.now
        span = max((end - deal.started).total_seconds(), 3600.0)
        for _ in range(demo.rnd.randint(2, 5)):
            at = deal.started + timedelta(seconds=demo.rnd.uniform(0, span))
            _activity(demo, deal.owner_id, ("opportunities", deal.id), at, deal.account.city)
    with_deals = {d.account.id for d in deals}
    for account in demo.accounts:
        if account.id in with_deals or account.owner_id is None:
            continue
        for _ in range(demo.rnd.randint(0, 2)):
            at = demo.days_ago(1, max(min((demo.now - account.created).days, 300), 2))
            _activity(demo, account.owner_id, ("accounts", account.id), at, account.city)


def tasks(demo: Demo, deals: list[Deal]) -> None:
    """Open deals have next steps; some of last month's are done, a few are late."""
    for deal in deals:
        if deal.outcome == "open":
            for _ in range(demo.rnd.randint(1, 2)):
                due = demo.now + timedelta(days=demo.rnd.randint(-3, 14), hours=2)
                demo.create("tasks", {
                    "title": demo.t(demo.rnd.choice(data.TASK_TITLES)),
                    "due_at": due.isoformat(), "remind_at": (due - timedelta(hours=2)).isoformat(),
                    "related_type": "opportunities", "related_id": deal.id,
                    "priority": demo.rnd.choice(("normal", "normal", "high")),
                    "assignee_id": deal.owner_id}, user_id=deal.owner_id)
        elif deal.closed and (demo.now - deal.closed).days < 60:
            demo.create("tasks", {
                "title": demo.t(demo.rnd.choice(data.TASK_TITLES)),
                "due_at": (deal.closed - timedelta(days=3)).isoformat(), "status": "done",
                "related_type": "opportunities", "related_id": deal.id,
                "assignee_id": deal.owner_id}, user_id=deal.owner_id)
