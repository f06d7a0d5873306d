"""The built-in roles every tenant starts with."""

from __future__ import annotations

from typing import Any

ALL = ["read", "create", "update", "delete", "export", "approve"]
# Company-wide data that only administrators (and roles granted it) change; managers and
# reps read it: the organisation, the exchange rates every figure is converted with, and
# the reference data every deal is priced and staged with (stage probabilities, the
# default pipeline, prices, campaigns, lead routing). Every object without an owner is
# one of these (tests/platform/test_reference_data.py keeps it so).
COMPANY_WIDE = ("users", "departments", "roles", "exchange_rates", "pipelines", "products",
                "price_books", "price_book_entries", "campaigns", "lead_assignment_rules")
READ_ONLY = {name: ["read"] for name in COMPANY_WIDE}

BUILTIN_ROLES: list[dict[str, Any]] = [
    {"key": "admin", "name": "管理员 / Administrator", "data_scope": "all",
     "permissions": {"*": ["*"]}},
    {"key": "sales_manager", "name": "销售经理 / Sales manager",
     "data_scope": "department_and_below", "permissions": {"*": ALL, **READ_ONLY}},
    {"key": "sales_rep", "name": "销售 / Sales rep", "data_scope": "own",
     "permissions": {"*": ["read", "create", "update", "delete", "export"], **READ_ONLY}},
]
