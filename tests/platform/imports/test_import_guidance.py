"""Imports that guide instead of refusing: dates in the format the user chose per
column (with a preview), stages by name in either language, every error of a row
at once."""

from __future__ import annotations

import json
from typing import Any

import pytest

from tests.factories import Api
from tests.platform.imports.helpers import run_import, upload

MARCH_1 = "2017-03-01"


@pytest.mark.parametrize("fmt,cell", [
    ("YYYY-MM-DD", "2017-03-01"), ("DD/MM/YYYY", "01/03/2017"), ("DD-MM-YY", "01-03-17"),
    ("MM/DD/YYYY", "03/01/2017"), ("YYYY/M/D", "2017/3/1"), ("excel", "42795"),
    ("YYYY年M月D日", "2017年3月1日")])
def test_every_date_format_reads_the_same_day(admin: Api, worker: Any, fmt: str,
                                              cell: str) -> None:
    csv = f"name,start_date\n春季展会,{cell}\n".encode()
    status = run_import(admin, worker, "campaigns", csv,
                        date_formats=json.dumps({"start_date": fmt}))
    assert (status["created"], status["failed"]) == (1, 0), status["errors"]
    [campaign] = admin.get("campaigns").json()["items"]
    assert campaign["start_date"] == MARCH_1


def test_auto_refuses_an_ambiguous_date_and_names_the_fix(admin: Api, worker: Any) -> None:
    csv = ("name,start_date\n"
           "甲,13/03/2017\n"      # a day above 12: only day/month reads it
           "乙,01/03/2017\n"      # 1 March or 3 January: refused, never guessed
           "丙,2017\n").encode()  # a year is not an Excel serial
    admin.locale = "en"
    status = run_import(admin, worker, "campaigns", csv)
    assert (status["created"], status["failed"]) == (1, 2)
    by_row = {e["row"]: e for e in status["errors"]}
    assert "date format" in by_row[3]["message"] and by_row[3]["field"] == "start_date"
    assert "2017" in by_row[4]["message"]
    [campaign] = admin.get("campaigns").json()["items"]
    assert campaign["start_date"] == "2017-03-13"
    # The same file with the column's format chosen imports every row.
    status = run_import(admin, worker, "campaigns", csv.replace("丙,2017".encode(), "丙,01/01/2017".encode()),
                        date_formats=json.dumps({"start_date": "DD/MM/YYYY"}),
                        allow_duplicate=True)
    assert (status["created"], status["failed"]) == (3, 0), status["errors"]


def test_date_times_take_the_column_format_too(admin: Api, worker: Any) -> None:
    csv = "title,due_at\n回访,01/03/2017 14:30\n对账,42795.5\n".encode()
    status = run_import(admin, worker, "tasks", csv,
                        date_formats=json.dumps({"due_at": "DD/MM/YYYY"}))
    assert (status["created"], status["failed"]) == (1, 1)
    [task] = admin.get("tasks").json()["items"]
    assert task["due_at"].startswith("2017-03-01T14:30:00")
    status = run_import(admin, worker, "tasks", b"title,due_at\nx,42795.5\n",
                        date_formats=json.dumps({"due_at": "excel"}))
    assert status["created"] == 1, status["errors"]
    found = admin.get("tasks?title=x").json()["items"][0]
    assert found["due_at"].startswith("2017-03-01T12:00:00")


def test_bad_date_formats_are_refused_at_upload(admin: Api) -> None:
    csv = b"name,start_date,channel\nA,2017-03-01,x\n"
    r = upload(admin, "campaigns", csv, date_formats=json.dumps({"start_date": "DD.MM"}))
    assert r.status_code == 422 and r.json()["errors"][0]["field"] == "date_formats"
    r = upload(admin, "campaigns", csv, date_formats=json.dumps({"name": "DD/MM/YYYY"}))
    assert r.status_code == 422 and r.json()["errors"][0]["field"] == "date_formats"
    r = upload(admin, "campaigns", csv, date_formats="[]")
    assert r.status_code == 422 and r.json()["errors"][0]["field"] == "date_formats"


