"""JSON Schemas for the OpenAPI contract of contracts, orders, invoices, payment plans
and payments: what a field's type alone does not say (positive amounts, exact line
numbers) and rules across fields ("an order or a contract")."""

from __future__ import annotations

from typing import Any

from salescrm.platform.records.openapi import CREATE_CONSTRAINTS

RECORD_ID = {"type": "string", "minLength": 1, "maxLength": 64, "pattern": r"\S"}
POSITIVE_MONEY = {"oneOf": [
    {"type": "string", "pattern": r"^([1-9]\d{0,15}(\.\d{1,2})?|0?\.(0[1-9]|[1-9]\d?))$"},
    {"type": "number", "minimum": 0.01, "maximum": 1e15, "multipleOf": 0.01}]}
QUANTITY = {"description": "> 0, up to 4 decimals", "oneOf": [
    {"type": "string", "pattern": r"^([1-9]\d{0,8}(\.\d{1,4})?|0?\.\d{0,3}[1-9])$"},
    {"type": "number", "exclusiveMinimum": 0, "maximum": 1e9, "multipleOf": 0.0001}]}
UNIT_PRICE = {"description": ">= 0, 2 decimals; the product's list price when omitted",
              "oneOf": [{"type": "string", "pattern": r"^\d{1,13}(\.\d{1,2})?$"},
                        {"type": "number", "minimum": 0, "maximum": 1e12,
                         "multipleOf": 0.01}]}
DISCOUNT = {"description": "percent, 0–100", "oneOf": [
    {"type": "string", "pattern": r"^(100(\.0{1,4})?|\d{1,2}(\.\d{1,4})?)$"},
    {"type": "number", "minimum": 0, "maximum": 100, "multipleOf": 0.0001}]}
LINES = {"type": "array", "maxItems": 500, "items": {
    "type": "object", "required": ["quantity"], "additionalProperties": False,
    # Without a product the line must name its price.
    "anyOf": [{"required": ["unit_price"], "properties": {"unit_price": UNIT_PRICE}},
              {"required": ["product_id"], "properties": {"product_id": RECORD_ID}}],
    "properties": {
        "product_id": {"anyOf": [RECORD_ID, {"type": "null"}]},
        "quantity": QUANTITY,
        "unit_price": {"anyOf": [UNIT_PRICE, {"type": "null"}]},
        "discount": {"anyOf": [DISCOUNT, {"type": "null"}]},
        "description": {"anyOf": [{"type": "string", "maxLength": 500}, {"type": "null"}]},
        "amount": {"type": "string", "readOnly": True,
                   "description": "quantity × unit_price × (1 − discount/100), cents half-up"},
    }}}


def _one_of_targets() -> dict[str, Any]:
    """A money record is booked against an order or a contract (or both)."""
    return {"anyOf": [{"required": ["order_id"], "properties": {"order_id": RECORD_ID}},
                      {"required": ["contract_id"], "properties": {"contract_id": RECORD_ID}}]}


CREATE_CONSTRAINTS["orders"] = [
    {"properties": {"status": {"anyOf": [{"const": "draft"}, {"type": "null"}]}}}]
CREATE_CONSTRAINTS["payments"] = [_one_of_targets()]
CREATE_CONSTRAINTS["payment_plans"] = [_one_of_targets()]
CREATE_CONSTRAINTS["invoices"] = [
    _one_of_targets(),
    {"properties": {"status": {"enum": ["requested", "issued", None]}}},
    # 专票 needs the buyer's taxpayer id.
    {"if": {"required": ["type"], "properties": {"type": {"const": "special"}}},
     "then": {"required": ["tax_number"],
              "properties": {"tax_number": {"type": "string", "pattern": r"\S"}}}},
]
