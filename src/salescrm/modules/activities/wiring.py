"""What activities and tasks do when written (their behaviours), and the activity
timeline. The app registers it (``salescrm.app.MODULES``)."""

from __future__ import annotations

import salescrm.modules.activities.messages  # registers messages
import salescrm.modules.activities.objects  # noqa: F401  (registers objects)
from salescrm.modules.activities import agenda, service
from salescrm.modules.activities.objects import ACTIVITY_CONSTRAINTS, TASK_CONSTRAINTS
from salescrm.platform.audit.api import TIMELINE_SOURCES
from salescrm.platform.records.behaviour import Behaviour

BEHAVIOURS = {
    "activities": Behaviour(create=service.create_activity, update=service.update_activity,
                            create_constraints=ACTIVITY_CONSTRAINTS),
    "tasks": Behaviour(create=service.create_task, update=service.update_task,
                       create_constraints=TASK_CONSTRAINTS),
}


def connect() -> None:
    if agenda.activity_timeline not in TIMELINE_SOURCES:
        TIMELINE_SOURCES.append(agenda.activity_timeline)
