"""Automation in the app: rules run in the jobs worker on events, and every five
minutes for rules on dates; the rules' routes."""

from __future__ import annotations

from typing import Any

from salescrm.platform.automation.runner import on_event, run_scheduled_job, wants
from salescrm.platform.modules import JobKind, Module, Subscription


def _routers() -> list[Any]:
    from salescrm.platform.automation.api import router

    return [router]


MODULE = Module(
    jobs={"automation.scheduled": JobKind(run_scheduled_job, every_seconds=300)},
    subscriptions=(Subscription(on_event, wants),),
    routers=_routers,
)
