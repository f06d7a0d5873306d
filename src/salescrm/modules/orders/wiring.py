"""Connect the orders services to the generic routes and to the approvals engine."""

from __future__ import annotations

from typing import Any

import salescrm.modules.orders.messages  # registers messages
import salescrm.modules.orders.objects  # noqa: F401  (registers objects)
from salescrm.modules.orders import invoices, payments, service
from salescrm.platform.approvals.hooks import APPROVAL_HOOKS, SUBMIT_CHECKS
from salescrm.platform.metadata import ObjectDef
from salescrm.platform.records.api import WRITE_OVERRIDES
from salescrm.platform.tenancy import Context


def _create_order(ctx: Context, _obj: ObjectDef, body: Any, params: Any = None) -> Any:
    return service.create_order(ctx, body, params)


def _to(status: str) -> Any:
    def hook(ctx: Context, record_id: str) -> None:
        service.change_status(ctx, record_id, status, scoped=False)
    hook.__name__ = f"order_{status}"
    return hook


WRITE_OVERRIDES["contracts"] = {"create": service.create_contract,
                                "update": service.update_contract,
                                "delete": service.delete_contract}
WRITE_OVERRIDES["orders"] = {"create": _create_order, "update": service.update_order,
                             "delete": service.delete_order}
WRITE_OVERRIDES["invoices"] = {"create": invoices.create_invoice,
                               "update": invoices.update_invoice,
                               "delete": invoices.delete_invoice}
WRITE_OVERRIDES["payments"] = {"create": payments.create_payment,
                               "update": payments.update_payment,
                               "delete": payments.delete_payment}
WRITE_OVERRIDES["payment_plans"] = {"create": payments.create_plan,
                                    "update": payments.update_plan,
                                    "delete": payments.delete_plan}

APPROVAL_HOOKS["orders"] = {"submitted": _to("submitted"), "approved": _to("approved"),
                            "rejected": _to("rejected"), "withdrawn": _to("draft")}
SUBMIT_CHECKS["orders"] = service.submit_check
