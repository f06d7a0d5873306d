"""The import page in Chinese (issue 10.3), in a real browser: a CSV of deals with
day-first dates and stages by their Chinese names, the date format chosen with the
preview, a check run and the import, and every error listed with the error file —
without an internal key or an English word on the screen. On a 375 px phone too."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import httpx
import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import Server, _new_page, choose_option, sign_in

pytestmark = pytest.mark.e2e

DEALS = ("商机名称,客户,金额,阶段,预计成交日期\n"
         "华为云扩容,华为,120000,商务谈判,13/03/2017\n"
         "小米门店,小米,80000,赢单,01/03/2017\n"
         "无名客户单,不存在的客户,5000,签约中,31/02/2017\n"  # three errors in one row
         "小米二期,小米,很多,初步接洽,05/04/2017\n").encode()
DATE_COLUMN = "预计成交日期"
# Names of file formats and encodings, written the same in Chinese.
PROPER_NOUNS = {"CSV", "XLSX", "Excel", "UTF", "GBK"}
INTERNAL = ("close_date", "account_id", "stage", "amount", "negotiation", "initial", "won",
            "DD/MM/YYYY", "import.", "field.")


def _foreign_words(text: str) -> list[str]:
    return sorted({w for w in re.findall(r"[A-Za-z][A-Za-z_.]+", text)} - PROPER_NOUNS)


@pytest.fixture
def zh_page(browser: Any, request: pytest.FixtureRequest) -> Iterator[Any]:
    yield from _new_page(browser, request, locale="zh-CN")


@pytest.fixture
def phone_375(browser: Any, request: pytest.FixtureRequest) -> Iterator[Any]:
    yield from _new_page(browser, request, full_page=False,
                         viewport={"width": 375, "height": 812}, device_scale_factor=2,
                         is_mobile=True, has_touch=True, locale="zh-CN")


def _accounts(server: Server, company: dict[str, Any]) -> None:
    for name in ("华为", "小米"):
        server.api(company["token"], "POST", "accounts", {"name": name})


def _option(page: Any, text: str) -> Any:
    """An option of the open drop-down (antd's visible list, not its aria mirror)."""
    return page.locator(".ant-select-item-option:visible").filter(
        has_text=re.compile(f"^{re.escape(text)}$")).first


def _upload(page: Any, server: Server) -> Any:
    page.goto(f"{server.url}/admin/import")
    wizard = page.get_by_test_id("import-wizard")
    wizard.wait_for()
    picker = page.get_by_test_id("import-object")
    picker.click()
    page.keyboard.type("商机")  # the list is virtual: find the object by its name
    _option(page, "商机").click()
    page.locator("input[type=file]").set_input_files(
        files=[{"name": "三年的商机.csv", "mimeType": "text/csv", "buffer": DEALS}])
    return wizard


def _statistic(card: Any, title: str) -> Any:
    return card.locator(".ant-statistic").filter(has_text=title).locator(
        ".ant-statistic-content")


def _finish(server: Server, page: Any, test_id: str) -> Any:
    """Run the queued job, then wait for the page to show its result."""
    card = page.get_by_test_id(test_id)
    card.wait_for()
    server.run_jobs()
    card.get_by_text("出错的行").wait_for()
    # The page polls until the run is done: the errors table then appears.
    card.locator(".ant-table-row").first.wait_for()
    return card


def test_import_deals_in_chinese(zh_page: Any, live_server: Server,
                                 company: dict[str, Any]) -> None:
    page = zh_page
    _accounts(live_server, company)
    sign_in(page, live_server, company)
    wizard = _upload(page, live_server)
    # The columns map themselves to fields by their Chinese names.
    mapping = wizard.locator(".ant-card").filter(has_text="文件中的列")
    mapping.get_by_text(DATE_COLUMN, exact=True).last.wait_for()

    page.get_by_test_id("import-preview-button").click()
    preview = page.get_by_test_id("import-preview")
    preview.wait_for()
    # Automatic reading refuses 01/03/2017 and suggests the day-first format.
    preview.get_by_text("这些日期可按 01/03/2017（日在前） 读取").wait_for()
    choose_option(page, page.get_by_test_id(f"date-format-{DATE_COLUMN}"), "01/03/2017（日在前）")
    # The preview reads again in that format (a request: give a loaded machine time).
    expect(preview.get_by_text("2017-03-01")).to_be_visible(timeout=30_000)
    expect(preview.get_by_text("2017-03-13")).to_be_visible()
    assert preview.get_by_text("这些日期可按").count() == 0
    text = wizard.inner_text().replace("三年的商机.csv", "")
    assert _foreign_words(text) == [], text
    for key in INTERNAL:
        assert key not in text, key

    wizard.get_by_role("button", name="校验（试导入）").click()
    dry = _finish(live_server, page, "import-dry-run")
    # antd spaces a two-character Chinese button's label: "导 入".
    wizard.get_by_role("button", name=re.compile(r"^导\s?入$")).click()
    result = _finish(live_server, page, "import-result")
    expect(_statistic(result, "已新建")).to_have_text("2")
    expect(_statistic(result, "出错的行")).to_have_text("2")

    # Every error of every row, each in words, with its field's Chinese name.
    token = company["token"]
    imports = live_server.api(token, "GET", "imports")["items"]
    status = live_server.api(token, "GET", f"imports/{imports[0]['id']}")
    assert status["errors_total"] == 4, status["errors"]
    rows = result.locator(".ant-table-row")
    assert rows.count() == 4
    table = result.locator(".ant-table").inner_text()
    assert "不存在的客户" in table and "签约中" in table and "31/02/2017" in table
    for name in ("初步接洽", "商务谈判", "赢单"):  # the valid stages, by name
        assert name in table
    for label in ("客户", "阶段", "预计成交日期", "金额"):
        assert label in table
    link = result.get_by_role("link", name="下载全部错误（CSV）")
    href = link.get_attribute("href")
    report = page.request.get(f"{live_server.url}{href}")
    assert report.status == 200
    body = report.body().decode("utf-8-sig")
    assert body.count("\n") == 5 and "签约中" in body and "31/02/2017" in body

    # Nothing on the screen a person reading Chinese could not read.
    text = page.get_by_test_id("import-wizard").inner_text()
    text = text.replace("三年的商机.csv", "")  # the user's own file name
    assert _foreign_words(text) == [], text
    for key in INTERNAL:
        assert key not in text, key
    assert dry.is_visible() is False, "the check's card gives way to the import's"

    deals = {d["name"]: d for d in live_server.api(token, "GET", "opportunities")["items"]}
    assert (deals["华为云扩容"]["stage"], deals["华为云扩容"]["close_date"]) == (
        "negotiation", "2017-03-13")
    assert (deals["小米门店"]["stage"], deals["小米门店"]["close_date"]) == ("won", "2017-03-01")
    assert set(deals) == {"华为云扩容", "小米门店"}


def test_import_page_on_a_375px_phone(phone_375: Any, live_server: Server,
                                      company: dict[str, Any]) -> None:
    page = phone_375
    _accounts(live_server, company)
    sign_in(page, live_server, company)
    wizard = _upload(page, live_server)
    page.get_by_test_id("import-preview-button").tap()
    page.get_by_test_id("import-preview").wait_for()
    width = "document.documentElement.scrollWidth"
    assert page.evaluate(width) <= 375, "the page does not scroll sideways"
    page.get_by_test_id(f"date-format-{DATE_COLUMN}").tap()
    _option(page, "01/03/2017（日在前）").tap()
    page.get_by_test_id("import-preview").get_by_text("2017-03-01").wait_for()
    check = wizard.get_by_role("button", name="校验（试导入）")
    check.scroll_into_view_if_needed()
    box = check.bounding_box()
    assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= 375
    check.tap()
    dry = _finish(live_server, page, "import-dry-run")
    expect(_statistic(dry, "将新建")).to_have_text("2")
    assert page.evaluate(width) <= 375
    # The error rows read on the phone: the table scrolls inside its card, if at all.
    assert dry.locator(".ant-table-row").count() == 4
    r = httpx.get(f"{live_server.url}/api/v1/opportunities",
                  headers={"Authorization": f"Bearer {company['token']}"})
    assert r.json()["items"] == [], "a check saves nothing"
