"""SQL building blocks that differ between SQLite and PostgreSQL: date buckets, day
arithmetic, and the guard (statement timeout) every analytics query runs under.

Constant arguments (formats, time zones, bucket units) are rendered as SQL literals
from whitelists, never bound: PostgreSQL would otherwise see ``to_char(x, $1)`` in
the select list and ``to_char(x, $2)`` in GROUP BY as different expressions.
"""

from __future__ import annotations

import re
import time
import typing
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from sqlalchemy import (
    BigInteger,
    Date,
    DateTime,
    Float,
    Integer,
    Numeric,
    String,
    case,
    cast,
    extract,
    func,
    literal,
    literal_column,
    text,
    type_coerce,
)
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session
from sqlalchemy.sql.elements import ColumnElement

from salescrm.platform.errors import ProblemError

BUCKETS = ("day", "week", "month", "quarter", "year")
_TZ_RE = re.compile(r"^[A-Za-z0-9_+\-/]{1,64}$")


@dataclass
class Limits:
    """How long one analytics statement may run and how many rows a report returns.

    Operators may change these at start-up; tests shrink them to see the guard work.
    """

    timeout_ms: int = 15_000
    # A tenant's first forecast computes the stage rates inline for at most this
    # long; beyond it the stage probabilities answer and a background job computes.
    first_rates_ms: int = 5_000
    max_rows: int = 10_000
    default_rows: int = 1_000
    work_mem: str = "64MB"
    export_rows: int = 100_000


LIMITS = Limits()


def dialect_of(session: Session) -> str:
    return session.get_bind().dialect.name


def num(value: int | float) -> Any:
    """A numeric constant rendered inline (see the module docstring)."""
    return literal_column(repr(value), Float if isinstance(value, float) else Integer)


def lit(value: str) -> Any:
    """A whitelisted constant as an SQL string literal (see the module docstring)."""
    return literal_column("'" + value.replace("'", "''") + "'", String)


MICROS = 1_000_000


