"""Webhooks receive every event (the subscriber filters by subscription)."""

from __future__ import annotations

import salescrm.platform.webhooks.delivery  # noqa: F401  (registers the delivery job)
from salescrm.platform.jobs import SUBSCRIBERS
from salescrm.platform.webhooks.subscriptions import on_event

if on_event not in SUBSCRIBERS:
    SUBSCRIBERS.append(on_event)
