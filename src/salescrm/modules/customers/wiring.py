"""Connect customers to the generic routes: duplicate-checked writes of accounts and
contacts. Importing this module registers the objects, the pool job and messages."""

from __future__ import annotations

from salescrm.modules.customers import messages, objects, pool, service  # noqa: F401
from salescrm.platform.records import service as records
from salescrm.platform.records.api import READERS, WRITE_OVERRIDES

for _name in ("accounts", "contacts"):
    WRITE_OVERRIDES[_name] = {**WRITE_OVERRIDES.get(_name, {}), "create": service.create_checked,
                              "update": service.update_checked}
    READERS[_name] = service.reader_after_write(READERS.get(_name, records.get_record))
