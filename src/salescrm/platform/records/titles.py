"""A custom object's record title: one of its own text fields, or an auto-number.

The title is what lists, search, lookups, exports and messages show for a record.
Custom records keep a copy of it in their ``name`` column (lookups by name in
imports, lookup columns in exports read it). An auto-number title such as
``EQ-{YYYY}-{0000}`` is drawn from a per-tenant, per-object counter in the write's
own transaction, so a rolled-back create gives its number back and two concurrent
creates never share one.
"""

from __future__ import annotations

import re
from datetime import datetime
from typing import Any

from sqlalchemy import update
from sqlalchemy.exc import IntegrityError

from salescrm.db.types import utcnow
from salescrm.models import NumberSequence
from salescrm.platform.metadata import ObjectDef
from salescrm.platform.tenancy import Context

TITLE_LENGTH = 200  # custom_records.name
FORMAT_LENGTH = 100
_TOKEN = re.compile(r"\{([^{}]*)\}")
_DATE_TOKENS = {"YYYY": "%Y", "YY": "%y", "MM": "%m", "DD": "%d"}
_COUNTER = re.compile(r"0{1,10}")
# The same rule as one pattern, for the OpenAPI document (literal text has no braces
# and no control characters).
_LITERAL = r"[^{}\u0000-\u001f\u007f]*"
_DATE = rf"(\{{(YYYY|YY|MM|DD)\}}{_LITERAL})*"
AUTO_NUMBER_PATTERN = rf"^{_LITERAL}{_DATE}\{{0{{1,10}}\}}{_LITERAL}{_DATE}$"


def auto_number_error(fmt: Any) -> str | None:
    """The message key of what is wrong with an auto-number format, or None.

    Literal text, the date tokens ``{YYYY} {YY} {MM} {DD}`` and exactly one counter
    token ``{0000}`` (as many zeros as the zero-padded width, 1–10)."""
    if not isinstance(fmt, str) or not 0 < len(fmt) <= FORMAT_LENGTH \
            or not re.fullmatch(AUTO_NUMBER_PATTERN, fmt):
        return "custom.auto_number_format"
    return None


def render(fmt: str, number: int, when: datetime) -> str:
    """``EQ-{YYYY}-{0000}`` with 7 on 2026-12-04 → ``EQ-2026-0007`` (a number wider than
    its padding is written in full)."""
    def token(m: re.Match[str]) -> str:
        t = m.group(1)
        return when.strftime(_DATE_TOKENS[t]) if t in _DATE_TOKENS else f"{number:0{len(t)}d}"

    return _TOKEN.sub(token, fmt)


def next_value(ctx: Context, name: str) -> int:
    """The next value of the tenant's counter ``name`` (1, 2, …).

    One UPDATE … RETURNING takes the counter row's lock until the transaction ends,
    so concurrent writers queue on it; the first value inserts the row inside a
    savepoint and retries the UPDATE if another transaction inserted it first."""
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


def counter_name(object_name: str) -> str:
    # "@" cannot start a document-number prefix, and an api name has at most 63 characters.
    return f"@{object_name}"


def number_new_record(ctx: Context, obj: ObjectDef, values: dict[str, Any]) -> None:
    """Put the next auto-number in a new record's values (a no-op for other objects)."""
    if obj.auto_number:
        values[obj.name_field] = render(obj.auto_number,
                                        next_value(ctx, counter_name(obj.api_name)), utcnow())


def title_of(obj: ObjectDef, values: dict[str, Any]) -> str:
    """The ``name`` column's copy of the title, from a record's (new) values."""
    return str(values.get(obj.name_field) or "")[:TITLE_LENGTH]
