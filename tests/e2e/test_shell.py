"""The shell: sign in, language switch, navigation, search, sign out."""

from __future__ import annotations

import re
from typing import Any

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import Server, sign_in

pytestmark = pytest.mark.e2e


def test_sign_in_switch_language_and_sign_out(page: Any, live_server: Server,
                                                company: dict[str, Any]) -> None:
    page.goto(f"{live_server.url}/")
    page.wait_for_url("**/login")
    page.locator("#email").fill(company["email"])
    page.locator("#password").fill("wrong-password")
    page.locator("button[type=submit]").click()
    page.get_by_test_id("login-error").wait_for()  # the server's message, not a blank page

    sign_in(page, live_server, company)
    assert page.get_by_role("heading", name=re.compile("Good (morning|afternoon|evening)"))

    page.get_by_test_id("language-switch").get_by_text("中文").click()
    page.get_by_text("我的一天").first.wait_for()
    assert page.evaluate("document.documentElement.lang") == "zh-CN"
    # The server answers in the chosen language too.
    page.goto(f"{live_server.url}/o/accounts")
    page.get_by_role("heading", name="客户").wait_for()

    page.get_by_test_id("language-switch").get_by_text("EN").click()
    page.get_by_role("heading", name="Accounts").wait_for()

    page.get_by_test_id("user-menu").click()
    page.get_by_text("Sign out").click()
    page.wait_for_url("**/login")
    page.goto(f"{live_server.url}/o/accounts")
    page.wait_for_url("**/login")  # the session is gone, not just hidden


def test_global_search_finds_an_account(page: Any, live_server: Server,
                                        company: dict[str, Any]) -> None:
    live_server.api(company["token"], "POST", "accounts", {"name": "Zephyr Robotics"})
    sign_in(page, live_server, company)
    page.keyboard.press("Control+K")
    page.get_by_test_id("search-input").fill("zephyr")
    page.get_by_role("option", name=re.compile("Zephyr Robotics")).wait_for()
    page.keyboard.press("Enter")
    page.get_by_test_id("record-title").filter(has_text="Zephyr Robotics").wait_for()


def test_global_search_by_pinyin_initials(page: Any, live_server: Server,
                                          company: dict[str, Any]) -> None:
    """Issue 17.1: one request to /api/v1/search; 杭州云帆 answers to its initials."""
    live_server.api(company["token"], "POST", "accounts", {"name": "杭州云帆科技"})
    sign_in(page, live_server, company)
    page.keyboard.press("Control+K")
    with page.expect_request(re.compile(r"/api/v1/search\?")):
        page.get_by_test_id("search-input").fill("hzyf")
    option = page.get_by_role("option", name=re.compile("杭州云帆科技"))
    expect(option).to_be_visible()
    page.keyboard.press("Enter")
    expect(page.get_by_test_id("record-title").filter(has_text="杭州云帆科技")).to_be_visible()
