"""Document numbers (SO202611270001, HT202611270001): a per-tenant, per-day counter.

The counter row is bumped with one UPDATE … RETURNING, which takes the row lock, so
two concurrent orders never draw the same number; the first number of a day inserts
the row inside a savepoint and retries the UPDATE if another transaction won.
"""

from __future__ import annotations

from sqlalchemy import update
from sqlalchemy.exc import IntegrityError

from salescrm.db.types import utcnow
from salescrm.models import NumberSequence
from salescrm.platform.tenancy import Context


def next_value(ctx: Context, name: str) -> int:
    session = ctx.session
    for _attempt in range(3):
        value = session.execute(
            update(NumberSequence).where(NumberSequence.name == name)
            .values(value=NumberSequence.value + 1).returning(NumberSequence.value)
            .execution_options(synchronize_session=False)
        ).scalar()
        if value is not None:
            return int(value)
        try:
            with session.begin_nested():
                session.add(NumberSequence(tenant_id=ctx.tenant_id, name=name, value=1))
            return 1
        except IntegrityError:
            continue
    raise RuntimeError(f"could not draw a number from sequence {name!r}")


def next_number(ctx: Context, prefix: str) -> str:
    """``<prefix><yyyymmdd><nnnn>``, unique within the tenant."""
    day = utcnow().strftime("%Y%m%d")
    return f"{prefix}{day}{next_value(ctx, f'{prefix}:{day}'):04d}"
