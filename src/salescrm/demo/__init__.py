"""Demo data: a believable Chinese company (or its English twin with ``locale="en"``)
with a year of sales history, written through the same services the API uses, so
totals, stage histories, audit trails and events are what real use would leave.

``salescrm demo`` (and ``make demo``) calls :func:`load_demo`. The same seed gives
the same company; a second run finds the demo administrator and does nothing.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from salescrm.demo import customers, deals, followups, org
from salescrm.demo.base import Demo


def demo_exists(session: Session, email: str) -> bool:
    from salescrm.models import User

    session.info["tenant_id"] = None  # emails are unique across tenants
    return session.scalar(select(User.id).where(User.email == email.strip().lower())) is not None


def _steps(demo: Demo, email: str, password: str
           ) -> list[tuple[str, list[Callable[[], Any]]]]:
    state: dict[str, Any] = {}

    def opportunities() -> None:
        state["deals"] = deals.opportunities(demo)

    return [
        ("company and people", [lambda: org.company(demo, email, password),
                                lambda: org.people(demo, password),
                                lambda: org.assignment_rules(demo)]),
        ("products and campaigns", [lambda: org.catalog(demo), lambda: org.campaigns(demo)]),
        ("accounts and contacts", [lambda: customers.accounts(demo)]),
        ("leads", [lambda: customers.leads(demo)]),
        ("opportunities", [opportunities]),
        ("quotes, orders and payments", [lambda: deals.quotes(demo, state["deals"]),
                                         lambda: deals.orders(demo, state["deals"])]),
        ("activities and tasks", [lambda: followups.activities(demo, state["deals"]),
                                  lambda: followups.tasks(demo, state["deals"])]),
        ("dates", [demo.backdate]),
    ]


def load_demo(session: Session, *, seed: int = 7, locale: str = "zh-CN",
              email: str = "admin@demo.salescrm.dev", password: str = "demo12345",
              progress: Any = None, scale: float = 1.0) -> bool:
    """Load the demo company into ``session`` (the caller commits). Returns False, and
    writes nothing, when a user with the admin's email already exists.

    ``progress``: a Rich console to draw a progress bar on (None: quiet). ``scale``
    shrinks the customer base (tests load a tenth of it).
    """
    if demo_exists(session, email):
        return False
    demo = Demo(session, seed, locale, email.strip().lower().rsplit("@", 1)[-1], scale)
    steps = _steps(demo, email, password)
    if progress is None:
        for _label, parts in steps:
            for part in parts:
                part()
    else:
        from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn

        with Progress(TextColumn("[bold]demo[/bold] {task.description}"), BarColumn(),
                      TextColumn("{task.completed}/{task.total}"), TimeElapsedColumn(),
                      console=progress, transient=False) as bar:
            task = bar.add_task(steps[0][0], total=len(steps))
            for label, parts in steps:
                bar.update(task, description=label)
                for part in parts:
                    part()
                bar.advance(task)
    session.flush()
    session.info["demo_counts"] = dict(demo.counts)
    return True
