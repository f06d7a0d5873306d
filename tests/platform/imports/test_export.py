"""Export: the list's records as CSV (UTF-8 with BOM) or XLSX, with the list's
filters, the caller's data scope and field permissions, formulas neutralized."""

from __future__ import annotations

import csv
import io
from typing import Any

from openpyxl import load_workbook

from tests.factories import Api, Tenant
from tests.platform.imports.helpers import custom_object


def _csv(api: Api, path: str) -> list[list[str]]:
    r = api.get(path)
    assert r.status_code == 200, r.text
    assert r.headers["content-type"].startswith("text/csv")
    assert r.content.startswith(b"\xef\xbb\xbf"), "Excel needs the BOM to read UTF-8"
    return list(csv.reader(io.StringIO(r.content.decode("utf-8-sig"))))


def test_csv_export_has_localized_headers_and_neutralized_formulas(admin: Api) -> None:
    acct = admin.create("accounts", name="华为技术有限公司", industry="=cmd|' /C calc'!A0",
                        city="深圳")
    admin.create("contacts", name="@SUM(1+1)", account_id=acct["id"], title="-2+3",
                 mobile="13812345678")
    admin.create("contacts", name="李雷", account_id=acct["id"], title="+总监")

    admin.locale = "zh-CN"
    rows = _csv(admin, "contacts/export?format=csv&sort=name")
    header, body = rows[0], rows[1:]
    assert header[:2] == ["ID", "创建时间"] or "姓名" in header
    assert "所属客户" in header and "所属客户（名称）" in header
    name_at, title_at = header.index("姓名"), header.index("职务")
    account_name_at = header.index("所属客户（名称）")
    by_name = {r[name_at]: r for r in body}
    assert set(by_name) == {"'@SUM(1+1)", "李雷"}
    assert by_name["'@SUM(1+1)"][title_at] == "'-2+3"
    assert by_name["李雷"][title_at] == "'+总监"
    assert by_name["李雷"][account_name_at] == "华为技术有限公司"

    admin.locale = "en"
    rows = _csv(admin, "accounts/export")
    assert "Name" in rows[0] and "Industry" in rows[0]
    assert rows[1][rows[0].index("Industry")] == "'=cmd|' /C calc'!A0"


def test_export_takes_the_list_filters_sort_and_search(admin: Api) -> None:
    for i, city in enumerate(["上海", "北京", "上海", "广州"]):
        admin.create("accounts", name=f"客户{i}", city=city, phone=f"021-555{i}")
    admin.locale = "en"
    rows = _csv(admin, "accounts/export?city=上海&sort=-name")
    names = [r[rows[0].index("Name")] for r in rows[1:]]
    assert names == ["客户2", "客户0"]
    rows = _csv(admin, "accounts/export?q=客户3")
    assert [r[rows[0].index("Name")] for r in rows[1:]] == ["客户3"]
    r = admin.get("accounts/export?nonsense__gte=1")
    assert r.status_code == 422 and r.json()["errors"][0]["field"] == "nonsense__gte"
    r = admin.get("accounts/export?format=pdf")
    assert r.status_code == 422 and r.json()["errors"][0]["field"] == "format"
    assert admin.get("no_such_object/export").status_code == 404


def test_xlsx_export_keeps_types_and_neutralizes_formulas(admin: Api) -> None:
    """Issue 10: an XLSX text cell says it is text, so the apostrophe CSV needs is not
    written into its value (it used to be, and came back on import)."""
    admin.create("accounts", name="=HYPERLINK(\"http://evil\")", city="杭州")
    admin.locale = "en"
    r = admin.get("accounts/export?format=xlsx")
    assert r.status_code == 200, r.text
    assert "spreadsheetml" in r.headers["content-type"]
    assert "attachment" in r.headers["content-disposition"]
    ws = load_workbook(io.BytesIO(r.content)).active
    header = [c.value for c in ws[1]]
    name = ws.cell(row=2, column=header.index("Name") + 1)
    assert name.value == "=HYPERLINK(\"http://evil\")"
    assert name.data_type == "s" and name.quotePrefix, "text, never a formula"
    assert ws.cell(row=2, column=header.index("City") + 1).value == "杭州"


def test_export_respects_scope_masking_and_the_export_permission(tenant: Tenant) -> None:
    admin = tenant.admin
    r = admin.post("roles", {
        "key": "masked_exporter", "name": "导出受限", "data_scope": "own",
        "permissions": {"*": ["read", "create", "update", "export"]},
        "field_permissions": {"contacts": {"mobile": "masked", "email": "hidden"}}})
    assert r.status_code == 201, r.text
    r = admin.post("roles", {"key": "no_export", "name": "不可导出", "data_scope": "all",
                             "permissions": {"*": ["read"]}})
    assert r.status_code == 201, r.text
    rep = tenant.user("Exporter", roles=["masked_exporter"])
    reader = tenant.user("Reader", roles=["no_export"])
    admin.create("contacts", name="自己的", mobile="13812345678", email="me@example.com",
                 owner_id=rep.user["id"])
    admin.create("contacts", name="别人的", mobile="13900001111")

    rep.locale = "en"
    rows = _csv(rep, "contacts/export")
    header = rows[0]
    assert "Email" not in header
    assert [r[header.index("Name")] for r in rows[1:]] == ["自己的"]
    assert rows[1][header.index("Mobile")] == "138****5678"
    assert reader.get("contacts/export").status_code == 403


def test_custom_objects_export_too(tenant: Tenant, sessions: Any) -> None:
    admin = tenant.admin
    custom_object(tenant, sessions, "site_visits", "Site visits", [
        {"api_name": "name", "label": "Name", "type": "text", "required": True},
        {"api_name": "cost", "label": "Cost", "type": "money"}])
    admin.create("site_visits", name="=1+1", cost="-12.50")
    admin.locale = "en"
    rows = _csv(admin, "site_visits/export")
    header = rows[0]
    assert rows[1][header.index("Name")] == "'=1+1"
    assert rows[1][header.index("Cost")] == "-12.50", "a negative amount stays a number"
