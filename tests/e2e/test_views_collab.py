"""Saved views and collaboration in the browser: a manager saves a list view shared with
the department and a rep of that department opens it after signing in; a comment on a
record is still there after a reload; following a record counts the follower."""

from __future__ import annotations

import re
import uuid
from typing import Any

import httpx
import pytest

from tests.e2e.conftest import ARTIFACTS, Server, sign_in

pytestmark = pytest.mark.e2e


def _user(server: Server, admin_token: str, name: str, role: str, department_id: str
          ) -> dict[str, Any]:
    email = f"{name.lower()}-{uuid.uuid4().hex[:8]}@e2e.test"
    server.api(admin_token, "POST", "users", {"name": name, "email": email,
                                              "password": "Tr0ut-canyon-58", "roles": [role],
                                              "department_id": department_id})
    r = httpx.post(f"{server.url}/api/v1/auth/login",
                   json={"email": email, "password": "Tr0ut-canyon-58"})
    assert r.status_code == 200, r.text
    return {"email": email, "password": "Tr0ut-canyon-58", "token": r.json()["access_token"]}


def test_shared_view_comment_and_follow(page: Any, live_server: Server,
                                        company: dict[str, Any]) -> None:
    admin = company["token"]
    east = live_server.api(admin, "POST", "departments", {"name": "East sales"})
    manager = _user(live_server, admin, "Mia", "sales_manager", east["id"])
    rep = _user(live_server, admin, "Ray", "sales_rep", east["id"])
    account = live_server.api(rep["token"], "POST", "accounts", {"name": "Acme Widgets"})

    # The manager saves the searched list as a view for the department.
    sign_in(page, live_server, manager)
    page.goto(f"{live_server.url}/o/accounts?q=Acme")
    page.get_by_test_id("list-total").wait_for()
    page.get_by_test_id("views-button").click()
    page.get_by_role("menuitem", name="Save as new view…").click()
    dialog = page.get_by_role("dialog")
    dialog.get_by_test_id("view-name").fill("East key accounts")
    dialog.get_by_text("My department").click()
    dialog.get_by_role("button", name="Save").click()
    page.get_by_test_id("views-button").filter(has_text="East key accounts").wait_for()
    assert "view=" in page.url

    # On the record: a comment survives a reload; following adds the manager.
    page.goto(f"{live_server.url}/o/accounts/{account['id']}")
    page.get_by_role("tab", name="Comments").click()
    page.locator("[data-testid=comments] textarea").first.fill("Call them about the renewal")
    page.get_by_test_id("comment-post").click()
    page.get_by_test_id("comment").filter(has_text="Call them about the renewal").wait_for()
    page.reload()
    page.get_by_role("tab", name="Comments").click()
    page.get_by_test_id("comment").filter(has_text="Call them about the renewal").wait_for()
    assert page.get_by_test_id("follower-count").inner_text() == "1"  # the owner
    page.get_by_test_id("follow-button").filter(has_text="Follow").click()
    page.get_by_test_id("follow-button").filter(has_text="Unfollow").wait_for()
    page.get_by_test_id("follower-count").filter(has_text="2").wait_for()
    page.screenshot(path=str(ARTIFACTS / "views_collab_record.png"), full_page=True)

    # A rep of the department signs in and finds the view under "Shared with me".
    page.context.clear_cookies()
    sign_in(page, live_server, rep)
    page.goto(f"{live_server.url}/o/accounts")
    page.get_by_test_id("views-button").click()
    page.get_by_text("Shared with me").wait_for()
    page.get_by_test_id("view-East key accounts").click()
    page.wait_for_url(re.compile(r"q=Acme"))
    page.get_by_role("link", name="Acme Widgets").wait_for()
