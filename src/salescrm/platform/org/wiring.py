"""Connect the organisation services to the generic routes (writes with side effects)."""

from __future__ import annotations

import salescrm.platform.org.docs
import salescrm.platform.org.imports  # noqa: F401  (importing users)
from salescrm.platform.org import service
from salescrm.platform.records.api import READERS, WRITE_OVERRIDES

WRITE_OVERRIDES["users"] = {"create": service.create_user, "update": service.update_user,
                            "delete": service.delete_user}
WRITE_OVERRIDES["roles"] = {"create": service.create_role, "update": service.update_role,
                            "delete": service.delete_role}
WRITE_OVERRIDES["departments"] = {"update": service.update_department,
                                  "delete": service.delete_department}
READERS["users"] = service.read_user
