"""Importing dirty files: encodings, blank lines, extra columns, bad rows reported
(never half-written), dry run, upsert, mapping problems answered at upload."""

from __future__ import annotations

import io
from typing import Any

import pytest
from openpyxl import Workbook

from tests.factories import Api, Tenant
from tests.platform.imports.helpers import custom_field, run_import, upload

CONTACTS_CSV = (
    "姓名,手机,邮箱,职务,备注\n"
    "王小明,13800000001,wang@example.com,经理,老客户\n"
    "\n"
    "李雷,13800000002,li@example.com,总监,\n"
    ",,,,\n"
    "韩梅梅,13800000003,not-an-email,主管,\n"
)


def _names(api: Api, object_name: str = "contacts") -> list[str]:
    items = api.get(f"{object_name}?limit=500&sort=name").json()["items"]
    return sorted(i["name"] for i in items)


@pytest.mark.parametrize("encoding,bom", [("utf-8", False), ("utf-8", True),
                                          ("gbk", False), ("gb18030", False)])
def test_encodings_blank_lines_and_a_bad_row(admin: Api, worker: Any, encoding: str,
                                             bom: bool) -> None:
    data = CONTACTS_CSV.encode(encoding)
    if bom:
        data = b"\xef\xbb\xbf" + data
    admin.locale = "zh-CN"
    status = run_import(admin, worker, "contacts", data)
    assert status["status"] == "done"
    assert (status["created"], status["failed"], status["total"]) == (2, 1, 3)
    [error] = status["errors"]
    assert error["row"] == 6 and error["field"] == "email" and error["column"] == "邮箱"
    assert "邮箱" in error["message"] or "email" in error["message"].lower()
    # The unmapped column is reported once, against the header row.
    assert [(w["row"], w["field"]) for w in status["warnings"]] == [(1, "备注")]
    assert _names(admin) == ["李雷", "王小明"]
    got = admin.get("contacts?name=王小明").json()["items"][0]
    assert got["mobile"] == "13800000001" and got["title"] == "经理"


def test_xlsx_with_typed_cells(admin: Api, worker: Any) -> None:
    wb = Workbook()
    ws = wb.active
    ws.append(["Name", "Mobile", "Email"])
    ws.append(["Alice Zhang", 13900000001, "alice@example.com"])
    ws.append([None, None, None])
    ws.append(["Bob Li", 13900000002, "bob@example"])
    buffer = io.BytesIO()
    wb.save(buffer)
    status = run_import(admin, worker, "contacts", buffer.getvalue(), filename="people.xlsx")
    assert status["status"] == "done", status
    assert (status["created"], status["failed"]) == (1, 1)
    assert status["errors"][0]["row"] == 4 and status["errors"][0]["field"] == "email"
    alice = admin.get("contacts?name=Alice Zhang").json()["items"][0]
    assert alice["mobile"] == "13900000001"


def test_dry_run_writes_nothing_but_reports(admin: Api, worker: Any) -> None:
    status = run_import(admin, worker, "contacts", CONTACTS_CSV.encode(), dry_run=True)
    assert status["status"] == "done" and status["dry_run"] is True
    assert (status["created"], status["failed"]) == (2, 1)
    assert _names(admin) == []
    assert admin.get("audit?object=contacts").json().get("items", []) == []


def test_errors_csv_has_the_rows_to_fix(admin: Api, worker: Any) -> None:
    status = run_import(admin, worker, "contacts", CONTACTS_CSV.encode())
    admin.locale = "en"
    r = admin.get(f"imports/{status['id']}/errors.csv")
    assert r.status_code == 200 and r.content.startswith(b"\xef\xbb\xbf")
    lines = r.content.decode("utf-8-sig").splitlines()
    assert lines[0].startswith("Row,Field,Error,姓名,手机,邮箱")
    assert lines[1].startswith("6,email,") and "韩梅梅,13800000003,not-an-email" in lines[1]


def test_duplicates_are_checked_against_the_database_and_the_file(admin: Api,
                                                                   worker: Any) -> None:
    admin.create("contacts", name="老客户", mobile="13800000009", email="old@example.com")
    csv = ("name,mobile,email\n"
           "新客户,138 0000 0009,new1@example.com\n"          # same mobile as the record
           "另一位,13700000001,OLD@example.com\n"              # same email, other case
           "甲,13600000001,a@example.com\n"
           "乙,+86 136-0000-0001,b@example.com\n")             # same mobile as row 4
    status = run_import(admin, worker, "contacts", csv.encode())
    assert (status["created"], status["failed"]) == (1, 3)
    by_row = {e["row"]: e for e in status["errors"]}
    assert by_row[2]["field"] == "mobile" and by_row[3]["field"] == "email"
    assert by_row[5]["field"] == "mobile" and "4" in by_row[5]["message"]
    status = run_import(admin, worker, "contacts", csv.encode(), allow_duplicate=True)
    assert (status["created"], status["failed"]) == (4, 0)


