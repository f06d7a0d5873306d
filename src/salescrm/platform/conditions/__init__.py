"""One small, validated JSON condition language (see ``tree``)."""

from salescrm.platform.conditions.tree import (
    OPS,
    check,
    evaluate,
    fields_used,
    ops_for,
    require_valid,
)

__all__ = ["OPS", "check", "evaluate", "fields_used", "ops_for", "require_valid"]
