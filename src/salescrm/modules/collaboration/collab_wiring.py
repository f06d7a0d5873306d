"""The collaboration module: comments on every record's timeline, followers told of
changes and comments, record teams, notifications, and their routes."""

from __future__ import annotations

from typing import Any

import salescrm.modules.collaboration.collab_messages  # noqa: F401  (the module's messages)
from salescrm.modules.collaboration import comments, followers
from salescrm.platform.modules import JobKind, Module, Subscription


def _routers() -> list[Any]:
    from salescrm.modules.collaboration.api import router as notifications
    from salescrm.modules.collaboration.collab_api import router as collaboration

    return [notifications, collaboration]


def _changes_only(_session: Any, _tenant_id: str, kind: str) -> bool:
    """Followers hear of changes only (a new record has none yet)."""
    return kind.endswith(".updated")


MODULE = Module(
    jobs={comments.COMMENT_FOLLOWERS_JOB: JobKind(followers.notify_comment_followers),
          followers.PRUNE_JOB: JobKind(followers.prune_notices, every_seconds=24 * 3600)},
    subscriptions=(Subscription(followers.on_record_updated, _changes_only),),
    timeline_sources=(comments.comment_timeline,),
    routers=_routers,
)
