"""Webhooks receive every event (the subscriber filters by subscription)."""

from __future__ import annotations

import salescrm.platform.webhooks.delivery  # noqa: F401  (registers the delivery job)
from salescrm.platform.jobs import subscribe
from salescrm.platform.webhooks.subscriptions import on_event, wants


def connect() -> None:
    subscribe(on_event, wants)
