"""Adapters that let accounts, contacts and leads be imported in batches while their
create services' rules still apply (see ``platform/imports/adapters.py``):

- the duplicate check is the platform's own (``platform.dedupe``), run per batch;
- accounts and contacts start the customer-pool clock when they have an owner;
- leads get the status guard and the assignment rules, unless the file names an owner.
"""

from __future__ import annotations

from typing import Any

from salescrm.modules.leads import service as leads
from salescrm.platform.imports.adapters import ImportAdapter, register_adapter
from salescrm.platform.metadata import ObjectDef
from salescrm.platform.tenancy import Context


def _start_owner_clock(_ctx: Context, _obj: ObjectDef, row: Any) -> None:
    if row.owner_id and hasattr(row, "assigned_at"):
        row.assigned_at = row.created_at


def _assign_lead(ctx: Context, obj: ObjectDef, values: dict[str, Any]) -> None:
    # An owner column with a value wins; otherwise the rules decide (or the pool).
    leads._assign_unless_owner_given(ctx, obj, values, dict(values))


register_adapter("accounts", ImportAdapter(finish=_start_owner_clock))
register_adapter("contacts", ImportAdapter(finish=_start_owner_clock))
register_adapter("leads", ImportAdapter(prepare=_assign_lead, finish=_start_owner_clock))
