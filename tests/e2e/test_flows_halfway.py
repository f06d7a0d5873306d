"""Flows that used to stop halfway (issue 13.3), in Chinese: a lead routed to a
colleague, converting onto an exact match, submitting with no flow, recording a
payment, returning a lead to the pool with why, and a duplicate said in words."""

from __future__ import annotations

import uuid
from typing import Any

import pytest

from tests.e2e.conftest import Server, _new_page
from tests.e2e.test_sales_flows import number_input

pytestmark = pytest.mark.e2e
PASSWORD = "Tr0ut-canyon-58"


@pytest.fixture
def zh(browser: Any, request: pytest.FixtureRequest) -> Any:
    pages = _new_page(browser, request, locale="zh-CN")
    yield next(pages)
    for _ in pages:
        pass


def _user(server: Server, company: dict[str, Any], name: str) -> dict[str, Any]:
    email = f"u-{uuid.uuid4().hex[:8]}@e2e.test"
    user = server.api(company["token"], "POST", "users", {
        "name": name, "email": email, "password": PASSWORD, "roles": ["sales_rep"]})
    return {**user, "password": PASSWORD}


def _sign_in(page: Any, server: Server, email: str, password: str) -> None:
    page.goto(f"{server.url}/login")
    page.locator("#email").fill(email)
    page.locator("#password").fill(password)
    page.locator("button[type=submit]").click()
    page.get_by_test_id("my-day").wait_for()


def test_a_lead_routed_to_a_colleague_says_who_and_stays(zh: Any, live_server: Server,
                                                          company: dict[str, Any]) -> None:
    colleague = _user(live_server, company, "李同事")
    rep = _user(live_server, company, "张销售")
    live_server.api(company["token"], "POST", "lead_assignment_rules", {
        "name": "华南", "match_field": "province", "match_values": ["广东"],
        "user_ids": [colleague["id"]]})
    _sign_in(zh, live_server, rep["email"], PASSWORD)
    zh.goto(f"{live_server.url}/o/leads")
    zh.get_by_test_id("list-new").click()
    zh.locator("#field-name").fill("陈先生")
    zh.locator("#field-province").fill("广东")
    zh.get_by_test_id("form-save").click()
    zh.get_by_text("分配规则已将其分给 李同事").wait_for()
    assert zh.url.endswith("/o/leads")
    assert zh.get_by_text("未找到").count() == 0
    leads = live_server.api(company["token"], "GET", "leads?name=陈先生")["items"]
    assert [lead["owner_id"] for lead in leads] == [colleague["id"]]


def test_converting_onto_an_exact_match_is_the_default_and_says_so(
        zh: Any, live_server: Server, company: dict[str, Any]) -> None:
    acc = live_server.api(company["token"], "POST", "accounts", {"name": "红河钢铁有限公司"})
    lead = live_server.api(company["token"], "POST", "leads",
                           {"name": "赵磊", "company": "红河钢铁有限公司"})
    _sign_in(zh, live_server, company["email"], company["password"])
    zh.goto(f"{live_server.url}/o/leads/{lead['id']}")
    zh.get_by_test_id("lead-convert").click()
    zh.get_by_text("发现完全相同的客户").wait_for()
    zh.get_by_test_id("convert-deal-amount").fill("50000")
    zh.get_by_test_id("convert-ok").click()  # no choice made: the match is the default
    zh.get_by_text("线索已转化为客户、联系人和商机").wait_for()
    zh.wait_for_url(f"**/o/accounts/{acc['id']}")
    assert len(live_server.api(company["token"], "GET",
                               "accounts?name=红河钢铁有限公司")["items"]) == 1


def test_submit_without_a_flow_says_approved_and_a_payment_says_what_is_left(
        zh: Any, live_server: Server, company: dict[str, Any]) -> None:
    token = company["token"]
    acc = live_server.api(token, "POST", "accounts", {"name": "初创科技"})
    product = live_server.api(token, "POST", "products", {"name": "打印机", "price": "3000.00"})
    order = live_server.api(token, "POST", "orders", {"account_id": acc["id"], "lines": [
        {"product_id": product["id"], "quantity": "1", "unit_price": "3000.00"}]})
    _sign_in(zh, live_server, company["email"], company["password"])
    zh.goto(f"{live_server.url}/o/orders/{order['id']}")
    zh.get_by_role("button", name="提交审批").click()
    zh.get_by_text("已审批通过：没有适用的审批流程").wait_for()
    zh.get_by_test_id("record-payment").click()
    number_input(zh, "payment-amount").fill("1000")
    zh.get_by_test_id("payment-save").click()
    zh.get_by_text("已登记回款 ¥1,000.00，尚待回款 ¥2,000.00").wait_for()


def test_returning_a_lead_to_the_pool_asks_and_keeps_why(zh: Any, live_server: Server,
                                                          company: dict[str, Any]) -> None:
    rep = _user(live_server, company, "王销售")
    lead = live_server.api(company["token"], "POST", "leads",
                           {"name": "孙女士", "owner_id": rep["id"]})
    _sign_in(zh, live_server, rep["email"], PASSWORD)
    zh.goto(f"{live_server.url}/o/leads/{lead['id']}")
    zh.get_by_test_id("lead-release").click()
    zh.get_by_text("将这条线索退回公海？").wait_for()
    zh.get_by_test_id("release-ok").click()
    zh.get_by_text("请填写退回原因").wait_for()  # nothing happens without a reason
    assert live_server.api(company["token"], "GET", f"leads/{lead['id']}")["owner_id"] == rep["id"]
    zh.locator("#release-reason").fill("客户预算明年才有")
    zh.get_by_test_id("release-ok").click()
    zh.get_by_text("已退回公海").wait_for()
    assert live_server.api(company["token"], "GET", f"leads/{lead['id']}")["owner_id"] is None
    notes = live_server.api(company["token"], "GET",
                            f"activities?related_id={lead['id']}")["items"]
    assert [n["content"] for n in notes] == ["退回公海：客户预算明年才有"]


