"""Document numbers (SO202611270001, HT202611270001): a per-tenant, per-day counter
(``records.titles.next_value``: concurrent orders never draw the same number)."""

from __future__ import annotations

from salescrm.db.types import utcnow
from salescrm.platform.records.titles import next_value
from salescrm.platform.tenancy import Context


def next_number(ctx: Context, prefix: str) -> str:
    """``<prefix><yyyymmdd><nnnn>``, unique within the tenant."""
    day = utcnow().strftime("%Y%m%d")
    return f"{prefix}{day}{next_value(ctx, f'{prefix}:{day}'):04d}"
