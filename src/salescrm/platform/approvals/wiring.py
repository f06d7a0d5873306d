"""The approvals engine in the app: a record with a pending approval is locked against
every write (checked before anything else), approvers who leave hand their steps
on, each record's timeline shows its approvals, and the routes."""

from __future__ import annotations

from typing import Any

import salescrm.platform.approvals.messages  # noqa: F401  (the engine's messages)
from salescrm.platform.approvals.engine import check_lock
from salescrm.platform.approvals.reassign import approval_timeline, on_user_event
from salescrm.platform.modules import Module, PreWriteCheck, Subscription


def _routers() -> list[Any]:
    from salescrm.platform.approvals.api import router

    return [router]


def _users_leaving(_session: Any, _tenant_id: str, kind: str) -> bool:
    """Only a user's deactivation or deletion concerns it."""
    return kind in ("users.updated", "users.deleted")


MODULE = Module(
    pre_write_checks=(PreWriteCheck(check_lock, first=True),),
    subscriptions=(Subscription(on_user_event, _users_leaving),),
    timeline_sources=(approval_timeline,),
    routers=_routers,
)