def test_a_duplicate_is_said_in_words_with_a_button(zh: Any, live_server: Server,
                                                     company: dict[str, Any]) -> None:
    live_server.api(company["token"], "POST", "accounts", {"name": "蓝天食品"})
    _sign_in(zh, live_server, company["email"], company["password"])
    zh.goto(f"{live_server.url}/o/accounts")
    zh.get_by_test_id("list-new").click()
    zh.locator("#field-name").fill("蓝天食品")
    zh.get_by_test_id("form-save").click()
    warning = zh.get_by_test_id("duplicate-warning")
    warning.wait_for()
    assert "allow_duplicate" not in warning.inner_text()
    zh.get_by_test_id("save-anyway").wait_for()


def test_the_recycle_bin_the_delete_dialog_promises(zh: Any, live_server: Server,
                                                     company: dict[str, Any]) -> None:
    acc = live_server.api(company["token"], "POST", "accounts", {"name": "旧客户贸易"})
    _sign_in(zh, live_server, company["email"], company["password"])
    zh.goto(f"{live_server.url}/o/accounts/{acc['id']}")
    zh.get_by_role("button", name="删除").click()
    zh.get_by_text("记录将移入回收站，可以恢复。").wait_for()
    zh.locator(".ant-modal-confirm-btns .ant-btn-dangerous").click()
    zh.get_by_text("已删除，可在回收站中恢复。").wait_for()

    zh.get_by_role("menuitem", name="回收站").click()
    zh.get_by_test_id("recycle-bin").get_by_text("旧客户贸易").wait_for()
    zh.get_by_test_id(f"restore-{acc['id']}").click()
    zh.get_by_test_id("restored").filter(has_text="“旧客户贸易”已恢复").wait_for()
    zh.get_by_test_id("recycle-bin").get_by_text("没有已删除的记录").wait_for()
    assert live_server.api(company["token"], "GET", f"accounts/{acc['id']}")["name"] == "旧客户贸易"


def test_a_quote_leads_on_to_a_contract_for_its_customer(zh: Any, live_server: Server,
                                                          company: dict[str, Any]) -> None:
    token = company["token"]
    acc = live_server.api(token, "POST", "accounts", {"name": "远景制造"})
    product = live_server.api(token, "POST", "products", {"name": "机床", "price": "12000.00"})
    quote = live_server.api(token, "POST", "quotes", {
        "name": "远景制造报价", "account_id": acc["id"],
        "lines": [{"product_id": product["id"], "quantity": "2", "unit_price": "12000.00"}]})
    _sign_in(zh, live_server, company["email"], company["password"])
    zh.goto(f"{live_server.url}/o/quotes/{quote['id']}")
    zh.get_by_test_id("quote-to-contract").click()
    zh.get_by_role("dialog").get_by_text("远景制造", exact=True).wait_for()  # the customer, filled in
    assert zh.locator("#field-name").input_value() == "远景制造报价"
    zh.get_by_test_id("form-save").click()
    zh.get_by_text("已根据报价单生成合同。").wait_for()
    zh.wait_for_url("**/o/contracts/*")
    contracts = live_server.api(token, "GET", f"contracts?account_id={acc['id']}")["items"]
    assert [(c["name"], c["amount"]) for c in contracts] == [("远景制造报价", "24000.00")]


def test_a_quote_prints_in_chinese_fonts_and_its_link_copies(zh: Any, live_server: Server,
                                                              company: dict[str, Any]) -> None:
    import re

    from playwright.sync_api import expect

    token = company["token"]
    acc = live_server.api(token, "POST", "accounts", {"name": "华光电子"})
    product = live_server.api(token, "POST", "products", {"name": "传感器", "price": "150.00"})
    quote = live_server.api(token, "POST", "quotes", {
        "name": "华光电子年度报价", "account_id": acc["id"],
        "lines": [{"product_id": product["id"], "quantity": "10", "unit_price": "150.00"}]})
    zh.context.grant_permissions(["clipboard-read", "clipboard-write"], origin=live_server.url)
    _sign_in(zh, live_server, company["email"], company["password"])
    zh.goto(f"{live_server.url}/o/quotes/{quote['id']}")
    zh.get_by_test_id("quote-print-open").click()
    sheet = zh.get_by_test_id("quote-print")
    sheet.get_by_text("华光电子", exact=True).wait_for()
    sheet.get_by_text("传感器").wait_for()
    sheet.get_by_test_id("order-lines-view").get_by_text("¥1,500.00").first.wait_for()
    expect(sheet).to_have_css("font-family", re.compile("Noto Sans CJK SC"))
    assert zh.url.endswith(f"/quotes/{quote['id']}/print")
    zh.get_by_test_id("quote-copy-link").click()
    zh.get_by_text("链接已复制").wait_for()
