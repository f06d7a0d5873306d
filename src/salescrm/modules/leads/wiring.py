"""Connect leads and assignment rules to the generic routes."""

from __future__ import annotations

from salescrm.modules.customers.service import reader_after_write
from salescrm.modules.leads import assignment, messages, objects, service  # noqa: F401
from salescrm.platform.records import service as records
from salescrm.platform.records.api import READERS, WRITE_OVERRIDES

WRITE_OVERRIDES["leads"] = {"create": service.create_lead, "update": service.update_lead}
READERS["leads"] = reader_after_write(READERS.get("leads", records.get_record))
WRITE_OVERRIDES["lead_assignment_rules"] = {"create": assignment.create_rule,
                                            "update": assignment.update_rule,
                                            "delete": assignment.delete_rule}
