"""Connect campaigns to the generic routes."""

from __future__ import annotations

from salescrm.modules.marketing import messages, objects, service  # noqa: F401
from salescrm.platform.records.api import READERS, WRITE_OVERRIDES

WRITE_OVERRIDES["campaigns"] = {"create": service.create_campaign,
                                "update": service.update_campaign}
READERS["campaigns"] = service.read_campaign
