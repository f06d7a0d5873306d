"""Analytics and administration in the browser: the dashboard and the report builder
on real figures; a custom field added in the admin shows up in the form and the list."""

from __future__ import annotations

from typing import Any

import pytest

from tests.e2e.conftest import Server, sign_in

pytestmark = pytest.mark.e2e


def test_dashboard_and_report_builder(page: Any, live_server: Server,
                                      company: dict[str, Any]) -> None:
    token = company["token"]
    acc = live_server.api(token, "POST", "accounts", {"name": "Umbrella"})
    for name, amount in (("Umbrella HQ", "120000"), ("Umbrella labs", "30000.50")):
        live_server.api(token, "POST", "opportunities",
                        {"name": name, "account_id": acc["id"], "amount": amount})
    sign_in(page, live_server, company)
    page.goto(f"{live_server.url}/analytics")
    page.locator("[data-testid=funnel-chart][data-rendered=true] canvas").wait_for()

    page.goto(f"{live_server.url}/analytics/reports")
    page.get_by_test_id("report-run").click()
    table = page.get_by_test_id("report-table")
    table.wait_for()
    # Opportunities by stage: both new deals are in the first stage, summed exactly.
    row = table.locator("tr", has_text="initial")
    assert "2" in row.inner_text() and "¥150,000.50" in row.inner_text()


def test_custom_field_appears_in_form_and_list(page: Any, live_server: Server,
                                               company: dict[str, Any]) -> None:
    sign_in(page, live_server, company)
    page.goto(f"{live_server.url}/admin/fields")
    page.get_by_test_id("fields-admin").wait_for()
    page.locator("button:visible", has_text="Add field").click()
    dialog = page.get_by_role("dialog")
    dialog.locator("#label").fill("Budget code")
    dialog.locator("#api_name").fill("budget_code")
    dialog.locator("button", has_text="OK").click()
    page.get_by_role("cell", name="budget_code").wait_for()

    page.goto(f"{live_server.url}/o/accounts")
    page.get_by_test_id("list-new").click()
    page.locator("#field-name").fill("Wayne Enterprises")
    page.locator("#field-budget_code").fill("BC-042")
    page.get_by_test_id("form-save").click()
    page.get_by_test_id("record-title").filter(has_text="Wayne Enterprises").wait_for()
    page.get_by_text("BC-042").first.wait_for()  # in the fields (and the timeline)
    saved = live_server.api(company["token"], "GET", "accounts?q=Wayne")["items"][0]
    assert saved["budget_code"] == "BC-042"
