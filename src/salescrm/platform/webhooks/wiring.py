"""Webhooks in the app: every event goes to the subscriber (it keeps those a webhook
subscribes to), deliveries run as jobs, and the webhooks' routes."""

from __future__ import annotations

from typing import Any

from salescrm.platform.modules import JobKind, Module, Subscription
from salescrm.platform.webhooks import delivery
from salescrm.platform.webhooks.subscriptions import on_event, wants


def _routers() -> list[Any]:
    from salescrm.platform.webhooks.api import router

    return [router]


MODULE = Module(
    jobs={delivery.JOB_KIND: JobKind(delivery.deliver)},
    subscriptions=(Subscription(on_event, wants),),
    routers=_routers,
)
