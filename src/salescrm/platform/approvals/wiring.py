"""Plug the approvals engine into the records layer, events and timelines."""

from __future__ import annotations

from salescrm.platform.approvals.engine import check_lock
from salescrm.platform.approvals.reassign import approval_timeline, on_user_event
from salescrm.platform.audit.api import TIMELINE_SOURCES
from salescrm.platform.jobs import subscribe
from salescrm.platform.records.service import PRE_WRITE_CHECKS


def connect() -> None:
    if check_lock not in PRE_WRITE_CHECKS:
        PRE_WRITE_CHECKS.insert(0, check_lock)  # locked beats every other complaint
    # Only a user's deactivation or deletion concerns it.
    subscribe(on_user_event, lambda _s, _t, kind: kind in ("users.updated", "users.deleted"))
    if approval_timeline not in TIMELINE_SOURCES:
        TIMELINE_SOURCES.append(approval_timeline)
