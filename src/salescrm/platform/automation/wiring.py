"""Automation runs in the jobs worker: on events, and every few minutes for dates."""

from __future__ import annotations

from salescrm.platform.automation.runner import on_event
from salescrm.platform.jobs import SUBSCRIBERS, schedule

if on_event not in SUBSCRIBERS:
    SUBSCRIBERS.append(on_event)
schedule("automation.scheduled", 300, "automation.scheduled")
