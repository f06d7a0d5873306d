"""The orders module: contracts, orders, invoices, payment plans and payments and what
they do when written — including how orders move with their approvals — the hourly
marking of overdue payment plans, and the routes."""

from __future__ import annotations

from typing import Any

import salescrm.modules.orders.messages  # noqa: F401  (the module's messages)
from salescrm.modules.orders import invoices, objects, payments, service
from salescrm.modules.orders.schemas import CREATE_CONSTRAINTS
from salescrm.platform.metadata import ObjectDef
from salescrm.platform.modules import JobKind, Module
from salescrm.platform.records.behaviour import Behaviour
from salescrm.platform.tenancy import Context


def _create_order(ctx: Context, _obj: ObjectDef, body: Any, params: Any = None) -> Any:
    return service.create_order(ctx, body, params)


def _to(status: str) -> Any:
    def hook(ctx: Context, record_id: str) -> None:
        service.change_status(ctx, record_id, status, scoped=False)
    hook.__name__ = f"order_{status}"
    return hook


def _routers() -> list[Any]:
    from salescrm.modules.orders.api import router

    return [router]


MODULE = Module(
    objects=(objects.CONTRACTS, objects.ORDERS, objects.INVOICES, objects.PAYMENT_PLANS,
             objects.PAYMENTS),
    behaviours={
        "contracts": Behaviour(create=service.create_contract, update=service.update_contract,
                               delete=service.delete_contract),
        "orders": Behaviour(
            create=_create_order, update=service.update_order, delete=service.delete_order,
            create_constraints=CREATE_CONSTRAINTS["orders"],
            approval_hooks={"submitted": _to("submitted"), "approved": _to("approved"),
                            "rejected": _to("rejected"), "withdrawn": _to("draft")},
            submit_check=service.submit_check),
        "invoices": Behaviour(create=invoices.create_invoice, update=invoices.update_invoice,
                              delete=invoices.delete_invoice,
                              create_constraints=CREATE_CONSTRAINTS["invoices"]),
        "payments": Behaviour(create=payments.create_payment, update=payments.update_payment,
                              delete=payments.delete_payment,
                              create_constraints=CREATE_CONSTRAINTS["payments"]),
        "payment_plans": Behaviour(create=payments.create_plan, update=payments.update_plan,
                                   delete=payments.delete_plan,
                                   create_constraints=CREATE_CONSTRAINTS["payment_plans"]),
    },
    jobs={"payment_plans.mark_overdue": JobKind(payments.mark_overdue_job,
                                                every_seconds=3600)},
    routers=_routers,
)