def test_upsert_by_email_updates_and_inserts(admin: Api, worker: Any) -> None:
    c = admin.create("contacts", name="张三", email="zhang@example.com", title="工程师")
    csv = ("email,title,name\n"
           "ZHANG@example.com,架构师,\n"
           "new@example.com,销售,新人\n")
    status = run_import(admin, worker, "contacts", csv.encode(), mode="upsert", key="email")
    assert (status["created"], status["updated"], status["failed"]) == (1, 1, 0), status["errors"]
    got = admin.get(f"contacts/{c['id']}").json()
    assert got["title"] == "架构师" and got["name"] == "张三", "blank cells leave values alone"
    assert got["version"] == 2
    assert _names(admin) == ["张三", "新人"]


def test_custom_fields_are_validated_too(tenant: Tenant, sessions: Any, worker: Any) -> None:
    custom_field(tenant, sessions, "accounts", {"api_name": "employees", "label": "Employees",
                                                "type": "integer"})
    custom_field(tenant, sessions, "accounts", {"api_name": "tier", "label": "Tier",
                                                "type": "picklist", "options": ["gold", "silver"]})
    csv = ("name,employees,tier\n"
           "甲公司,120,Gold\n"
           "乙公司,很多,silver\n"
           "丙公司,5,bronze\n")
    status = run_import(tenant.admin, worker, "accounts", csv.encode())
    assert (status["created"], status["failed"]) == (1, 2)
    assert {(e["row"], e["field"]) for e in status["errors"]} == {(3, "employees"), (4, "tier")}
    got = tenant.admin.get("accounts?name=甲公司").json()["items"][0]
    assert got["employees"] == 120 and got["tier"] == "gold"


def test_lookups_by_name_and_spreadsheet_habits(admin: Api, worker: Any) -> None:
    acct = admin.create("accounts", name="杭州云栖科技有限公司")
    csv = ("姓名,所属客户,手机\n"
           "周杰,杭州云栖科技有限公司,１３８００００００２１\n"
           "吴磊,不存在的公司,13800000022\n")
    status = run_import(admin, worker, "contacts", csv.encode("gbk"))
    assert (status["created"], status["failed"]) == (1, 1)
    assert status["errors"][0]["field"] == "account_id"
    got = admin.get("contacts?name=周杰").json()["items"][0]
    assert got["account_id"] == acct["id"] and got["mobile"] == "13800000021"


def test_bad_requests_are_answered_at_upload(admin: Api) -> None:
    csv = b"name,mobile\nA,1\n"
    r = upload(admin, "contacts", csv, mapping='{"Name": "name", "Phone": "mobile"}')
    assert r.status_code == 422 and r.json()["errors"][0]["field"] == "mapping"
    r = upload(admin, "contacts", csv, mapping='{"name": "nonsense"}')
    assert r.status_code == 422
    r = upload(admin, "contacts", csv, mapping="[1, 2]")
    assert r.status_code == 422 and r.json()["errors"][0]["field"] == "mapping"
    r = upload(admin, "contacts", csv, mode="merge")
    assert r.status_code == 422 and r.json()["errors"][0]["field"] == "mode"
    r = upload(admin, "contacts", csv, mode="upsert")
    assert r.status_code == 422 and r.json()["errors"][0]["field"] == "key"
    r = upload(admin, "no_such_thing", csv)
    assert r.status_code == 422 and r.json()["errors"][0]["field"] == "object"
    r = upload(admin, "contacts", b"")
    assert r.status_code == 422 and r.json()["errors"][0]["field"] == "file"
    r = upload(admin, "contacts", b"mobile,title\n1,x\n")
    assert r.status_code == 422 and "name" in r.json()["errors"][0]["message"]
    r = upload(admin, "contacts", csv, template="zoho")
    assert r.status_code == 422 and r.json()["errors"][0]["field"] == "template"
    r = admin.client.post("/api/v1/imports", headers=admin.headers, data={"object": "contacts"})
    assert r.status_code == 422 and r.json()["errors"][0]["field"] == "file"
    assert admin.get("imports").json()["items"] == [], "nothing is left of a refused upload"


def test_imports_are_private_to_the_uploader_and_admins(tenant: Tenant, tenants: Any,
                                                         worker: Any) -> None:
    rep = tenant.user("Rep", roles=["sales_rep"])
    other = tenant.user("Other", roles=["sales_rep"])
    status = run_import(rep, worker, "contacts", CONTACTS_CSV.encode())
    assert status["created"] == 2
    assert other.get(f"imports/{status['id']}").status_code == 404
    assert tenant.admin.get(f"imports/{status['id']}").status_code == 200
    stranger = tenants.new().admin
    assert stranger.get(f"imports/{status['id']}").status_code == 404
    assert stranger.get(f"imports/{status['id']}/errors.csv").status_code == 404
    # The rep owns what they imported.
    assert {c["owner_id"] for c in rep.get("contacts").json()["items"]} == {rep.user["id"]}