def test_stage_by_its_name_in_either_language(admin: Api, worker: Any) -> None:
    acct = admin.create("accounts", name="华为")
    csv = ("name,account_id,amount,stage\n"
           f"甲,{acct['id']},100,商务谈判\n"
           f"乙,{acct['id']},100,negotiation\n"
           f"丙,{acct['id']},100,Proposal\n"
           f"丁,{acct['id']},100, initial  contact\n").encode()
    status = run_import(admin, worker, "opportunities", csv)
    assert (status["created"], status["failed"]) == (4, 0), status["errors"]
    stages = {o["name"]: o["stage"] for o in admin.get("opportunities").json()["items"]}
    assert stages == {"甲": "negotiation", "乙": "negotiation", "丙": "proposal",
                      "丁": "initial"}


def test_an_unknown_stage_lists_the_valid_ones(admin: Api, worker: Any) -> None:
    acct = admin.create("accounts", name="华为")
    csv = f"name,account_id,stage\n甲,{acct['id']},签约中\n".encode()
    admin.locale = "zh-CN"
    status = run_import(admin, worker, "opportunities", csv)
    [error] = status["errors"]
    assert error["field"] == "stage"
    for name in ("初步接洽", "需求确认", "方案报价", "商务谈判", "赢单", "输单"):
        assert name in error["message"]
    assert "negotiation" not in error["message"], "no internal keys on a Chinese screen"
    admin.locale = "en"
    message = admin.get(f"imports/{status['id']}").json()["errors"][0]["message"]
    assert "Negotiation (negotiation)" in message and "签约中" in message


def test_a_picklist_by_key_any_case_or_spacing_else_the_options_listed(
        admin: Api, worker: Any) -> None:
    csv = "name,level\n甲, a \n乙,E\n".encode()
    admin.locale = "en"
    status = run_import(admin, worker, "accounts", csv)
    assert (status["created"], status["failed"]) == (1, 1)
    assert status["errors"][0]["message"] == "“E” is not one of: A, B, C, D."


def test_a_row_with_three_bad_cells_reports_three_errors(admin: Api, worker: Any) -> None:
    csv = ("姓名,所属客户,邮箱,手机\n"
           "周杰,不存在的公司,not-an-email,abc\n").encode()
    status = run_import(admin, worker, "contacts", csv)
    assert status["failed"] == 1
    assert sorted(e["field"] for e in status["errors"]) == ["account_id", "email", "mobile"]
    assert {e["row"] for e in status["errors"]} == {2}


def test_the_preview_shows_each_column_as_it_reads(admin: Api) -> None:
    csv = ("name,start_date,channel\n"
           "甲,13/03/2017,展会\n"
           "乙,01/03/2017,\n").encode()
    admin.locale = "en"
    r = admin.client.post("/api/v1/imports/preview", headers=admin.headers,
                          data={"object": "campaigns"}, files={"file": ("c.csv", csv)})
    assert r.status_code == 200, r.text
    columns = {c["field"]: c for c in r.json()["columns"]}
    dates = columns["start_date"]
    assert dates["date_format"] == "auto" and dates["suggested_format"] == "DD/MM/YYYY"
    assert [s["value"] for s in dates["samples"]] == ["2017-03-13", None]
    assert "date format" in dates["samples"][1]["error"]
    r = admin.client.post("/api/v1/imports/preview", headers=admin.headers, data={
        "object": "campaigns", "date_formats": json.dumps({"start_date": "DD/MM/YYYY"})},
        files={"file": ("c.csv", csv)})
    dates = {c["field"]: c for c in r.json()["columns"]}["start_date"]
    assert [s["value"] for s in dates["samples"]] == ["2017-03-13", "2017-03-01"]
    assert admin.get("imports").json()["items"] == [], "a preview stores nothing"
    r = admin.client.post("/api/v1/imports/preview", headers=admin.headers, data={
        "object": "campaigns", "date_formats": json.dumps({"start_date": "nope"})},
        files={"file": ("c.csv", csv)})
    assert r.status_code == 422


