"""Products are known by their code (issue 10): an import neither creates a second
product with a code nor needs to be told to upsert on it; case and full-width
spellings of a code are the same code."""

from __future__ import annotations

from typing import Any

from tests.factories import Api
from tests.platform.imports.helpers import run_import

PRODUCTS = ("产品名称,产品编码,标准价格\n"
            "新旗舰,SKU-1,10\n"      # the code of an existing product
            "入门版,SKU-2,20\n"
            "入门版二,SKU-2,30\n"   # the code of the row above
            "专业版,sku-3,40\n"
            "专业版二,ＳＫＵ－３,50\n")  # the same code, other case and full width


def _codes(api: Api) -> dict[str, str]:
    return {p["code"]: p["name"] for p in api.get("products?limit=50").json()["items"]}


def test_products_de_duplicate_on_code(admin: Api, worker: Any) -> None:
    admin.create("products", name="旗舰版", code="sku-1", price="9")
    admin.locale = "en"
    status = run_import(admin, worker, "products", PRODUCTS.encode())
    assert (status["created"], status["failed"]) == (2, 3), status["errors"]
    by_row = {e["row"]: e for e in status["errors"]}
    assert set(by_row) == {2, 4, 6} and {e["field"] for e in by_row.values()} == {"code"}
    assert "row 3" in by_row[4]["message"] and "row 5" in by_row[6]["message"]
    assert _codes(admin) == {"sku-1": "旗舰版", "SKU-2": "入门版", "sku-3": "专业版"}


def test_products_upsert_on_code_without_being_told(admin: Api, worker: Any) -> None:
    admin.create("products", name="旗舰版", code="SKU-1", price="9")
    csv = "产品名称,产品编码,标准价格\n旗舰版,sku-1,12\n入门版,SKU-2,20\n"
    status = run_import(admin, worker, "products", csv.encode(), mode="upsert")
    assert (status["created"], status["updated"], status["failed"]) == (1, 1, 0), status
    products = admin.get("products?limit=50").json()["items"]
    assert len(products) == 2
    assert {p["name"]: p["price"] for p in products} == {"旗舰版": "12.00", "入门版": "20.00"}
