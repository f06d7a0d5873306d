"""The activities module: activities and tasks (what they do when written), the
activity timeline of every record, task reminders, and the agenda routes."""

from __future__ import annotations

from typing import Any

import salescrm.modules.activities.messages  # noqa: F401  (the module's messages)
from salescrm.modules.activities import agenda, objects, service
from salescrm.platform.modules import JobKind, Module
from salescrm.platform.records.behaviour import Behaviour


def _routers() -> list[Any]:
    from salescrm.modules.activities.api import router

    return [router]


MODULE = Module(
    objects=(objects.ACTIVITIES, objects.TASKS),
    behaviours={
        "activities": Behaviour(create=service.create_activity, update=service.update_activity,
                                create_constraints=objects.ACTIVITY_CONSTRAINTS),
        "tasks": Behaviour(create=service.create_task, update=service.update_task,
                           create_constraints=objects.TASK_CONSTRAINTS),
    },
    jobs={"tasks.send_reminders": JobKind(agenda.reminders_job, every_seconds=60)},
    timeline_sources=(agenda.activity_timeline,),
    routers=_routers,
)