def test_saved_mapping(admin: Api, worker: Any) -> None:
    r = admin.post("import_mappings", {"name": "展会名单", "object": "contacts",
                                       "mapping": {"联系人": "name", "电话": "mobile"}})
    assert r.status_code == 201, r.text
    saved = r.json()
    assert admin.post("import_mappings", {"name": "展会名单", "object": "contacts",
                                          "mapping": {"a": "name"}}).status_code == 409
    csv = "联系人,电话,展位\n赵敏,13500000001,A1\n".encode()
    status = run_import(admin, worker, "contacts", csv, mapping_id=saved["id"])
    assert status["created"] == 1 and status["warnings"][0]["field"] == "展位"
    assert [m["name"] for m in admin.get("import_mappings?object=contacts").json()["items"]] \
        == ["展会名单"]
    assert admin.delete(f"import_mappings/{saved['id']}").status_code == 204


def test_a_custom_object_imports_like_a_built_in_one(tenant: Tenant, sessions: Any,
                                                      worker: Any) -> None:
    from tests.platform.imports.helpers import custom_object

    custom_object(tenant, sessions, "site_visits", "Site visits", [
        {"api_name": "name", "label": "Name", "type": "text", "required": True},
        {"api_name": "cost", "label": "Cost", "type": "money"},
        {"api_name": "visited_on", "label": "Visited on", "type": "date"}])
    csv = ("Name,Cost,Visited on\n"
           "工厂参观,\"¥1,250.50\",2026/11/3\n"
           "总部拜访,abc,2026年11月5日\n")
    status = run_import(tenant.admin, worker, "site_visits", csv.encode())
    assert (status["created"], status["failed"]) == (1, 1)
    assert status["errors"][0]["field"] == "cost"
    [visit] = tenant.admin.get("site_visits").json()["items"]
    assert visit["cost"] == "1250.50" and visit["visited_on"] == "2026-11-03"


def test_an_exported_file_edited_in_excel_imports_back(admin: Api, worker: Any) -> None:
    """Export, change a cell, import with upsert by id: the one change lands; the
    read-only columns of the export (ID, 创建时间 …) are ignored, not refused."""
    import csv as csv_module

    acct = admin.create("accounts", name="杭州云栖科技有限公司")
    a = admin.create("contacts", name="周杰", account_id=acct["id"], title="工程师")
    b = admin.create("contacts", name="吴磊", account_id=acct["id"], title="经理")
    admin.locale = "zh-CN"
    exported = admin.get("contacts/export").content.decode("utf-8-sig")
    rows = list(csv_module.reader(io.StringIO(exported)))
    title_at, id_at = rows[0].index("职务"), rows[0].index("ID")
    for row in rows[1:]:
        if row[id_at] == a["id"]:
            row[title_at] = "首席工程师"
    out = io.StringIO()
    csv_module.writer(out).writerows(rows)
    status = run_import(admin, worker, "contacts", out.getvalue().encode("utf-8-sig"),
                        mode="upsert", key="id")
    # Issue 10: "updated" counts the rows that changed something; the other is unchanged.
    assert (status["updated"], status["unchanged"], status["created"], status["failed"]) == (
        1, 1, 0, 0), status
    assert admin.get(f"contacts/{a['id']}").json()["title"] == "首席工程师"
    unchanged = admin.get(f"contacts/{b['id']}").json()
    assert unchanged["version"] == 1 and unchanged["account_id"] == acct["id"]
    assert {w["field"] for w in status["warnings"]} >= {"创建时间", "更新时间"}


def test_a_restarted_job_resumes_after_the_last_committed_line(admin: Api, worker: Any,
                                                               sessions: Any) -> None:
    """A worker that died after committing the rows up to line 3 leaves the import
    'running' with resume_after = 3: the next run imports only what follows."""
    from salescrm.models import ImportRun

    csv = ("name,mobile\n"
           "甲,13800000101\n"
           "乙,13800000102\n"
           "丙,13800000103\n"
           "丁,13800000104\n").encode()
    r = upload(admin, "contacts", csv)
    assert r.status_code == 202, r.text
    import_id = r.json()["id"]
    with sessions() as s:
        s.info["tenant_id"] = admin.user["tenant_id"]
        run = s.get(ImportRun, import_id)
        run.status, run.resume_after, run.created = "running", 3, 2
        s.commit()
    worker.run_until_idle()
    status = admin.get(f"imports/{import_id}").json()
    assert status["status"] == "done"
    assert (status["created"], status["total"]) == (4, 4)
    assert _names(admin) == ["丁", "丙"]


def test_a_key_no_field_can_have_is_refused_on_both_databases(admin: Api) -> None:
    """A NUL in the key used to reach the database (PostgreSQL refuses it): a 422
    without a word on what was wrong. Found by the contract fuzzing of the preview."""
    for path in ("imports", "imports/preview"):
        r = admin.client.post(f"/api/v1/{path}", headers=admin.headers,
                              data={"object": "contacts", "key": "a\x00b"},
                              files={"file": ("c.csv", b"name\nx\n")})
        assert r.status_code == 422 and r.json()["errors"][0]["field"] == "key", r.text
