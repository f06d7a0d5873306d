"""What accounts and contacts do when written (their behaviours): duplicate-checked
writes, the customer-pool clock, and the batched import that stays faithful to them
(see ``platform/imports/adapters.py``). The app registers it (``salescrm.app.MODULES``);
importing this module registers the objects, the pool job and messages."""

from __future__ import annotations

from typing import Any

from salescrm.modules.customers import messages, objects, pool, service  # noqa: F401
from salescrm.platform.dedupe import DedupeSpec
from salescrm.platform.imports.adapters import ImportAdapter
from salescrm.platform.metadata import ObjectDef
from salescrm.platform.records import service as records
from salescrm.platform.records.behaviour import Behaviour, PoolKind
from salescrm.platform.tenancy import Context


def start_owner_clock(_ctx: Context, _obj: ObjectDef, row: Any) -> None:
    """Imported in batches: a record with an owner starts the customer-pool clock (the
    duplicate check is the platform's own, ``platform.dedupe``, run per batch)."""
    if row.owner_id and hasattr(row, "assigned_at"):
        row.assigned_at = row.created_at


def _customer(dedupe: DedupeSpec, pooled: PoolKind | None = None) -> Behaviour:
    return Behaviour(create=service.create_checked, update=service.update_checked,
                     reader=service.reader_after_write(records.get_record),
                     import_adapter=ImportAdapter(finish=start_owner_clock), dedupe=dedupe,
                     pool=pooled)


BEHAVIOURS = {"accounts": _customer(objects.ACCOUNT_DEDUPE, pool.ACCOUNT_POOL),
              "contacts": _customer(objects.CONTACT_DEDUPE)}
