"""Hostile spreadsheets: refused at upload in a moment with a 413 naming the limit
(the header is read streaming, the zip's sizes are checked before anything is
inflated), and the full read in the worker runs in a memory-limited child process,
so a file that gets past the upload checks fails its import instead of killing the
worker."""

from __future__ import annotations

import io
import time
import zipfile
from typing import Any

import pytest
from openpyxl import Workbook

from salescrm.config import get_settings
from tests.factories import Api
from tests.platform.imports.helpers import run_import, upload
from tests.platform.imports.hostile import one_string_sheet, package, sparse_sheet, zip_bomb


@pytest.fixture(scope="module")
def incident_file() -> bytes:
    """The incident's file: 300k rows × 10 cells of one shared string (~6 MB)."""
    return one_string_sheet(300_000, header=("Name", "Mobile"))


def _assert_refused(r: Any, field_code: str, started: float) -> dict[str, Any]:
    took = time.monotonic() - started
    assert r.status_code == 413, r.text
    body = r.json()
    assert body["code"] == "import.too_large"
    [error] = body["errors"]
    assert error["field"] == "file" and error["code"] == field_code
    assert took < 10, f"refused after {took:.1f} s"
    return error  # type: ignore[no-any-return]


def test_the_incident_file_is_refused_at_upload_naming_the_cell_limit(
        admin: Api, incident_file: bytes) -> None:
    admin.locale = "en"
    started = time.monotonic()
    r = upload(admin, "contacts", incident_file, filename="big.xlsx", dry_run=True)
    error = _assert_refused(r, "import.too_many_cells", started)
    assert "2,000,000 cells" in error["message"]
    admin.locale = "zh-CN"
    r = upload(admin, "contacts", incident_file, filename="big.xlsx", dry_run=True)
    assert "超过 2,000,000 个单元格" in r.json()["errors"][0]["message"]
    # The server still answers, and nothing is left of the refused uploads.
    assert admin.get("imports").json()["items"] == []


def test_a_zip_bomb_is_refused_from_its_declared_size(admin: Api) -> None:
    admin.locale = "en"
    started = time.monotonic()
    r = upload(admin, "contacts", zip_bomb(), filename="bomb.xlsx")
    error = _assert_refused(r, "import.unzipped_too_large", started)
    assert "512 MB" in error["message"]
    assert admin.get("imports").json()["items"] == []


def test_a_part_compressed_like_a_zip_bomb_is_refused(admin: Api) -> None:
    padding = b" " * (30 * 2**20)  # 30 MB of spaces deflate to ~30 KB (ratio ~1000)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        package(z)
        z.writestr("xl/worksheets/sheet1.xml", b"<worksheet>" + padding + b"</worksheet>")
    admin.locale = "en"
    started = time.monotonic()
    r = upload(admin, "contacts", out.getvalue(), filename="ratio.xlsx")
    error = _assert_refused(r, "import.zip_ratio", started)
    assert "200 to 1" in error["message"] and "xl/worksheets/sheet1.xml" in error["message"]


def test_past_the_upload_checks_the_memory_limited_read_fails_the_import_cleanly(
        admin: Api, worker: Any, incident_file: bytes, monkeypatch: pytest.MonkeyPatch) -> None:
    """With the cell limit raised, the file passes the upload checks; the worker's
    child reader then runs out of its 256 MB: the import fails with a message naming
    the limit, and the worker goes on with the next import."""
    settings = get_settings()
    monkeypatch.setattr(settings, "import_max_cells", 10_000_000)
    monkeypatch.setattr(settings, "import_parse_memory_mb", 256)
    admin.locale = "en"
    status = run_import(admin, worker, "contacts", incident_file, filename="big.xlsx",
                        dry_run=True)
    assert status["status"] == "failed", status
    assert "256 MB of memory" in status["failure"]
    assert status["created"] == 0
    small = run_import(admin, worker, "contacts", b"Name,Mobile\nAda,13800000009\n")
    assert (small["status"], small["created"]) == ("done", 1)


def test_a_sparse_sheet_fails_its_import_in_the_reader_not_the_worker(
        admin: Api, worker: Any) -> None:
    """Two cells at A1 and XFD1048576 pass the upload checks (two cells, a few bytes);
    the reader would need a 16,384 × 1,048,576 grid: its child dies at the memory
    limit, the import fails with a message naming it, and this process goes on."""
    admin.locale = "zh-CN"
    status = run_import(admin, worker, "contacts", sparse_sheet(), filename="sparse.xlsx")
    assert status["status"] == "failed", status
    assert "1024 MB 内存" in status["failure"]
    assert run_import(admin, worker, "contacts", b"Name\nBo\n")["status"] == "done"


def test_a_sheet_starting_below_and_right_of_a1_imports_with_the_columns_it_shows(
        admin: Api, worker: Any) -> None:
    """The streaming header reader and the child reader agree on columns: a sheet
    whose data starts at B3, with a blank column inside, imports into the right fields."""
    wb = Workbook()
    ws = wb.active
    ws["B3"], ws["C3"], ws["E3"] = "Name", "Mobile", "Email"
    ws["B4"], ws["C4"], ws["E4"] = "Chen Jing", 13700000001, "chen@example.com"
    ws["B6"], ws["C6"], ws["E6"] = "Zhou Li", "13700000002", None
    buffer = io.BytesIO()
    wb.save(buffer)
    status = run_import(admin, worker, "contacts", buffer.getvalue(), filename="offset.xlsx")
    assert status["status"] == "done", status
    assert (status["created"], status["failed"]) == (2, 0)
    chen = admin.get("contacts?name=Chen Jing").json()["items"][0]
    assert chen["mobile"] == "13700000001" and chen["email"] == "chen@example.com"
