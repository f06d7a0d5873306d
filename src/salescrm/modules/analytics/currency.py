"""Amounts in several currencies, summed honestly.

Deals, orders and payments carry their own currency (CNY unless said). Before any
figure adds them up, each amount is converted into the tenant's currency
(``tenants.currency``) with the administrator's exchange rates (``exchange_rates``:
what one unit is worth in the tenant's currency), rounded to the cent per record.
A currency in use that has no rate cannot be converted: its amounts are left out of
the money figures (never summed at face value) and the answer names it, so the
number shown is never silently wrong.

A tenant that only uses its own currency pays nothing for this: which currencies are
in use is read from an index in a few probes, and no conversion is written into the
SQL when there is nothing to convert.

Exchange rates are an ordinary object (``/api/v1/exchange_rates``): administrators
manage them, everyone reads them; one live rate per currency.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, cast

from sqlalchemy import case, literal, select, text, true
from sqlalchemy import type_coerce as coerce

from salescrm.db.types import Money
from salescrm.models import ExchangeRate, Opportunity, Order, Payment, Tenant
from salescrm.modules.analytics.sql import money_times
from salescrm.modules.sales.catalog import check_currency
from salescrm.platform.errors import FieldError, ProblemError, validation_error
from salescrm.platform.metadata import FieldDef, ObjectDef, builtin
from salescrm.platform.records import service as records
from salescrm.platform.tenancy import Context

CURRENCY_SCHEMA = {"type": "string", "pattern": "^[A-Za-z]{3}$",
                   "description": "ISO 4217 code, e.g. USD"}
# Above zero once kept to 8 decimals (NUMERIC(18, 8)), below a billion.
RATE_SCALE = 10 ** 8  # exchange rates have at most 8 decimal places
RATE_SCHEMA = {"oneOf": [
    {"type": "string",
     "pattern": r"^([1-9][0-9]{0,8}(\.[0-9]{1,8})?|0?\.0{0,7}[1-9][0-9]{0,7})$"},
    {"type": "number", "minimum": 0.00000001, "maximum": 999_999_999}],
    "description": "What one unit of the currency is worth in the company's currency "
                   "(decimal text like \"7.1234\"; up to 8 decimals)"}

EXCHANGE_RATES = builtin(ObjectDef(
    "exchange_rates", "Exchange rates", "汇率", ExchangeRate, owned=False,
    managed_writes=True,
    fields={f.api_name: f for f in (
        FieldDef("currency", "text", "Currency", "币种", required=True, max_length=3,
                 json_schema=CURRENCY_SCHEMA, searchable=True),
        FieldDef("rate", "number", "Rate (in the company currency)", "汇率（折合本位币）",
                 required=True, minimum=0, maximum=999_999_999, json_schema=RATE_SCHEMA,
                 help="What one unit of the currency is worth in the company's currency"),
    )},
))


# --- writes --------------------------------------------------------------------------
def _check(ctx: Context, values: dict[str, Any], except_id: str | None) -> None:
    errors: list[dict[str, Any]] = []
    if "rate" in values and (values["rate"] is None or Decimal(values["rate"]) <= 0):
        errors.append(FieldError("rate", "currency.rate_positive"))
    if "currency" in values:
        check_currency(values, creating=True)
        base = tenant_currency(ctx)
        if values["currency"] == base:
            errors.append(FieldError("currency", "currency.is_base", currency=base))
    if errors:
        raise validation_error(errors)
    if "currency" in values:
        stmt = select(ExchangeRate.id).where(ExchangeRate.currency == values["currency"],
                                             ExchangeRate.deleted_at.is_(None))
        if except_id:
            stmt = stmt.where(ExchangeRate.id != except_id)
        if ctx.session.scalar(stmt.limit(1)) is not None:
            raise ProblemError(409, "error.validation", errors=[FieldError(
                "currency", "currency.rate_exists", currency=values["currency"])])


def create_rate(ctx: Context, obj: ObjectDef, body: Any, _params: Any = None) -> ExchangeRate:
    ctx.permissions.require(obj, "create")
    values = records.validate(ctx, obj, body if isinstance(body, dict) else {}, creating=True)
    _check(ctx, values, None)
    return cast("ExchangeRate", records.insert_record(ctx, obj, values))


def update_rate(ctx: Context, obj: ObjectDef, rate_id: str, body: Any) -> ExchangeRate:
    ctx.permissions.require(obj, "read")
    row = records.load_for_write(ctx, obj, rate_id)
    ctx.permissions.require(obj, "update")
    body = body if isinstance(body, dict) else {}
    records.check_version(row, body)
    values = records.validate(ctx, obj, body, creating=False, current=row)
    _check(ctx, values, rate_id)
    return cast("ExchangeRate", records.save_changes(ctx, obj, row, values))


# --- reading -------------------------------------------------------------------------
def tenant_currency(ctx: Context) -> str:
    tenant = ctx.session.get(Tenant, ctx.tenant_id)
    return (tenant.currency if tenant else None) or "CNY"


def currencies_in_use(ctx: Context, model: Any) -> set[str]:
    """The distinct currencies of a table in the tenant, by skipping through the
    (tenant_id, currency) index: one probe per currency, whatever the row count."""
    table = model.__table__.name
    rows = ctx.session.execute(text(f"""
        WITH RECURSIVE used(currency) AS (
          SELECT min(currency) FROM {table} WHERE tenant_id = :t
          UNION ALL
          SELECT (SELECT min(currency) FROM {table} WHERE tenant_id = :t
                  AND currency > used.currency)
          FROM used WHERE used.currency IS NOT NULL)
        SELECT currency FROM used WHERE currency IS NOT NULL"""), {"t": ctx.tenant_id})
    return {r[0] for r in rows}


@dataclass
class Currencies:
    """The tenant's currency, the rates it has, and the currencies in use without one."""

    base: str
    rates: dict[str, Decimal] = field(default_factory=dict)
    missing: set[str] = field(default_factory=set)
    dialect: str = "postgresql"

    @property
    def simple(self) -> bool:
        """Everything is in the tenant's currency: amounts are summed as they are."""
        return not self.rates and not self.missing

    def amount(self, amount: Any, currency: Any) -> Any:
        """``amount`` in the tenant's currency, rounded to the cent; NULL (left out of
        sums) when its currency has no rate."""
        if self.simple:
            return amount
        whens: dict[str, Any] = {self.base: amount}
        for code, rate in self.rates.items():
            whens[code] = money_times(amount, literal(int(rate * RATE_SCALE)), RATE_SCALE,
                                      self.dialect)
        return coerce(case(whens, value=currency, else_=None), Money())

    def convertible(self, currency: Any) -> Any:
        """True for rows whose amounts count (their currency is not left out)."""
        return currency.not_in(sorted(self.missing)) if self.missing else true()

    def view(self) -> dict[str, Any]:
        """What an answer says about its money: which currency, and what it left out."""
        return {"code": self.base,
                "rates": {k: format(v.normalize(), "f") for k, v in sorted(self.rates.items())},
                "unconverted": sorted(self.missing)}


def currencies(ctx: Context, *models: Any) -> Currencies:
    """The conversion for figures over ``models`` (Opportunity, Order, Payment)."""
    base = tenant_currency(ctx)
    used: set[str] = set()
    for model in models or (Opportunity, Order, Payment):
        used |= currencies_in_use(ctx, model)
    used.discard(base)
    dialect = ctx.session.get_bind().dialect.name
    if not used:
        return Currencies(base, dialect=dialect)
    rates = {r.currency: Decimal(r.rate) for r in ctx.session.scalars(
        select(ExchangeRate).where(ExchangeRate.deleted_at.is_(None),
                                   ExchangeRate.currency.in_(sorted(used))))}
    return Currencies(base, rates, used - set(rates), dialect)
