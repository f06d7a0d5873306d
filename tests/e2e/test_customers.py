"""Customers in the browser: an account with a contact, the duplicate warning, and a
stale edit that shows both versions."""

from __future__ import annotations

from typing import Any

import pytest

from tests.e2e.conftest import Server, sign_in

pytestmark = pytest.mark.e2e


def create_account(page: Any, server: Server, name: str) -> None:
    page.goto(f"{server.url}/o/accounts")
    page.get_by_test_id("list-new").click()
    page.locator("#field-name").fill(name)
    page.locator("#field-city").fill("上海")
    page.get_by_test_id("form-save").click()


def test_create_account_with_contact(page: Any, live_server: Server,
                                     company: dict[str, Any]) -> None:
    sign_in(page, live_server, company)
    create_account(page, live_server, "Northwind Trading")
    page.get_by_test_id("record-title").filter(has_text="Northwind Trading").wait_for()
    page.get_by_test_id("account-totals").wait_for()  # the 360° page

    page.get_by_role("tab", name="Contacts (0)").click()
    page.get_by_test_id("add-contacts").click()
    page.locator("#field-name").fill("Li Lei")
    page.locator("#field-mobile").fill("13800138000")
    page.locator("#field-email").fill("not-an-email")
    page.get_by_test_id("form-save").click()
    # A mistake is shown on its field and nothing typed is lost.
    page.get_by_text("Enter a valid email address").wait_for()
    assert page.locator("#field-name").input_value() == "Li Lei"
    page.locator("#field-email").fill("lilei@northwind.example")
    page.get_by_test_id("form-save").click()
    page.get_by_role("tab", name="Contacts (1)").wait_for()
    page.get_by_role("link", name="Li Lei").wait_for()

    # The contact knows its account: open it and follow the link back.
    page.get_by_role("link", name="Li Lei").click()
    page.get_by_test_id("record-title").filter(has_text="Li Lei").wait_for()
    page.get_by_role("link", name="Northwind Trading").first.wait_for()


def test_duplicate_account_warning(page: Any, live_server: Server,
                                   company: dict[str, Any]) -> None:
    live_server.api(company["token"], "POST", "accounts", {"name": "Contoso Ltd"})
    sign_in(page, live_server, company)
    create_account(page, live_server, "Contoso Ltd")
    warning = page.get_by_test_id("duplicate-warning")
    warning.wait_for()
    assert "Contoso Ltd" in warning.inner_text()
    # Nothing was saved yet; the user decides.
    assert page.locator("#field-name").input_value() == "Contoso Ltd"
    page.get_by_test_id("save-anyway").click()
    page.get_by_test_id("record-title").filter(has_text="Contoso Ltd").wait_for()
    accounts = live_server.api(company["token"], "GET", "accounts?name=Contoso%20Ltd")
    assert len(accounts["items"]) == 2


def test_stale_edit_shows_both_versions(page: Any, live_server: Server,
                                        company: dict[str, Any]) -> None:
    acc = live_server.api(company["token"], "POST", "accounts",
                          {"name": "Fabrikam", "industry": "Retail"})
    sign_in(page, live_server, company)
    page.goto(f"{live_server.url}/o/accounts/{acc['id']}")
    page.get_by_test_id("record-title").filter(has_text="Fabrikam").wait_for()
    # Someone else saves a change after the page was read.
    live_server.api(company["token"], "PATCH", f"accounts/{acc['id']}",
                    {"industry": "Manufacturing", "version": acc["version"]})
    page.get_by_test_id("detail-edit").click()
    page.locator("#field-industry").fill("Logistics")
    page.get_by_test_id("form-save").click()
    dialog = page.get_by_role("dialog", name="Someone else changed this record")
    dialog.get_by_text("Manufacturing").wait_for()  # theirs, loaded fresh
    dialog.get_by_text("Logistics").wait_for()  # mine, kept
    page.get_by_role("button", name="Save merged").click()
    dialog.wait_for(state="detached")
    saved = live_server.api(company["token"], "GET", f"accounts/{acc['id']}")
    assert saved["industry"] == "Logistics" and saved["version"] == acc["version"] + 2
