"""A first password someone else chose (issue 10.3): signing in with it leads to
choosing one's own before anything else, in Chinese."""

from __future__ import annotations

import uuid
from typing import Any

import httpx
import pytest

from tests.e2e.conftest import Server

pytestmark = pytest.mark.e2e


def test_first_sign_in_leads_to_a_new_password(browser: Any, live_server: Server,
                                               company: dict[str, Any],
                                               request: pytest.FixtureRequest) -> None:
    from tests.e2e.conftest import _new_page

    email = f"first-{uuid.uuid4().hex[:8]}@e2e.test"
    live_server.api(company["token"], "POST", "users", {
        "name": "新同事", "email": email, "password": "Given-by-admin-31",
        "roles": ["sales_rep"], "must_change_password": True})
    pages = _new_page(browser, request, locale="zh-CN")
    page = next(pages)
    try:
        page.goto(f"{live_server.url}/login")
        page.locator("#email").fill(email)
        page.locator("#password").fill("Given-by-admin-31")
        page.locator("button[type=submit]").click()
        page.get_by_test_id("first-password").wait_for()
        page.get_by_text("设置您自己的密码").wait_for()
        # Nothing else of the app: no navigation, no "my day".
        assert page.get_by_test_id("my-day").count() == 0
        # The password just typed is not asked for again.
        assert page.locator("#current").count() == 0
        page.locator("#password").fill("Given-by-admin-31")
        page.locator("#confirm").fill("Given-by-admin-31")
        page.get_by_test_id("first-password-submit").click()
        page.get_by_text("新密码不能与原密码相同").wait_for()  # the server's words, in Chinese

        # A deep link still leads here; after the reload the first password is asked for.
        page.goto(f"{live_server.url}/o/accounts")
        page.get_by_test_id("first-password").wait_for()
        page.locator("#current").fill("Given-by-admin-31")
        page.locator("#password").fill("Lotus-pond-7781")
        page.locator("#confirm").fill("Lotus-pond-7781")
        page.get_by_test_id("first-password-submit").click()
        page.get_by_role("heading", name="客户").wait_for()  # where they were going
        assert page.get_by_test_id("first-password").count() == 0
    finally:
        for _ in pages:
            pass
    r = httpx.post(f"{live_server.url}/api/v1/auth/login",
                   json={"email": email, "password": "Lotus-pond-7781"})
    assert r.status_code == 200 and r.json()["user"]["must_change_password"] is False
