"""Export → import is a round trip (issue 10): what the export added to neutralize
formulas is taken off again, dates and timestamps stay dates and timestamps in
XLSX, and the ids records have in the system they came from travel along."""

from __future__ import annotations

import csv
import io
from datetime import date, datetime
from typing import Any

from openpyxl import load_workbook

from tests.factories import Api
from tests.platform.imports.helpers import run_import


def _xlsx(api: Api, object_name: str) -> bytes:
    r = api.get(f"{object_name}/export?format=xlsx")
    assert r.status_code == 200, r.text
    return r.content


def test_xlsx_round_trip_keeps_formula_text_dates_and_timestamps(admin: Api,
                                                                  worker: Any) -> None:
    admin.locale = "en"
    admin.create("campaigns", name="=1+2", start_date="2017-03-01", description="-5")
    task = admin.create("tasks", title="@SUM(A1)", due_at="2017-03-01T14:30:00+00:00")
    campaigns, tasks = _xlsx(admin, "campaigns"), _xlsx(admin, "tasks")

    ws = load_workbook(io.BytesIO(campaigns)).active
    header = [c.value for c in ws[1]]
    assert "ID" in header, "the id column is exported"
    start = ws.cell(row=2, column=header.index("Start date") + 1)
    assert isinstance(start.value, (date, datetime)) and start.is_date
    created = ws.cell(row=2, column=header.index("Created at") + 1)
    assert isinstance(created.value, datetime), "timestamps are date cells too"
    ws = load_workbook(io.BytesIO(tasks)).active
    header = [c.value for c in ws[1]]
    assert ws.cell(row=2, column=header.index("Due at") + 1).value == datetime(2017, 3, 1,
                                                                               14, 30)

    # Imported again (as new records): the same values, no apostrophe added.
    status = run_import(admin, worker, "campaigns", campaigns, filename="c.xlsx")
    assert (status["created"], status["failed"]) == (1, 0), status["errors"]
    copies = admin.get("campaigns").json()["items"]
    assert {(c["name"], c["start_date"], c["description"]) for c in copies} == {
        ("=1+2", "2017-03-01", "-5")}
    status = run_import(admin, worker, "tasks", tasks, filename="t.xlsx")
    assert (status["created"], status["failed"]) == (1, 0), status["errors"]
    copy = next(t for t in admin.get("tasks").json()["items"] if t["id"] != task["id"])
    assert copy["title"] == "@SUM(A1)"
    assert copy["due_at"].startswith("2017-03-01T14:30:00")


def test_csv_export_neutralizes_and_its_import_takes_the_apostrophe_off(
        admin: Api, worker: Any) -> None:
    first = admin.create("campaigns", name="=1+2", description="+86 line")
    admin.locale = "en"
    exported = admin.get("campaigns/export").content
    rows = list(csv.reader(io.StringIO(exported.decode("utf-8-sig"))))
    assert rows[1][rows[0].index("Name")] == "'=1+2", "CSV still neutralizes formulas"
    admin.delete(f"campaigns/{first['id']}")
    status = run_import(admin, worker, "campaigns", exported)
    assert status["created"] == 1, status["errors"]
    [copy] = admin.get("campaigns").json()["items"]
    assert (copy["name"], copy["description"]) == ("=1+2", "+86 line")


def test_source_ids_are_exported_and_imported_back(admin: Api, worker: Any) -> None:
    status = run_import(admin, worker, "accounts", "Id,Name\nERP-001,华为\n".encode(),
                        mapping='{"Id": "external_id", "Name": "name"}', system="erp")
    assert status["created"] == 1, status["errors"]
    admin.locale = "zh-CN"
    exported = _xlsx(admin, "accounts")
    header = [c.value for c in load_workbook(io.BytesIO(exported)).active[1]]
    assert "来源编号（erp）" in header
    # Deleted, then restored from the export: the new record takes over the ERP id.
    old = admin.get("accounts").json()["items"][0]
    admin.delete(f"accounts/{old['id']}")
    status = run_import(admin, worker, "accounts", exported, filename="a.xlsx")
    assert status["created"] == 1, status["errors"]
    # A later file from that system finds the account by its ERP id.
    status = run_import(admin, worker, "contacts", "Name,Account\n周杰,ERP-001\n".encode(),
                        mapping='{"Name": "name", "Account": "account_id"}', system="erp")
    assert (status["created"], status["failed"]) == (1, 0), status["errors"]
    [account] = admin.get("accounts").json()["items"]
    assert account["id"] != old["id"]
    assert admin.get("contacts").json()["items"][0]["account_id"] == account["id"]


def test_a_file_for_people_reads_as_labels_and_local_time_and_imports_back(
        admin: Api, worker: Any) -> None:
    """labels=true&tz=…: what the web app downloads (issue 13) — choices by their
    labels, date-times in the reader's zone with the offset; imported again, the
    same stored values and the same moments."""
    task = admin.create("tasks", title="回访", priority="high", status="open",
                        due_at="2017-03-01T14:30:00+00:00")
    admin.locale = "zh-CN"
    files = {}
    for fmt in ("csv", "xlsx"):
        r = admin.get(f"tasks/export?format={fmt}&labels=true&tz=Asia/Shanghai")
        assert r.status_code == 200, r.text
        files[fmt] = r.content
        if fmt == "csv":
            rows = list(csv.reader(io.StringIO(r.content.decode("utf-8-sig"))))
        else:
            rows = [[c.value for c in row] for row in load_workbook(io.BytesIO(r.content)).active]
        header, row = rows[0], rows[1]
        assert row[header.index("优先级")] == "高"
        assert row[header.index("状态")] == "待办"
        assert row[header.index("截止时间")] == "2017-03-01 22:30:00+08:00"
    for fmt, content in files.items():
        status = run_import(admin, worker, "tasks", content, filename=f"t.{fmt}")
        assert (status["created"], status["failed"]) == (1, 0), status["errors"]
    copies = [t for t in admin.get("tasks").json()["items"] if t["id"] != task["id"]]
    assert len(copies) == 2
    for copy in copies:
        assert (copy["priority"], copy["status"]) == ("high", "open")
        assert datetime.fromisoformat(copy["due_at"]) == datetime.fromisoformat(task["due_at"])
    # Without labels=true the file carries the stored values, as before.
    rows = list(csv.reader(io.StringIO(admin.get("tasks/export").content.decode("utf-8-sig"))))
    assert rows[1][rows[0].index("优先级")] == "high"
    r = admin.get("tasks/export?tz=Mars/Olympus")
    assert r.status_code == 422 and r.json()["errors"][0]["field"] == "tz"
