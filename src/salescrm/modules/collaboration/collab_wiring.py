"""Connect comments, followers and record teams to the timeline, events and jobs."""

from __future__ import annotations

import salescrm.modules.collaboration.collab_messages  # noqa: F401  (registers messages)
from salescrm.modules.collaboration import comments, followers
from salescrm.platform.audit.api import TIMELINE_SOURCES
from salescrm.platform.jobs import schedule, subscribe


def connect() -> None:
    if comments.comment_timeline not in TIMELINE_SOURCES:
        TIMELINE_SOURCES.append(comments.comment_timeline)
    # Followers hear of changes only (a new record has none yet).
    subscribe(followers.on_record_updated, lambda _s, _t, kind: kind.endswith(".updated"))
    schedule(followers.PRUNE_JOB, 24 * 3600, followers.PRUNE_JOB)
