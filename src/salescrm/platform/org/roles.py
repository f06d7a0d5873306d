"""The built-in roles every tenant starts with."""

from __future__ import annotations

from typing import Any

ALL = ["read", "create", "update", "delete", "export", "approve"]
# What only administrators change: the organisation, and the exchange rates every
# figure is converted with.
ORG_READ_ONLY = {"users": ["read"], "departments": ["read"], "roles": ["read"],
                 "exchange_rates": ["read"]}

BUILTIN_ROLES: list[dict[str, Any]] = [
    {"key": "admin", "name": "管理员 / Administrator", "data_scope": "all",
     "permissions": {"*": ["*"]}},
    {"key": "sales_manager", "name": "销售经理 / Sales manager",
     "data_scope": "department_and_below", "permissions": {"*": ALL, **ORG_READ_ONLY}},
    {"key": "sales_rep", "name": "销售 / Sales rep", "data_scope": "own",
     "permissions": {"*": ["read", "create", "update", "delete", "export"], **ORG_READ_ONLY}},
]
