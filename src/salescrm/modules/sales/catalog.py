"""Products and price books.

A product has a list price; a price book holds a unit price per product. The
"standard" price book (one per tenant, created with the tenant) is the fallback:
a price is looked up in the chosen book, then the standard book, then the
product's own price.
"""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal
from typing import Any, cast

from sqlalchemy import select

from salescrm.models import PriceBook, PriceBookEntry, Product
from salescrm.platform.errors import FieldError, ProblemError, body_object, validation_error
from salescrm.platform.metadata import ObjectDef
from salescrm.platform.records import service as records
from salescrm.platform.tenancy import Context

STANDARD_NAME = {"en": "Standard price book", "zh-CN": "标准价格表"}


def check_currency(values: dict[str, Any], creating: bool) -> None:
    if "currency" not in values and not creating:
        return
    code = (values.get("currency") or "CNY").upper()
    if len(code) != 3 or not code.isalpha():
        raise validation_error([FieldError("currency", "sales.currency")])
    values["currency"] = code


def _not_null_flags(values: dict[str, Any], *names: str) -> None:
    """Booleans stored NOT NULL: an explicit null means the default (true)."""
    for name in names:
        if name in values and values[name] is None:
            values[name] = True


# --- products --------------------------------------------------------------------
def _check_code(ctx: Context, code: str | None, except_id: str | None = None) -> None:
    if not code:
        return
    stmt = select(Product.id).where(Product.code == code, Product.deleted_at.is_(None))
    if except_id:
        stmt = stmt.where(Product.id != except_id)
    if ctx.session.scalar(stmt.limit(1)) is not None:
        raise ProblemError(409, "error.validation",
                           errors=[FieldError("code", "sales.code_taken", code=code[:64])])


def create_product(ctx: Context, obj: ObjectDef, body: Any, _params: Any = None) -> Product:
    ctx.permissions.require(obj, "create")
    values = records.validate(ctx, obj, body_object(body), creating=True)
    check_currency(values, creating=True)
    _not_null_flags(values, "is_active")
    _check_code(ctx, values.get("code"))
    return cast("Product", records.insert_record(ctx, obj, values))


def update_product(ctx: Context, obj: ObjectDef, product_id: str, body: Any) -> Product:
    ctx.permissions.require(obj, "read")
    row = records.load_for_write(ctx, obj, product_id)
    ctx.permissions.require(obj, "update")
    body = body_object(body)
    records.check_version(row, body)
    values = records.validate(ctx, obj, body, creating=False, current=row)
    check_currency(values, creating=False)
    _not_null_flags(values, "is_active")
    if "code" in values:
        _check_code(ctx, values["code"], except_id=product_id)
    return cast("Product", records.save_changes(ctx, obj, row, values))


# --- price books -----------------------------------------------------------------
def standard_price_book(ctx: Context) -> PriceBook | None:
    return ctx.session.scalar(select(PriceBook).where(PriceBook.is_default.is_(True),
                                                      PriceBook.deleted_at.is_(None))
                              .order_by(PriceBook.created_at).limit(1))


def create_standard_price_book(ctx: Context) -> PriceBook:
    """Run for every new tenant (``TENANT_SETUP``); idempotent."""
    found = standard_price_book(ctx)
    if found is not None:
        return found
    locale = ctx.locale if ctx.locale in STANDARD_NAME else "zh-CN"
    values = {"name": STANDARD_NAME[locale], "is_default": True, "is_active": True,
              "currency": "CNY"}
    return cast("PriceBook", records.insert_record(ctx, ctx.object("price_books"), values))


def create_price_book(ctx: Context, obj: ObjectDef, body: Any, _params: Any = None) -> PriceBook:
    ctx.permissions.require(obj, "create")
    values = records.validate(ctx, obj, body_object(body), creating=True)
    check_currency(values, creating=True)
    _not_null_flags(values, "is_active")
    values["is_default"] = False
    return cast("PriceBook", records.insert_record(ctx, obj, values))


