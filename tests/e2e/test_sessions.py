"""Sessions across tabs and forgotten passwords in the browser (issue 13.4): a new tab
opened after the last one closed stays signed in and can save; an administrator's
reset link leads the user to a new password, in Chinese."""

from __future__ import annotations

import uuid
from typing import Any

import httpx
import pytest

from tests.e2e.conftest import Server, _new_page, sign_in

pytestmark = pytest.mark.e2e


def test_a_new_tab_after_the_last_one_closed_stays_signed_in_and_saves(
        browser: Any, live_server: Server, company: dict[str, Any]) -> None:
    context = browser.new_context(viewport={"width": 1366, "height": 860}, locale="en-US")
    context.set_default_timeout(15_000)
    try:
        first = context.new_page()
        sign_in(first, live_server, company)
        tab = context.new_page()
        first.close()  # no other tab is left to hand anything over
        tab.goto(f"{live_server.url}/o/accounts")
        tab.get_by_role("heading", name="Accounts").wait_for()
        assert "/login" not in tab.url
        tab.get_by_test_id("list-new").click()
        tab.locator("#field-name").fill("Opened in a new tab")
        tab.get_by_test_id("form-save").click()
        tab.get_by_test_id("record-title").filter(has_text="Opened in a new tab").wait_for()
    finally:
        context.close()
    found = live_server.api(company["token"], "GET", "accounts?name=Opened%20in%20a%20new%20tab")
    assert len(found["items"]) == 1


def test_an_admin_reset_link_leads_to_a_new_password_in_chinese(
        browser: Any, live_server: Server, company: dict[str, Any],
        request: pytest.FixtureRequest) -> None:
    email = f"forgot-{uuid.uuid4().hex[:8]}@e2e.test"
    live_server.api(company["token"], "POST", "users", {
        "name": "王忘记", "email": email, "password": "Old-lantern-462", "roles": ["sales_rep"]})
    pages = _new_page(browser, request, locale="zh-CN")
    page = next(pages)
    try:
        # Without mail the sign-in page's link says who can help.
        page.goto(f"{live_server.url}/login")
        page.get_by_test_id("forgot-link").click()
        page.get_by_test_id("forgot-ask-admin").filter(has_text="联系管理员").wait_for()

        # The administrator makes a link for the user and copies it.
        sign_in(page, live_server, company)
        page.goto(f"{live_server.url}/admin/users")
        page.get_by_test_id("users-admin").get_by_text("王忘记", exact=True).click()
        page.get_by_test_id("user-reset-link").click()
        link = page.get_by_role("dialog").filter(has_text="王忘记 的重置链接") \
            .get_by_test_id("reset-link")
        url = link.inner_text().strip()
        assert "/reset-password#token=" in url
        page.get_by_role("button", name="知道了").click()
        page.keyboard.press("Escape")
        live_server.api(company["token"], "POST", "auth/logout")
        page.context.clear_cookies()

        # The user opens it: a common password is refused in Chinese, then one is set.
        page.goto(url)
        page.get_by_text("设置新密码").first.wait_for()
        assert "token" not in page.url  # taken out of the address bar
        page.locator("#reset-password").fill("qwerty123")
        page.locator("#reset-confirm").fill("qwerty123")
        page.get_by_test_id("reset-submit").click()
        page.get_by_text("该密码过于常见").wait_for()
        page.locator("#reset-password").fill("Quiet-meadow-915")
        page.locator("#reset-confirm").fill("Quiet-meadow-915")
        page.get_by_test_id("reset-submit").click()
        page.get_by_text("新密码已设置").wait_for()
        page.get_by_test_id("reset-sign-in").click()
        assert page.locator("#email").input_value() == email
        page.locator("#password").fill("Quiet-meadow-915")
        page.locator("button[type=submit]").click()
        page.get_by_test_id("my-day").wait_for()

        # The link was for one use.
        page.goto(url)
        page.locator("#reset-password").fill("Another-summit-208")
        page.locator("#reset-confirm").fill("Another-summit-208")
        page.get_by_test_id("reset-submit").click()
        page.get_by_test_id("reset-error").filter(has_text="已过期或已被使用").wait_for()
    finally:
        for _ in pages:
            pass
    old = httpx.post(f"{live_server.url}/api/v1/auth/login",
                     json={"email": email, "password": "Old-lantern-462"})
    assert old.status_code == 401
