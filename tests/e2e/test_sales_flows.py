"""Sales in the browser: lead → conversion, the kanban, an order with lines, and a
payment that lowers the receivable on the 360° page."""

from __future__ import annotations

import re
from typing import Any

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import Server, sign_in

pytestmark = pytest.mark.e2e


def test_create_lead_and_convert_it(page: Any, live_server: Server,
                                    company: dict[str, Any]) -> None:
    sign_in(page, live_server, company)
    page.goto(f"{live_server.url}/o/leads")
    page.get_by_test_id("list-new").click()
    page.locator("#field-name").fill("Wang Fang")
    page.locator("#field-company").fill("Blue Sky Foods")
    page.locator("#field-mobile").fill("13912345678")
    page.get_by_test_id("form-save").click()
    page.get_by_test_id("record-title").filter(has_text="Wang Fang").wait_for()

    page.get_by_test_id("lead-convert").click()
    page.get_by_test_id("convert-deal-amount").fill("88000")
    page.get_by_test_id("convert-ok").click()
    # Lands on the new customer's 360° page with the contact and the deal.
    page.get_by_test_id("record-title").filter(has_text="Blue Sky Foods").wait_for()
    page.get_by_role("tab", name="Contacts (1)").wait_for()
    page.get_by_role("tab", name="Deals (1)").click()
    page.get_by_text("¥88,000.00").wait_for()
    leads = live_server.api(company["token"], "GET", "leads?q=Wang%20Fang")["items"]
    assert leads[0]["status"] == "converted"


def test_convert_warns_about_an_existing_customer(page: Any, live_server: Server,
                                                  company: dict[str, Any]) -> None:
    acc = live_server.api(company["token"], "POST", "accounts", {"name": "Red River Steel"})
    lead = live_server.api(company["token"], "POST", "leads",
                           {"name": "Zhao Lei", "company": "Red River Steel"})
    sign_in(page, live_server, company)
    page.goto(f"{live_server.url}/o/leads/{lead['id']}")
    page.get_by_test_id("lead-convert").click()
    dup = page.get_by_test_id("convert-duplicates")
    dup.wait_for()
    dup.get_by_role("radio").nth(1).check()
    page.get_by_test_id("convert-ok").click()
    page.wait_for_url(f"**/o/accounts/{acc['id']}")
    page.get_by_role("tab", name="Contacts (1)").wait_for()


def test_drag_opportunity_to_next_stage_persists(page: Any, live_server: Server,
                                                 company: dict[str, Any]) -> None:
    token = company["token"]
    acc = live_server.api(token, "POST", "accounts", {"name": "Globex"})
    opp = live_server.api(token, "POST", "opportunities",
                          {"name": "Globex rollout", "account_id": acc["id"], "amount": "50000"})
    assert opp["stage"] == "initial"
    sign_in(page, live_server, company)
    page.goto(f"{live_server.url}/pipeline")
    card = page.get_by_test_id(f"card-{opp['id']}")
    target = page.get_by_test_id("stage-qualified")
    card.wait_for()
    box, drop = card.bounding_box(), target.bounding_box()
    page.mouse.move(box["x"] + 20, box["y"] + 10)
    page.mouse.down()
    page.mouse.move(box["x"] + 40, box["y"] + 20, steps=5)
    page.mouse.move(drop["x"] + drop["width"] / 2, drop["y"] + 80, steps=15)
    page.mouse.up()
    target.get_by_test_id(f"card-{opp['id']}").wait_for()
    assert page.get_by_test_id("stage-sum-qualified").inner_text() == "50K"

    page.reload()
    page.get_by_test_id("stage-qualified").get_by_test_id(f"card-{opp['id']}").wait_for()
    assert live_server.api(token, "GET", f"opportunities/{opp['id']}")["stage"] == "qualified"


def number_input(page: Any, test_id: str) -> Any:
    """Ant Design puts the test id on the <input> or on its wrapper, by version."""
    return page.locator(f"input[data-testid={test_id}], [data-testid={test_id}] input").first


def pick_option(page: Any, select_id: str, text: str) -> None:
    page.locator(f"#{select_id}").click()
    page.locator(f"#{select_id}").fill(text)
    page.locator(".ant-select-item-option:visible", has_text=text).first.click()


def test_order_with_two_lines_and_a_payment(page: Any, live_server: Server,
                                            company: dict[str, Any]) -> None:

    token = company["token"]
    acc = live_server.api(token, "POST", "accounts", {"name": "Initech"})
    live_server.api(token, "POST", "products", {"name": "Printer", "price": "1999.90"})
    live_server.api(token, "POST", "products", {"name": "Toner", "price": "0.10"})
    sign_in(page, live_server, company)
    page.goto(f"{live_server.url}/o/accounts/{acc['id']}")
    page.get_by_role("tab", name="Orders (0)").click()
    page.get_by_test_id("add-order").click()
    page.get_by_test_id("order-editor").wait_for()

    pick_option(page, "line-0-product", "Printer")
    number_input(page, "line-0-price").wait_for()
    # Locator assertions, not wait_for_function: the app's CSP forbids the eval it needs.
    expect(page.get_by_test_id("line-0-amount")).to_have_text("¥1,999.90")
    number_input(page, "line-0-quantity").fill("2")
    number_input(page, "line-0-discount").fill("10")
    page.get_by_test_id("add-line").click()
    pick_option(page, "line-1-product", "Toner")
    number_input(page, "line-1-quantity").fill("3")
    # 2 × 1999.90 × 90 % + 3 × 0.10, live, before anything is saved
    expect(page.get_by_test_id("order-total")).to_have_text("¥3,600.12")
    page.get_by_test_id("order-save").click()
    page.get_by_test_id("detail-orders").wait_for()
    order = live_server.api(token, "GET", f"orders?account_id={acc['id']}")["items"][0]
    assert order["total"] == "3600.12"

    page.get_by_role("button", name="Submit for approval").wait_for()
    assert page.get_by_test_id("record-payment").count() == 0  # a draft takes no money
    page.get_by_role("button", name="Submit for approval").click()
    # No approval flow applies: approved at once, and said so (not "submitted").
    page.get_by_text("Approved: no approval flow applies").wait_for()
    page.goto(f"{live_server.url}/o/accounts/{acc['id']}")
    assert page.get_by_test_id("total-receivable").inner_text().endswith("¥3,600.12")

    page.get_by_role("tab", name="Orders (1)").click()
    page.get_by_test_id("record-payment").click()
    number_input(page, "payment-amount").fill("1000")
    page.get_by_test_id("payment-save").click()
    expect(page.get_by_test_id("total-receivable")).to_have_text(re.compile(r"¥2,600\.12$"))
    assert page.get_by_test_id("total-paid_amount").inner_text().endswith("¥1,000.00")
