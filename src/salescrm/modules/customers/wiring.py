"""The customers module: accounts and contacts and what they do when written —
duplicate-checked writes, the customer pool (公海) and its clock, the batched import
that stays faithful to them (``platform/imports/adapters.py``) — the hourly return of
records nobody followed up to the pool, and the routes (pool, merge, 360° view)."""

from __future__ import annotations

from typing import Any

import salescrm.modules.customers.messages  # noqa: F401  (the module's messages)
from salescrm.modules.customers import objects, pool, service
from salescrm.platform.dedupe import DedupeSpec
from salescrm.platform.imports.adapters import ImportAdapter
from salescrm.platform.metadata import ObjectDef
from salescrm.platform.modules import JobKind, Module
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


def _routers() -> list[Any]:
    from salescrm.modules.customers.api import router
    from salescrm.modules.customers.overview_api import router as overview

    return [router, overview]


MODULE = Module(
    objects=(objects.ACCOUNTS, objects.CONTACTS),
    behaviours={"accounts": _customer(objects.ACCOUNT_DEDUPE, pool.ACCOUNT_POOL),
                "contacts": _customer(objects.CONTACT_DEDUPE)},
    jobs={"pools.return_stale": JobKind(pool.return_stale_job, every_seconds=3600),
          "pools.return_stale_tenant": JobKind(pool.return_stale_tenant_job)},
    routers=_routers,
)
