"""Automation runs in the jobs worker: on events, and every few minutes for dates."""

from __future__ import annotations

from salescrm.platform.automation.runner import on_event, wants
from salescrm.platform.jobs import schedule, subscribe


def connect() -> None:
    subscribe(on_event, wants)
    schedule("automation.scheduled", 300, "automation.scheduled")
