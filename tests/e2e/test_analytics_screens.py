"""Analytics screens in the browser: a manager sets a target and sees it on the gauge and
the leaderboard; the report builder names deal stages; a dashboard built from widgets
keeps the order the user gave it with the keyboard after a reload."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import Server, sign_in

pytestmark = pytest.mark.e2e


def test_target_shows_on_gauge_and_leaderboard(page: Any, live_server: Server,
                                               company: dict[str, Any]) -> None:
    token = company["token"]
    me = live_server.api(token, "GET", "me")
    acc = live_server.api(token, "POST", "accounts", {"name": "Initech"})
    live_server.api(token, "POST", "opportunities", {"name": "Initech roll-out",
                                                     "account_id": acc["id"], "amount": "250.50",
                                                     "stage": "won"})
    live_server.api(token, "POST", "opportunities", {"name": "Initech pilot",
                                                     "account_id": acc["id"], "amount": "99"})
    sign_in(page, live_server, company)
    page.goto(f"{live_server.url}/analytics/targets")
    page.get_by_test_id(f"target-set-{me['id']}").click()
    page.get_by_test_id("target-amount").fill("1,002")
    page.get_by_test_id("target-save").click()
    # 250.50 of 1,002.00 is 25.0 %: on the gauge and on the admin's leaderboard row.
    page.locator("[data-testid=target-gauge][data-percent='25']").wait_for()
    row = page.get_by_test_id("leaderboard-row").filter(has_text="Ada Admin")
    assert "¥250.50" in row.inner_text() and "25%" in row.inner_text()
    assert live_server.api(token, "GET", "targets")["items"][0]["amount"] == "1002.00"

    page.goto(f"{live_server.url}/analytics")
    page.locator("[data-testid=target-gauge][data-percent='25']").wait_for()

    # The report builder shows the stage's name, not its key.
    page.goto(f"{live_server.url}/analytics/reports")
    page.get_by_test_id("report-run").click()
    table = page.get_by_test_id("report-table")
    table.get_by_role("cell", name="Initial contact", exact=True).wait_for()
    assert table.get_by_role("cell", name="initial", exact=True).count() == 0


def _add_widget(page: Any, title: str) -> None:

    page.get_by_test_id("widget-add").first.click()
    dialog = page.get_by_role("dialog")
    # The dialog opens with an animation and moves focus into itself when it ends: the
    # title is typed once it is there, and checked before OK (a flake typed into the
    # opening dialog and saved nothing).
    field = dialog.get_by_test_id("widget-title")
    expect(field).to_be_focused()
    field.fill(title)
    expect(field).to_have_value(title)
    dialog.get_by_test_id("widget-ok").click()
    expect(dialog).to_have_count(0)
    page.locator(f"[data-testid=widget][data-widget-title='{title}']").wait_for()


def _titles(page: Any) -> list[str]:
    return [w.get_attribute("data-widget-title")
            for w in page.get_by_test_id("widget").all()]


def test_dashboard_widgets_keep_their_order(page: Any, live_server: Server,
                                            company: dict[str, Any]) -> None:
    sign_in(page, live_server, company)
    page.goto(f"{live_server.url}/analytics/dashboards")
    page.get_by_test_id("dashboard-new").click()
    page.get_by_test_id("dashboard-new-name").fill("Weekly review")
    page.get_by_test_id("dashboard-create").click()
    page.get_by_test_id("dashboard-editor").wait_for()
    _add_widget(page, "Revenue A")
    _add_widget(page, "Revenue B")
    page.get_by_test_id("dashboard-save").click()
    page.get_by_text("Saved").first.wait_for()
    assert _titles(page) == ["Revenue A", "Revenue B"]

    # Keyboard only: pick B up, move it left, drop it, save.
    handle = page.get_by_test_id("widget-handle").nth(1)
    handle.focus()
    # dnd-kit measures the widgets after picking one up: give it a frame between keys.
    for key in ("Space", "ArrowLeft", "Space"):
        page.keyboard.press(key)
        page.wait_for_timeout(250)
    # A locator assertion, not wait_for_function: the app's CSP forbids the eval it needs.
    widgets = page.get_by_test_id("widget")
    expect(widgets.nth(0)).to_have_attribute("data-widget-title", "Revenue B")
    expect(widgets.nth(1)).to_have_attribute("data-widget-title", "Revenue A")
    page.get_by_test_id("dashboard-save").click()
    page.get_by_text("Saved").first.wait_for()

    page.reload()
    page.get_by_test_id("widget").first.wait_for()
    assert _titles(page) == ["Revenue B", "Revenue A"]

    # Someone else saves meanwhile: our save is refused, we are told, theirs is loaded.
    board_id = page.url.rsplit("/", 1)[1]
    board = live_server.api(company["token"], "GET", f"dashboards/{board_id}")
    live_server.api(company["token"], "PATCH", f"dashboards/{board_id}",
                    {"name": "Monday review", "version": board["version"]})
    page.get_by_test_id("dashboard-name").fill("Friday review")
    page.get_by_test_id("dashboard-save").click()
    page.get_by_text("Someone else saved this dashboard").wait_for()
    page.locator("[data-testid=dashboard-name][value='Monday review']").wait_for()
