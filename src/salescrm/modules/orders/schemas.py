"""JSON Schemas for the OpenAPI contract of contracts, orders, invoices, payment plans
and payments: what a field's type alone does not say (positive amounts, exact line
numbers) and rules across fields ("an order or a contract")."""

from __future__ import annotations

from typing import Any

from salescrm.modules.sales.pricing import LINES_SCHEMA
from salescrm.platform.records.openapi import NOT_BLANK
from salescrm.platform.records.values import BLANK_CLASS

RECORD_ID = {"type": "string", "minLength": 1, "maxLength": 64, "pattern": NOT_BLANK}
_B = BLANK_CLASS
# 0.01 up to (not including) 1e16, at most 2 decimals: values.py reads money so.
POSITIVE_MONEY = {"oneOf": [
    {"type": "string", "pattern": rf"^[{_B}]*0*([1-9][0-9]{{0,15}}(\.[0-9]{{1,2}})?"
                                  rf"|0\.(0[1-9]|[1-9][0-9]?))[{_B}]*$"},
    {"type": "number", "minimum": 0.01, "exclusiveMaximum": 1e16, "multipleOf": 0.01}]}
# Lines are read by the same ``sales.pricing.check_line`` as a quote's.
LINES = LINES_SCHEMA


def _one_of_targets() -> dict[str, Any]:
    """A money record is booked against an order or a contract (or both)."""
    return {"anyOf": [{"required": ["order_id"], "properties": {"order_id": RECORD_ID}},
                      {"required": ["contract_id"], "properties": {"contract_id": RECORD_ID}}]}


# Rules across fields of a create, by object (the behaviours join them to the schemas).
CREATE_CONSTRAINTS: dict[str, tuple[dict[str, Any], ...]] = {
    "orders": ({"properties": {"status": {"anyOf": [{"const": "draft"},
                                                    {"type": "null"}]}}},),
    "payments": (_one_of_targets(),),
    "payment_plans": (_one_of_targets(),),
    "invoices": (
    _one_of_targets(),
    {"properties": {"status": {"enum": ["requested", "issued", None]}}},
    # 专票 needs the buyer's taxpayer id.
    {"if": {"required": ["type"], "properties": {"type": {"const": "special"}}},
     "then": {"required": ["tax_number"],
              "properties": {"tax_number": {"type": "string", "pattern": r"\S"}}}},
    ),
}