def money_times(amount: Any, scaled: Any, scale: int, dialect: str) -> Any:
    """``amount × scaled / scale`` rounded half-up to the cent, exact on both databases.

    A fractional factor (a win rate, an exchange rate) is passed as a whole number of
    1/scale: SQLite binds a Decimal as a float, and money kept as integer cents times a
    float is a float whose rounding differs from PostgreSQL's NUMERIC (issue 10.7).
    The result is money in the column's own form (NUMERIC there, integer cents here)."""
    if dialect == "postgresql":
        return func.round(amount * scaled / literal(scale, Numeric(18, 0)), 2)
    # Integer cents: round half away from zero, then drop the fraction of a cent. Typed
    # as plain integers, or the money type would scale the literals and divide as REAL.
    product = type_coerce(amount, BigInteger) * type_coerce(scaled, BigInteger)
    half, whole = literal(scale // 2, BigInteger), literal(scale, BigInteger)
    return case((product >= 0, (product + half) // whole),
                else_=-((-product + half) // whole))


def check_timezone(name: str) -> ZoneInfo | None:
    if not _TZ_RE.match(name):
        return None
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return None


def _sqlite_offset(tz: str) -> str | None:
    """SQLite knows only fixed offsets: the zone's offset now (exact for zones without
    daylight saving, such as Asia/Shanghai)."""
    zone = check_timezone(tz)
    if zone is None or tz == "UTC":
        return None
    offset = datetime.now(UTC).astimezone(zone).utcoffset()
    minutes = int(offset.total_seconds() // 60) if offset else 0
    return f"{minutes:+d} minutes" if minutes else None


def local_time(expr: Any, dialect: str, tz: str, *, is_date: bool) -> Any:
    """A timestamp seen on the wall clock of ``tz`` (dates stay dates)."""
    if is_date:
        return expr
    if dialect == "postgresql":
        return func.timezone(lit(tz), expr)
    offset = _sqlite_offset(tz)
    return func.datetime(expr, lit(offset)) if offset else expr


def bucket(expr: Any, unit: str, dialect: str, tz: str, *, is_date: bool) -> ColumnElement[str]:
    """A text label of the period ``expr`` falls in: ``2026-11-27`` (day), ``2026-11-23``
    (the Monday of its week), ``2026-11``, ``2026-Q4``, ``2026``. Labels sort in time order."""
    local = local_time(expr, dialect, tz, is_date=is_date)
    if dialect == "postgresql":
        if unit == "week":
            return func.to_char(func.date_trunc(lit("week"), local), lit("YYYY-MM-DD"))
        fmt = {"day": "YYYY-MM-DD", "month": "YYYY-MM", "quarter": 'YYYY-"Q"Q',
               "year": "YYYY"}[unit]
        return func.to_char(local, lit(fmt))
    if unit == "week":
        return func.date(local, lit("weekday 0"), lit("-6 days"))
    if unit == "quarter":
        month = cast(func.strftime(lit("%m"), local), Integer)
        return typing.cast("ColumnElement[str]", func.strftime(lit("%Y"), local) + lit("-Q")
                           + cast((month + num(2)) // num(3), String))
    fmt = {"day": "%Y-%m-%d", "month": "%Y-%m", "year": "%Y"}[unit]
    return func.strftime(lit(fmt), local)


def days_between(start: Any, end: Any, dialect: str) -> ColumnElement[float]:
    """Fractional days from ``start`` to ``end`` (timestamps)."""
    if dialect == "postgresql":
        return typing.cast("ColumnElement[float]", extract("epoch", end - start) / num(86400.0))
    return cast(func.julianday(end) - func.julianday(start), Float)


def sum_days(start: Any, end: Any, dialect: str, where: Any) -> Any:
    """The total of fractional days from ``start`` to ``end`` over the rows ``where``
    holds. PostgreSQL adds intervals and converts once (per-row epoch arithmetic is in
    NUMERIC, several times slower over hundreds of thousands of rows)."""
    if dialect == "postgresql":
        return extract("epoch", func.sum(end - start).filter(where)) / num(86400.0)
    return func.sum(days_between(start, end, dialect)).filter(where)


def as_date(expr: Any, dialect: str) -> Any:
    """The UTC calendar date of a timestamp (dates pass through)."""
    if dialect == "postgresql":
        return cast(func.timezone(lit("UTC"), expr), Date)
    return func.date(expr)


def text_timestamp(expr: Any, dialect: str) -> Any:
    """A timestamp read from ISO text (custom fields live in JSON)."""
    return cast(expr, DateTime(timezone=True)) if dialect == "postgresql" else expr


def text_date(expr: Any, dialect: str) -> Any:
    return cast(expr, Date) if dialect == "postgresql" else expr


@contextmanager
def guarded(session: Session, timeout_ms: int | None = None) -> Iterator[None]:
    """Run analytics statements under a time limit; a breach answers 422 with advice.

    PostgreSQL enforces ``statement_timeout`` (SET LOCAL: to the end of this
    transaction, or of the savepoint it was set in); SQLite is interrupted from its
    progress handler once the nearest deadline has passed. Limits nest: an inner
    block may only shorten the time left.
    """
    limit = LIMITS.timeout_ms if timeout_ms is None else timeout_ms
    dialect = dialect_of(session)
    deadlines: list[float] = session.info.setdefault("analytics_deadlines", [])
    raw: Any = None
    if dialect == "postgresql":
        # For this transaction: the time limit (0 would mean none); room to hash and
        # sort a million rows in memory; plans made for the actual values (a generic
        # plan misjudges a tenant's share of a table); no JIT, whose compilation of
        # these wide CASE expressions costs more than it saves.
        session.execute(text(
            "SELECT set_config('statement_timeout', :timeout, true), "
            "set_config('work_mem', :work_mem, true), "
            "set_config('plan_cache_mode', 'force_custom_plan', true), "
            "set_config('jit', 'off', true)"),
            {"timeout": str(max(1, int(limit))), "work_mem": LIMITS.work_mem})
    else:
        raw = session.connection().connection.driver_connection
        if not deadlines:
            def _past_deadline() -> int:
                return 1 if deadlines and time.monotonic() > deadlines[-1] else 0

            raw.set_progress_handler(_past_deadline, 2000)
        deadline = time.monotonic() + limit / 1000
        deadlines.append(min(deadline, deadlines[-1]) if deadlines else deadline)
    try:
        yield
    except OperationalError as exc:
        code = getattr(exc.orig, "sqlstate", None)
        if code == "57014" or "interrupted" in str(exc.orig):
            raise ProblemError(422, "report.timeout",
                               seconds=round(limit / 1000, 3)) from exc
        raise
    finally:
        if raw is not None:
            deadlines.pop()
            if not deadlines:
                raw.set_progress_handler(None, 0)
