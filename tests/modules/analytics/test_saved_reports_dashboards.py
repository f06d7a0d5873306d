"""Saved reports with sharing, CSV/XLSX export with formula injection disarmed, and
dashboards (saved layouts and the two defaults)."""

from __future__ import annotations

import csv
import io
from typing import Any

from openpyxl import load_workbook

from tests.factories import Api, Tenant
from tests.modules.analytics.helpers import add_custom_fields, error_fields

SPEC = {"object": "accounts", "group_by": ["industry"],
        "measures": [{"agg": "count"}], "sort": "-count"}


def _save(api: Api, sharing: str = "private", **extra: Any) -> dict[str, Any]:
    r = api.post("reports", {"name": "By industry", **SPEC, "sharing": sharing, **extra})
    assert r.status_code == 201, r.text
    return r.json()  # type: ignore[no-any-return]


def test_sharing_private_department_all(tenant: Tenant) -> None:
    east = tenant.department("East")["id"]
    east1 = tenant.department("East-1", east)["id"]
    west = tenant.department("West")["id"]
    author = tenant.user("Author", department_id=east)
    below = tenant.user("Below", department_id=east1)
    other = tenant.user("Other", department_id=west)
    private = _save(author)
    shared = _save(author, "department")
    public = _save(author, "all")
    assert shared["department_id"] == east

    def visible(api: Api) -> set[str]:
        return {r["id"] for r in api.get("reports").json()["items"]}

    assert visible(author) == {private["id"], shared["id"], public["id"]}
    assert visible(below) == {shared["id"], public["id"]}
    assert visible(other) == {public["id"]}
    assert other.get(f"reports/{private['id']}").status_code == 404
    assert other.get(f"reports/{shared['id']}/run").status_code == 404
    # Seeing is not owning: only the author (or an admin) changes or deletes it.
    assert other.patch(f"reports/{public['id']}", {"name": "Mine", "version": 1}
                       ).status_code == 403
    assert other.delete(f"reports/{public['id']}").status_code == 403
    renamed = author.patch(f"reports/{public['id']}", {"name": "Renamed", "version": 1})
    assert renamed.status_code == 200 and renamed.json()["version"] == 2
    assert author.patch(f"reports/{public['id']}", {"name": "x", "version": 1}
                        ).status_code == 409
    assert tenant.admin.delete(f"reports/{public['id']}").status_code == 204
    assert visible(other) == set()


def test_a_shared_report_runs_with_the_viewers_scope(tenant: Tenant) -> None:
    author = tenant.user("Author")
    viewer = tenant.user("Viewer")
    for i in range(3):
        author.create("accounts", name=f"a{i}", industry="IT")
    viewer.create("accounts", name="v", industry="IT")
    report = _save(author, "all")
    assert author.get(f"reports/{report['id']}/run").json()["rows"] == [
        {"industry": "IT", "count": 3}]
    assert viewer.get(f"reports/{report['id']}/run").json()["rows"] == [
        {"industry": "IT", "count": 1}]
    assert tenant.admin.get(f"reports/{report['id']}/run").json()["rows"] == [
        {"industry": "IT", "count": 4}]


def test_saving_checks_the_definition_and_the_metadata(admin: Api) -> None:
    r = admin.post("reports", {"name": "", **SPEC, "group_by": ["nope"],
                               "sharing": "world"})
    assert set(error_fields(r)) == {"name", "group_by.0", "sharing"}
    r = admin.post("reports", {"name": "x", **SPEC, "sharing": "department"})
    assert error_fields(r) == ["sharing"]  # the admin belongs to no department


def test_csv_and_xlsx_exports_disarm_formulas(admin: Api) -> None:
    for i, industry in enumerate(("=HYPERLINK(\"http://evil\")", "+1+1", "@SUM(A1)", "-2+3",
                                  "制造")):
        admin.create("accounts", name=f"x{i}", industry=industry)
    report = _save(admin, "private", name="行业 report")
    r = admin.get(f"reports/{report['id']}/export", params={"format": "csv"})
    assert r.status_code == 200
    assert r.headers["content-type"].startswith("text/csv")
    assert "filename*=UTF-8''" in r.headers["content-disposition"]
    rows = list(csv.reader(io.StringIO(r.content.decode("utf-8-sig"))))
    assert rows[0] == ["Industry", "Count"]
    cells = {row[0] for row in rows[1:]}
    assert cells == {"'=HYPERLINK(\"http://evil\")", "'+1+1", "'@SUM(A1)", "'-2+3", "制造"}
    r = admin.post("reports/export", SPEC, params={"format": "xlsx"})
    assert r.status_code == 200
    sheet = load_workbook(io.BytesIO(r.content)).active
    values = [[c.value for c in row] for row in sheet.iter_rows()]
    assert values[0] == ["Industry", "Count"]
    assert {v[0] for v in values[1:]} == cells
    assert all(isinstance(v[1], int) for v in values[1:])
    assert all(c.data_type != "f" for row in sheet.iter_rows() for c in row)
    bad = admin.post("reports/export", SPEC, params={"format": "pdf"})
    assert bad.status_code == 422 and bad.json()["errors"][0]["field"] == "format"


