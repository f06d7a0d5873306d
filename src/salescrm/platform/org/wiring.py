"""The organisation in the app: users, departments and roles and what they do when
written (writes with side effects: passwords, role links, sessions revoked)."""

from __future__ import annotations

from typing import Any

from salescrm.platform.modules import JobKind, Module
from salescrm.platform.org import docs, imports, objects, password_resets, service
from salescrm.platform.records.behaviour import Behaviour


def _routers() -> list[Any]:
    from salescrm.platform.org.reset_api import router as password_reset

    return [password_reset]


MODULE = Module(
    objects=(objects.USERS, objects.DEPARTMENTS, objects.ROLES),
    behaviours={
        "users": Behaviour(create=service.create_user, update=service.update_user,
                           delete=service.delete_user, reader=service.read_user,
                           input_schema=docs.users_input, import_extras=imports.USER_IMPORT),
        "roles": Behaviour(create=service.create_role, update=service.update_role,
                           delete=service.delete_role, input_schema=docs.roles_input),
        "departments": Behaviour(update=service.update_department,
                                 delete=service.delete_department),
    },
    jobs={password_resets.EMAIL_JOB: JobKind(password_resets.send_reset_email)},
    routers=_routers,
)
