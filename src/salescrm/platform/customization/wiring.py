"""Plug custom-field uniqueness and validation rules into every generic write."""

from __future__ import annotations

from salescrm.platform.customization.checks import check_unique
from salescrm.platform.customization.rules import check_rules
from salescrm.platform.records.service import PRE_WRITE_CHECKS

for _check in (check_unique, check_rules):
    if _check not in PRE_WRITE_CHECKS:
        PRE_WRITE_CHECKS.append(_check)
