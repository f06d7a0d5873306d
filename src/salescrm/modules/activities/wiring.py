"""Connect activities and tasks to the generic routes, the timeline and the jobs."""

from __future__ import annotations

import salescrm.modules.activities.messages  # registers messages
import salescrm.modules.activities.objects  # noqa: F401  (registers objects)
from salescrm.modules.activities import agenda, service
from salescrm.platform.audit.api import TIMELINE_SOURCES
from salescrm.platform.records.api import WRITE_OVERRIDES

WRITE_OVERRIDES["activities"] = {"create": service.create_activity,
                                 "update": service.update_activity}
WRITE_OVERRIDES["tasks"] = {"create": service.create_task, "update": service.update_task}
if agenda.activity_timeline not in TIMELINE_SOURCES:
    TIMELINE_SOURCES.append(agenda.activity_timeline)
