"""Every screen reads as the business, never as the database (issue 13): the demo
company's administrator and a rep walk every route of the app — lists, records,
new-record forms, the pipeline, analytics and administration — in Chinese (and the
administrator again in English), and no screen may show a stored choice
(``negotiation``, ``bank_transfer``), an api name, an event code, a record id, a
version or a raw UTC timestamp."""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import DemoCompany, Server, sign_in
from tests.e2e.screens import ScreenCheck, internal_words

pytestmark = pytest.mark.e2e

SCREENS = ["/", "/pipeline", "/leads/pool", "/approvals", "/analytics", "/analytics/forecast",
           "/analytics/targets", "/analytics/dashboards", "/analytics/reports", "/orders/new",
           "/quotes/new"]
ADMIN_SCREENS = ["/admin", "/admin/departments", "/admin/users", "/admin/fields",
                 "/admin/import", "/admin/rules", "/admin/audit", "/admin/webhooks",
                 "/admin/templates", "/admin/layouts"]
# Created in their own editors (SCREENS), not the generic form.
LINE_EDITORS = {"orders", "quotes"}


@contextmanager
def _browser_page(browser: Any, locale: str) -> Iterator[Any]:
    ctx = browser.new_context(viewport={"width": 1366, "height": 860}, locale=locale)
    ctx.set_default_timeout(15_000)
    try:
        yield ctx.new_page()
    finally:
        ctx.close()


def _open(page: Any, path: str) -> None:
    """Go to ``path`` inside the running app, as its own links do (a full page load
    per screen would spend most of the walk starting the app again)."""
    page.evaluate("p => { history.pushState(null, '', p); dispatchEvent(new PopStateEvent('popstate')) }",
                  path)
    # The app shows the old screen until the new one is ready: wait for the new one.
    route = path.split("?")[0]
    expect(page.locator(f".app-content[data-route='{route}']")).to_have_count(1)


# Text a person typed is content, whatever its words (a UTM medium "social").
TYPED = {"text", "textarea", "email", "phone", "url"}


def _typed_words(server: Server, token: str, obj: dict[str, Any], record_id: str) -> set[str]:
    record = server.api(token, "GET", f"{obj['api_name']}/{record_id}")
    typed = {f["api_name"] for f in obj["fields"] if f["type"] in TYPED}
    return {w for name in typed if isinstance(record.get(name), str)
            for w in re.findall(r"[A-Za-z0-9_]+", record[name])}


def _walk(check: ScreenCheck, server: Server, user: dict[str, Any], *, admin: bool,
          forms: bool) -> None:
    page = check.page
    objects = server.api(user["token"], "GET", "meta/objects")["items"]
    # Administrators' screens about the API itself: a field's API name (what imports
    # and integrations name it by) and webhook event types (what a receiver is sent).
    field_names = {f["api_name"] for o in objects for f in o["fields"]}
    about_the_api = {"/admin/fields": field_names, "/admin/layouts": field_names,
                     "/admin/webhooks": {o["api_name"] for o in objects}}
    for path in SCREENS + (ADMIN_SCREENS if admin else []):
        _open(page, path)
        check.check(path, about_the_api.get(path))
    # Filters name what they filter by: a choice, a person ("my records").
    me = server.api(user["token"], "GET", "me")
    me_id = me["id"]
    path = f"/o/opportunities?status__in=won,lost&owner_id={me_id}"
    _open(page, path)
    check.check(path.replace(str(me_id), "<me>"))
    for obj in objects:
        name = obj["api_name"]
        # The record with the longest history first: it shows stages, approvals, edits.
        _open(page, f"/o/{name}?sort=-version")
        page.get_by_test_id(f"list-{name}").wait_for()
        check.check(f"/o/{name}")
        if forms and "create" in obj["permissions"] and name not in LINE_EDITORS:
            page.get_by_test_id("list-new").click()
            drawer = page.locator(".ant-drawer-open, .ant-modal-wrap").last
            drawer.wait_for()
            check.check(f"/o/{name} (new)")
            page.keyboard.press("Escape")
            expect(drawer).to_be_hidden()
        first = page.locator(f"[data-testid=list-{name}] .ant-table-row a").first
        if first.count():
            first.click()
            page.get_by_test_id("record-title").wait_for()
            record_id = page.url.rsplit("/", 1)[-1]
            check.check(f"/o/{name}/<id>", _typed_words(server, user["token"], obj, record_id))
            if name == "quotes":  # the page a customer is sent
                page.goto(f"{server.url}/quotes/{record_id}/print")
                page.get_by_test_id("order-lines-view").wait_for()
                check.check("/quotes/<id>/print", _typed_words(server, user["token"], obj, record_id))


@pytest.mark.parametrize(("who", "locale"), [("admin", "zh-CN"), ("rep", "zh-CN"),
                                             ("admin", "en-US")])
def test_no_screen_shows_internal_values(browser: Any, live_server: Server,
                                          demo_company: DemoCompany, who: str,
                                          locale: str) -> None:
    user = demo_company.admin if who == "admin" else demo_company.rep
    with _browser_page(browser, locale) as page:
        sign_in(page, live_server, user)
        check = ScreenCheck(page, internal_words(), plain_words=locale.startswith("zh"))
        # New-record forms render the same fields in both languages: once is enough.
        _walk(check, live_server, user, admin=who == "admin",
              forms=who == "admin" and locale.startswith("zh"))
    assert len(check.visited) > 30
    assert not check.found, f"internal values on {len(check.found)} screens:\n{check.report()}"
