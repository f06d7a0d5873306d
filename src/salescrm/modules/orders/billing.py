"""What invoices, payment plans and payments share: the order or contract they are
booked against, locked for the whole write so balances stay exact under concurrency."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from salescrm.models import Contract, Order
from salescrm.modules.orders.common import lock, status_name
from salescrm.modules.orders.service import NOT_PAYABLE
from salescrm.platform.errors import FieldError


@dataclass
class Target:
    """The order and/or contract a money record belongs to (order first: lock order)."""

    order: Order | None
    contract: Contract | None

    @property
    def main(self) -> Order | Contract:
        return self.order if self.order is not None else self.contract  # type: ignore[return-value]

    @property
    def total(self) -> Decimal:
        return self.order.total if self.order is not None else self.contract.amount  # type: ignore[union-attr]

    def defaults(self, values: dict[str, Any]) -> None:
        """Account, contract and owner follow the order/contract: the rep who owns the
        deal sees its money."""
        values["account_id"] = self.main.account_id
        values["contract_id"] = self.contract.id if self.contract is not None else None
        if values.get("owner_id") is None:
            values["owner_id"] = self.main.owner_id


def resolve_target(ctx: Any, values: dict[str, Any], errors: list[dict[str, Any]],
                   current: Any = None) -> Target | None:
    """Lock the order (then the contract) named in ``values`` or on ``current``.

    Neither given → a 422 naming ``order_id``; a contract that is not the order's →
    ``contract_id``; a cancelled or rejected order takes no money → ``order_id``.
    """
    if current is not None:
        for name in ("order_id", "contract_id"):
            if name in values and values[name] != getattr(current, name) and not (
                    name == "contract_id" and values[name] is None):
                errors.append(FieldError(name, "orders.target_fixed"))
        order_id, contract_id = current.order_id, current.contract_id
    else:
        order_id, contract_id = values.get("order_id"), values.get("contract_id")
    if not order_id and not contract_id:
        if not any(e["field"] in ("order_id", "contract_id") for e in errors):
            errors.append(FieldError("order_id", "orders.target_required"))
        return None
    order = lock(ctx, Order, order_id) if order_id else None
    if order is not None and contract_id and order.contract_id != contract_id:
        errors.append(FieldError("contract_id", "orders.target_mismatch"))
    contract_id = order.contract_id if order is not None else contract_id
    contract = lock(ctx, Contract, contract_id) if contract_id else None
    if order is not None and order.status in NOT_PAYABLE and current is None:
        errors.append(FieldError("order_id", "orders.not_payable",
                                 state=status_name("orders", order.status)))
    if order is None and contract is None:
        return None  # the lookup check already named the field
    return Target(order, contract)
