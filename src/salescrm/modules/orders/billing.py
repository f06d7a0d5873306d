"""What invoices, payment plans and payments share: the order or contract they are
booked against, locked for the whole write so balances stay exact under concurrency."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from salescrm.models import Contract, Order
from salescrm.modules.orders.common import lock, status_name
from salescrm.modules.orders.service import (
    CONTRACT_NO_PLANS,
    CONTRACT_NOT_PAYABLE,
    NOT_PAYABLE,
    PAYABLE,
)
from salescrm.platform.errors import FieldError, ProblemError
from salescrm.platform.i18n import t


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
                   current: Any = None, money: bool = True) -> Target | None:
    """Lock the order (then the contract) named in ``values`` or on ``current``.

    Neither given → a 422 naming ``order_id``; a contract that is not the order's →
    ``contract_id``. A new record must fit the state of what it is booked against:
    see :func:`_check_state`. ``money`` is False for a payment plan (a schedule).
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
    if order is None and contract is None:
        return None  # the lookup check already named the field
    if current is None:
        # An existing record stays editable whatever its order became since.
        _check_state(Target(order, contract), money, errors)
    return Target(order, contract)


def _check_state(target: Target, money: bool, errors: list[dict[str, Any]]) -> None:
    """Money (payments, invoices) only against an approved or fulfilled order, or a
    contract in force when booked without an order; plans also on a draft order or
    contract, never on a cancelled/rejected order or a terminated contract.

    A submitted order waits for its approval: 409 like every other write to it.
    """
    order, contract = target.order, target.contract
    if order is not None:
        if money and order.status == "submitted":
            raise ProblemError(409, "orders.locked", state=status_name("orders", order.status))
        if order.status in NOT_PAYABLE or (money and order.status not in PAYABLE):
            state = status_name("orders", order.status)
            error = FieldError("order_id", "orders.not_payable", state=state)
            if order.status == "draft":
                error["message"] = t("orders.not_payable_draft", state=state)
            errors.append(error)
    elif contract is not None and contract.status in (
            CONTRACT_NOT_PAYABLE if money else CONTRACT_NO_PLANS):
        errors.append(FieldError("contract_id", "contracts.not_payable",
                                 state=status_name("contracts", contract.status)))
