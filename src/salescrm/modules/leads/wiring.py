"""What leads and lead assignment rules do when written (their behaviours). The app
registers it (``salescrm.app.MODULES``)."""

from __future__ import annotations

from typing import Any

from salescrm.modules.customers.service import reader_after_write
from salescrm.modules.customers.wiring import start_owner_clock
from salescrm.modules.leads import assignment, messages, objects, service  # noqa: F401
from salescrm.platform.imports.adapters import ImportAdapter
from salescrm.platform.metadata import ObjectDef
from salescrm.platform.records import service as records
from salescrm.platform.records.behaviour import Behaviour
from salescrm.platform.tenancy import Context


def _assign_imported(ctx: Context, obj: ObjectDef, values: dict[str, Any]) -> None:
    # Imported in batches: an owner column with a value wins; otherwise the assignment
    # rules decide (or the pool), as on create.
    service._assign_unless_owner_given(ctx, obj, values, dict(values))


BEHAVIOURS = {
    "leads": Behaviour(create=service.create_lead, update=service.update_lead,
                       reader=reader_after_write(records.get_record),
                       import_adapter=ImportAdapter(prepare=_assign_imported,
                                                    finish=start_owner_clock),
                       dedupe=objects.LEAD_DEDUPE, pool=objects.LEAD_POOL),
    "lead_assignment_rules": Behaviour(create=assignment.create_rule,
                                       update=assignment.update_rule,
                                       delete=assignment.delete_rule,
                                       create_constraints=objects.RULE_CONSTRAINTS),
}
