"""The core flow on a 390×844 phone, in Chinese: sign in, bottom tabs, find a customer,
log a follow-up in two taps, check in with the phone's location."""

from __future__ import annotations

from typing import Any

import pytest

from tests.e2e.conftest import Server, sign_in

pytestmark = pytest.mark.e2e


def test_core_flow_on_a_phone(phone: Any, live_server: Server, company: dict[str, Any]) -> None:
    page = phone
    acc = live_server.api(company["token"], "POST", "accounts",
                          {"name": "华东精密机械", "address": "上海市浦东新区世纪大道 100 号"})
    page.context.grant_permissions(["geolocation"], origin=live_server.url)
    page.context.set_geolocation({"latitude": 31.2304, "longitude": 121.4737})

    sign_in(page, live_server, company)
    # Chinese by default for a Chinese browser; the phone layout has bottom tabs, no sider.
    page.get_by_role("heading", name="早上好", exact=False).or_(
        page.get_by_role("heading", name="下午好", exact=False)).or_(
        page.get_by_role("heading", name="晚上好", exact=False)).wait_for()
    tabs = page.locator("nav.bottom-tabs")
    tabs.wait_for()
    assert page.locator(".app-sider").count() == 0
    assert page.evaluate("document.documentElement.scrollWidth") <= 390  # nothing overflows

    tabs.get_by_text("客户").click()
    page.get_by_test_id("list-accounts").wait_for()
    page.get_by_text("华东精密机械").click()
    page.get_by_test_id("record-title").filter(has_text="华东精密机械").wait_for()
    page.get_by_test_id("account-totals").wait_for()

    # Two taps: what happened, then save.
    page.get_by_test_id("follow-up-call").tap()
    page.get_by_test_id("follow-up-save-call").tap()
    page.get_by_test_id("timeline").get_by_text("已电话沟通").wait_for()

    page.get_by_test_id("checkin").tap()
    panel = page.get_by_test_id("checkin-panel")
    panel.get_by_text("31.23040°N, 121.47370°E").wait_for()
    page.get_by_test_id("checkin-save").tap()
    page.get_by_test_id("timeline").get_by_text("上海市浦东新区世纪大道 100 号").first.wait_for()
    activities = live_server.api(company["token"], "GET",
                                 f"activities?related_id={acc['id']}&kind=checkin")["items"]
    assert activities and activities[0]["latitude"].startswith("31.2304")
