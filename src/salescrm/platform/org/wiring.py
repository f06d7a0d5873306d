"""What users, roles and departments do when written (writes with side effects). The
app registers it (``salescrm.app.MODULES``)."""

from __future__ import annotations

import salescrm.platform.org.imports  # noqa: F401  (importing users)
from salescrm.platform.org import docs, service
from salescrm.platform.records.behaviour import Behaviour

BEHAVIOURS = {
    "users": Behaviour(create=service.create_user, update=service.update_user,
                       delete=service.delete_user, reader=service.read_user,
                       input_schema=docs.users_input),
    "roles": Behaviour(create=service.create_role, update=service.update_role,
                       delete=service.delete_role, input_schema=docs.roles_input),
    "departments": Behaviour(update=service.update_department,
                             delete=service.delete_department),
}
