"""Query parameters shared by the ``/analytics/…`` endpoints: periods (from/to, a
month or a quarter), time zone, and the slicers (owner, department, region, source,
campaign) that narrow the opportunities a figure is computed from.

Every problem is collected and answered as one 422 naming the parameters.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import cast, func, literal, select
from sqlalchemy.dialects.postgresql import JSONB

from salescrm.modules.analytics.sql import check_timezone
from salescrm.platform.errors import FieldError, validation_error
from salescrm.platform.permissions import department_user_ids
from salescrm.platform.tenancy import Context

MIN_DATE = date(1970, 1, 1)
MAX_DATE = date(2200, 12, 31)
MAX_SPAN_DAYS = 3700  # ten years and a little: beyond that a figure is no longer a report
COMMON = {"tz"}
SLICERS = ("owner_id", "department_id", "region", "source", "campaign_id", "product_id")


@dataclass
class Period:
    start: date
    end: date  # inclusive
    tz: str

    @property
    def zone(self) -> ZoneInfo:
        return ZoneInfo(self.tz)

    @property
    def start_at(self) -> datetime:
        """The first instant of the period (``start`` 00:00 in the period's zone) in UTC."""
        return datetime.combine(self.start, time(), self.zone).astimezone(UTC)

    @property
    def end_at(self) -> datetime:
        """The first instant after the period."""
        return datetime.combine(self.end + timedelta(days=1), time(), self.zone).astimezone(UTC)

    def view(self) -> dict[str, Any]:
        return {"from": self.start.isoformat(), "to": self.end.isoformat(), "tz": self.tz}


@dataclass
class Query:
    """Validated parameters; ``errors`` gathers every problem before anything runs."""

    params: dict[str, str]
    allowed: set[str]
    errors: list[dict[str, Any]] = field(default_factory=list)

    def check_unknown(self) -> None:
        for key in self.params:
            if key not in self.allowed:
                self.errors.append(FieldError(key[:64], "analytics.unknown_param",
                                              param=key[:64]))

    def raise_errors(self) -> None:
        if self.errors:
            raise validation_error(self.errors)

    def text(self, name: str, max_length: int = 100) -> str | None:
        value = self.params.get(name)
        if value is None or value == "":
            return None
        if len(value) > max_length:
            self.errors.append(FieldError(name, "field.too_long", max=max_length))
            return None
        return value

    def choice(self, name: str, choices: tuple[str, ...], default: str) -> str:
        value = self.params.get(name) or default
        if value not in choices:
            self.errors.append(FieldError(name, "analytics.bad_choice",
                                          choices=", ".join(choices)))
            return default
        return value

    def integer(self, name: str, default: int, low: int, high: int) -> int:
        raw = self.params.get(name)
        if raw is None or raw == "":
            return default
        try:
            value = int(raw)
            if not low <= value <= high:
                raise ValueError
        except ValueError:
            self.errors.append(FieldError(name, "analytics.bad_int", min=low, max=high))
            return default
        return value

    def day(self, name: str) -> date | None:
        raw = self.params.get(name)
        if raw is None or raw == "":
            return None
        try:
            value = date.fromisoformat(raw) if len(raw) == 10 else None
        except ValueError:
            value = None
        if value is None:
            self.errors.append(FieldError(name, "analytics.date"))
            return None
        if not MIN_DATE <= value <= MAX_DATE:
            self.errors.append(FieldError(name, "analytics.date_range", min=MIN_DATE.isoformat(),
                                          max=MAX_DATE.isoformat()))
            return None
        return value

    def timezone(self) -> str:
        tz = self.params.get("tz") or "UTC"
        if check_timezone(tz) is None:
            self.errors.append(FieldError("tz", "report.timezone", tz=tz[:64]))
            return "UTC"
        return tz

    def period(self, default: tuple[date, date], max_days: int = MAX_SPAN_DAYS) -> Period:
        """``from``/``to`` (inclusive dates), defaulting to ``default``."""
        tz = self.timezone()
        start = self.day("from")
        end = self.day("to")
        if (self.params.get("from") and start is None) or (self.params.get("to") and end is None):
            return Period(*default, tz)
        start = start or (default[0] if end is None else min(default[0], end))
        end = end or max(default[1], start)
        if start > end:
            self.errors.append(FieldError("from", "analytics.from_after_to",
                                          start=start.isoformat(), end=end.isoformat()))
        elif (end - start).days + 1 > max_days:
            self.errors.append(FieldError("to", "analytics.range_too_long", days=max_days))
        return Period(start, end, tz)


def today(tz: str = "UTC") -> date:
    return datetime.now(ZoneInfo(tz)).date()


def month_bounds(d: date) -> tuple[date, date]:
    first = d.replace(day=1)
    nxt = (first + timedelta(days=32)).replace(day=1)
    return first, nxt - timedelta(days=1)


def quarter_bounds(d: date) -> tuple[date, date]:
    first = date(d.year, 3 * ((d.month - 1) // 3) + 1, 1)
    last_month_first = date(first.year, first.month + 2, 1)
    return first, month_bounds(last_month_first)[1]


def parse_named_period(raw: str | None, tz: str = "UTC") -> tuple[str, date, date] | None:
    """``2026-11`` (a month), ``2026-Q4`` (a quarter), or ``current_month`` /
    ``current_quarter`` → (kind, first day, last day); None when unreadable."""
    now = today(tz)
    if raw in (None, "", "current_month"):
        return ("month", *month_bounds(now))
    if raw == "current_quarter":
        return ("quarter", *quarter_bounds(now))
    assert raw is not None
    try:
        if len(raw) == 7 and raw[4] == "-" and raw[5] in "Qq":
            year, q = int(raw[:4]), int(raw[6])
            if 1 <= q <= 4 and 1970 <= year <= 2200:
                return ("quarter", *quarter_bounds(date(year, 3 * q - 2, 1)))
        elif len(raw) == 7 and raw[4] == "-":
            first = date(int(raw[:4]), int(raw[5:]), 1)
            if 1970 <= first.year <= 2200:
                return ("month", *month_bounds(first))
    except ValueError:
        return None
    return None


def opportunity_slicers(ctx: Context, q: Query, model: Any) -> list[Any]:
    """WHERE clauses on opportunities for owner_id, department_id (and below), the
    account's region, source and campaign. The caller's data scope is applied
    separately (``base_criteria``): a slicer can only narrow it."""
    from salescrm.models import Account, Department, Product, User

    crit: list[Any] = []
    owner = q.text("owner_id", 64)
    if owner is not None:
        exists = ctx.session.scalar(select(User.id).where(User.id == owner))
        if exists is None:
            q.errors.append(FieldError("owner_id", "analytics.user_unknown"))
        crit.append(model.owner_id == owner)
    dept = q.text("department_id", 64)
    if dept is not None:
        exists = ctx.session.scalar(select(Department.id).where(Department.id == dept,
                                                                Department.deleted_at.is_(None)))
        if exists is None:
            q.errors.append(FieldError("department_id", "analytics.department_unknown"))
        members = department_user_ids(ctx.session, dept, below=True)
        crit.append(model.owner_id.in_(sorted(members)))
    region = q.text("region")
    if region is not None:
        crit.append(model.account_id.in_(select(Account.id).where(Account.region == region)))
    source = q.text("source")
    if source is not None:
        crit.append(model.source == source)
    campaign = q.text("campaign_id", 64)
    if campaign is not None:
        crit.append(model.campaign_id == campaign)
    product = q.text("product_id", 64)
    if product is not None:
        if ctx.session.scalar(select(Product.id).where(Product.id == product,
                                                       Product.deleted_at.is_(None))) is None:
            q.errors.append(FieldError("product_id", "analytics.product_unknown"))
        crit.append(model.id.in_(deals_with_product(ctx, product)))
    return crit


def deals_with_product(ctx: Context, product_id: str) -> Any:
    """Ids of the deals that quoted or ordered ``product_id``: a line of one of their
    quotes (kept as JSON) or of one of their orders names it."""
    from salescrm.models import Order, OrderLine, Quote

    ordered = (select(Order.opportunity_id).join(OrderLine, OrderLine.order_id == Order.id)
               .where(OrderLine.product_id == product_id, Order.opportunity_id.is_not(None),
                      Order.deleted_at.is_(None)))
    quoted_line: Any
    if ctx.session.get_bind().dialect.name == "postgresql":
        wanted = cast(literal(json.dumps([{"product_id": product_id}])), JSONB)
        quoted_line = cast(Quote.lines, JSONB).op("@>")(wanted)
    else:
        line = func.json_each(Quote.lines).table_valued("value").alias("line")
        quoted_line = (select(literal(1)).select_from(line)
                       .where(func.json_extract(line.c.value, "$.product_id") == product_id)
                       .exists())
    quoted = select(Quote.opportunity_id).where(
        quoted_line, Quote.opportunity_id.is_not(None), Quote.deleted_at.is_(None))
    return ordered.union(quoted)