def test_the_preview_of_a_spreadsheet(admin: Api) -> None:
    import io
    from datetime import date

    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.append(["name", "start_date"])
    ws.append(["甲", date(2017, 3, 1)])
    ws.append(["乙", 42795])
    buffer = io.BytesIO()
    wb.save(buffer)
    r = admin.client.post("/api/v1/imports/preview", headers=admin.headers,
                          data={"object": "campaigns"},
                          files={"file": ("c.xlsx", buffer.getvalue())})
    assert r.status_code == 200, r.text
    dates = {c["field"]: c for c in r.json()["columns"]}["start_date"]
    assert [s["value"] for s in dates["samples"]] == ["2017-03-01", "2017-03-01"]


def test_a_saved_mapping_keeps_each_columns_date_format(admin: Api, worker: Any) -> None:
    mapping = {"活动": "name", "开始": "start_date", "结束": "end_date"}
    r = admin.post("import_mappings", {"name": "日在前", "object": "campaigns", "mapping": mapping,
                                       "date_formats": {"开始": "DD/MM/YYYY",
                                                        "结束": "YYYY年M月D日"}})
    assert r.status_code == 201, r.text
    saved = r.json()
    assert saved["date_formats"] == {"开始": "DD/MM/YYYY", "结束": "YYYY年M月D日"}
    [listed] = admin.get("import_mappings?object=campaigns").json()["items"]
    assert listed["date_formats"] == saved["date_formats"], "they come back with the mapping"

    csv = "活动,开始,结束\n秋季展会,01/03/2017,2017年3月5日\n".encode()
    r = admin.client.post("/api/v1/imports/preview", headers=admin.headers, data={
        "object": "campaigns", "mapping_id": saved["id"]}, files={"file": ("c.csv", csv)})
    assert r.status_code == 200, r.text
    columns = {c["column"]: c for c in r.json()["columns"]}
    assert columns["开始"]["date_format"] == "DD/MM/YYYY"
    assert [s["value"] for s in columns["开始"]["samples"]] == [MARCH_1]
    status = run_import(admin, worker, "campaigns", csv, mapping_id=saved["id"])
    assert (status["created"], status["failed"]) == (1, 0), status["errors"]
    [campaign] = admin.get("campaigns").json()["items"]
    assert (campaign["start_date"], campaign["end_date"]) == (MARCH_1, "2017-03-05")
    # A format sent with the upload wins over the saved one for its column.
    status = run_import(admin, worker, "campaigns",
                        "活动,开始,结束\n冬季展会,03/01/2017,2017年3月5日\n".encode(),
                        mapping_id=saved["id"], date_formats=json.dumps({"开始": "MM/DD/YYYY"}))
    assert status["created"] == 1, status["errors"]
    found = admin.get("campaigns?name=冬季展会").json()["items"][0]
    assert found["start_date"] == MARCH_1


def test_a_saved_date_format_must_name_a_date_column(admin: Api) -> None:
    mapping = {"活动": "name", "开始": "start_date"}
    for formats in ({"活动": "DD/MM/YYYY"}, {"开始": "DD.MM"}, {"没有": "DD/MM/YYYY"}, ["x"]):
        r = admin.post("import_mappings", {"name": "错", "object": "campaigns",
                                           "mapping": mapping, "date_formats": formats})
        assert r.status_code == 422, r.text
        assert r.json()["errors"][0]["field"] == "date_formats"
    assert admin.get("import_mappings?object=campaigns").json()["items"] == []


def test_a_date_no_format_reads_does_not_hide_the_suggestion(admin: Api) -> None:
    csv = "name,start_date\n甲,13/03/2017\n乙,01/03/2017\n丙,31/02/2017\n".encode()

    def dates(**form: str) -> dict[str, Any]:
        r = admin.client.post("/api/v1/imports/preview", headers=admin.headers,
                              data={"object": "campaigns", **form},
                              files={"file": ("c.csv", csv)})
        assert r.status_code == 200, r.text
        return {c["field"]: c for c in r.json()["columns"]}["start_date"]  # type: ignore[no-any-return]

    assert dates()["suggested_format"] == "DD/MM/YYYY", "31 February reads in no format"
    chosen = dates(date_formats=json.dumps({"start_date": "DD/MM/YYYY"}))
    assert chosen["suggested_format"] is None, "nothing better than the format chosen"
    assert [s["error"] is None for s in chosen["samples"]] == [True, True, False]
