"""Connect comments, followers and record teams to the timeline, events and jobs."""

from __future__ import annotations

import salescrm.modules.collaboration.collab_messages  # noqa: F401  (registers messages)
from salescrm.modules.collaboration import comments, followers
from salescrm.platform.audit.api import TIMELINE_SOURCES
from salescrm.platform.jobs import SUBSCRIBERS, schedule

if comments.comment_timeline not in TIMELINE_SOURCES:
    TIMELINE_SOURCES.append(comments.comment_timeline)
if followers.on_record_updated not in SUBSCRIBERS:
    SUBSCRIBERS.append(followers.on_record_updated)
schedule(followers.PRUNE_JOB, 24 * 3600, followers.PRUNE_JOB)
