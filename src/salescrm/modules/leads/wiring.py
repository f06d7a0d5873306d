"""The leads module: leads and lead assignment rules and what they do when written
(routing by the rules, the lead pool, duplicate checks, batched imports), and the
routes (conversion, claiming)."""

from __future__ import annotations

from typing import Any

import salescrm.modules.leads.messages  # noqa: F401  (the module's messages)
from salescrm.modules.customers.service import reader_after_write
from salescrm.modules.customers.wiring import start_owner_clock
from salescrm.modules.leads import assignment, objects, service
from salescrm.platform.imports.adapters import ImportAdapter
from salescrm.platform.metadata import ObjectDef
from salescrm.platform.modules import Module
from salescrm.platform.records import service as records
from salescrm.platform.records.behaviour import Behaviour
from salescrm.platform.tenancy import Context


def _assign_imported(ctx: Context, obj: ObjectDef, values: dict[str, Any]) -> None:
    # Imported in batches: an owner column with a value wins; otherwise the assignment
    # rules decide (or the pool), as on create.
    service._assign_unless_owner_given(ctx, obj, values, dict(values))


def _routers() -> list[Any]:
    from salescrm.modules.leads.api import router

    return [router]


MODULE = Module(
    objects=(objects.LEADS, objects.LEAD_ASSIGNMENT_RULES),
    behaviours={
        "leads": Behaviour(create=service.create_lead, update=service.update_lead,
                           reader=reader_after_write(records.get_record),
                           import_adapter=ImportAdapter(prepare=_assign_imported,
                                                        finish=start_owner_clock),
                           dedupe=objects.LEAD_DEDUPE, pool=objects.LEAD_POOL),
        "lead_assignment_rules": Behaviour(create=assignment.create_rule,
                                           update=assignment.update_rule,
                                           delete=assignment.delete_rule,
                                           create_constraints=objects.RULE_CONSTRAINTS),
    },
    routers=_routers,
)