def delete_price_book(ctx: Context, obj: ObjectDef, book_id: str) -> None:
    ctx.permissions.require(obj, "read")
    row = records.load_for_write(ctx, obj, book_id)
    ctx.permissions.require(obj, "delete")
    if row.is_default:
        raise ProblemError(409, "error.in_use")
    records.delete_record(ctx, obj, book_id)


def _check_entry_unique(ctx: Context, book_id: str, product_id: str,
                        except_id: str | None = None) -> None:
    stmt = select(PriceBookEntry.id).where(PriceBookEntry.price_book_id == book_id,
                                           PriceBookEntry.product_id == product_id,
                                           PriceBookEntry.deleted_at.is_(None))
    if except_id:
        stmt = stmt.where(PriceBookEntry.id != except_id)
    if ctx.session.scalar(stmt.limit(1)) is not None:
        raise ProblemError(409, "error.validation",
                           errors=[FieldError("product_id", "sales.entry_exists")])


def create_entry(ctx: Context, obj: ObjectDef, body: Any, _params: Any = None) -> PriceBookEntry:
    ctx.permissions.require(obj, "create")
    values = records.validate(ctx, obj, body_object(body), creating=True)
    _not_null_flags(values, "is_active")
    _check_entry_unique(ctx, values["price_book_id"], values["product_id"])
    return cast("PriceBookEntry", records.insert_record(ctx, obj, values))


def update_entry(ctx: Context, obj: ObjectDef, entry_id: str, body: Any) -> PriceBookEntry:
    ctx.permissions.require(obj, "read")
    row = records.load_for_write(ctx, obj, entry_id)
    ctx.permissions.require(obj, "update")
    body = body_object(body)
    records.check_version(row, body)
    values = records.validate(ctx, obj, body, creating=False, current=row)
    _not_null_flags(values, "is_active")
    for name in ("price_book_id", "product_id", "unit_price"):
        if name in values and values[name] is None:
            raise validation_error([FieldError(name, "field.required")])
    if "price_book_id" in values or "product_id" in values:
        _check_entry_unique(ctx, values.get("price_book_id", row.price_book_id),
                            values.get("product_id", row.product_id), except_id=entry_id)
    return cast("PriceBookEntry", records.save_changes(ctx, obj, row, values))


# --- prices ----------------------------------------------------------------------
def products_by_id(ctx: Context, product_ids: Iterable[str]) -> dict[str, Product]:
    ids = sorted({p for p in product_ids if p})
    if not ids:
        return {}
    rows = ctx.session.scalars(select(Product).where(Product.id.in_(ids),
                                                     Product.deleted_at.is_(None)))
    return {p.id: p for p in rows}


def prices_for(ctx: Context, products: dict[str, Product],
               price_book_id: str | None = None) -> dict[str, Decimal | None]:
    """Unit price per product: the chosen book, then the standard book, then list price."""
    standard = standard_price_book(ctx)
    books = [b for b in (price_book_id, standard.id if standard else None) if b]
    found: dict[tuple[str, str], Decimal] = {}
    if books and products:
        for e in ctx.session.scalars(select(PriceBookEntry).where(
                PriceBookEntry.price_book_id.in_(books),
                PriceBookEntry.product_id.in_(sorted(products)),
                PriceBookEntry.is_active.is_(True), PriceBookEntry.deleted_at.is_(None))):
            found[(e.price_book_id, e.product_id)] = e.unit_price
    out: dict[str, Decimal | None] = {}
    for pid, product in products.items():
        price = next((found[(b, pid)] for b in books if (b, pid) in found), None)
        out[pid] = price if price is not None else product.price
    return out


def unit_price_for(ctx: Context, product_id: str, price_book_id: str | None = None
                   ) -> Decimal | None:
    """The price a quote or order line gets when it names none (None: no price known)."""
    products = products_by_id(ctx, [product_id])
    return prices_for(ctx, products, price_book_id).get(product_id)