def test_amounts_export_as_numbers_even_when_negative(tenant: Tenant, sessions: Any) -> None:
    add_custom_fields(sessions, tenant.id, "accounts", {"cf_budget": {"type": "money"}})
    admin = tenant.admin
    for i, budget in enumerate(("10.10", "-2.05", "-2.05")):
        admin.create("accounts", name=f"b{i}", cf_budget=budget)
    spec = {"object": "accounts", "group_by": ["cf_budget"], "sort": "cf_budget",
            "measures": [{"field": "cf_budget", "agg": "sum"}]}
    r = admin.post("reports/export", spec, params={"format": "xlsx"})
    sheet = load_workbook(io.BytesIO(r.content)).active
    rows = [[c.value for c in row] for row in sheet.iter_rows()]
    assert rows == [["cf_budget", "cf_budget (sum)"], [-2.05, -4.1], [10.1, 10.1]]
    r = admin.post("reports/export", spec, params={"format": "csv"})
    assert list(csv.reader(io.StringIO(r.content.decode("utf-8-sig"))))[1] == ["-2.05",
                                                                               "-4.10"]


def test_export_needs_the_export_permission(tenant: Tenant) -> None:
    key = "no_export"
    tenant.admin.create("roles", key=key, name=key, data_scope="all",
                        permissions={"*": ["read"]})
    reader = tenant.user("Reader", roles=[key])
    assert reader.post("reports/run", SPEC).status_code == 200
    assert reader.post("reports/export", SPEC, params={"format": "csv"}).status_code == 403


def test_dashboards_defaults_saved_layouts_and_data(tenant: Tenant) -> None:
    admin = tenant.admin
    rep = tenant.user("Rep")
    rep.create("accounts", name="mine", industry="IT")
    items = admin.get("dashboards").json()["items"]
    assert [d["id"] for d in items[:2]] == ["default_sales", "default_manager"]
    assert all(d["builtin"] for d in items[:2])
    for board in ("default_sales", "default_manager"):
        data = rep.get(f"dashboards/{board}/data").json()
        assert all("data" in w for w in data["widgets"]), data
    assert admin.patch("dashboards/default_sales", {"name": "x", "version": 1}
                       ).status_code == 403
    report = _save(admin, "all")
    body = {"name": "Mine", "sharing": "all", "widgets": [
        {"type": "bar", "title": "Saved", "source": "report", "report_id": report["id"],
         "x": 0, "y": 0, "w": 6, "h": 4},
        {"type": "number", "title": "Inline", "source": "report",
         "report": {"object": "accounts", "measures": [{"agg": "count"}]}},
        {"type": "funnel", "source": "funnel", "params": {"from": "2026-01-01"}},
        {"type": "table", "source": "lost_reasons"},
    ]}
    created = admin.post("dashboards", body)
    assert created.status_code == 201, created.text
    board = created.json()
    assert [w["source"] for w in board["widgets"]] == ["report", "report", "funnel",
                                                      "lost_reasons"]
    data = {w["id"]: w for w in rep.get(f"dashboards/{board['id']}/data").json()["widgets"]}
    saved_id, inline_id = board["widgets"][0]["id"], board["widgets"][1]["id"]
    # The rep sees the shared board with the rep's own figures.
    assert data[saved_id]["data"]["rows"] == [{"industry": "IT", "count": 1}]
    assert data[inline_id]["data"]["rows"] == [{"count": 1}]
    # One widget that cannot run does not take the board down.
    broken = admin.patch(f"dashboards/{board['id']}", {"version": 1, "widgets": [
        *body["widgets"], {"type": "line", "source": "revenue", "params": {"by": "planet"}}]})
    assert broken.status_code == 200, broken.text
    data = admin.get(f"dashboards/{board['id']}/data").json()["widgets"]
    assert data[-1]["error"]["status"] == 422 and "data" in data[0]
    r = admin.post("dashboards", {"name": "Bad", "widgets": [
        {"type": "sparkle", "source": "moon"}, {"type": "bar", "source": "report"}]})
    assert set(error_fields(r)) == {"widgets.0.type", "widgets.0.source", "widgets.1"}
    assert rep.delete(f"dashboards/{board['id']}").status_code == 403
    assert admin.delete(f"dashboards/{board['id']}").status_code == 204
