"""The import's report (issue 10): every error listed, a page at a time and in one
downloadable file; "updated" counts only rows that changed something."""

from __future__ import annotations

import csv
import io
from typing import Any

from tests.factories import Api
from tests.platform.imports.helpers import run_import


def test_more_than_a_thousand_errors_are_all_listed_and_downloadable(admin: Api,
                                                                     worker: Any) -> None:
    lines = ["name,email"] + [f"客户{i},bad-{i}" for i in range(1100)]
    status = run_import(admin, worker, "contacts", "\n".join(lines).encode())
    assert (status["failed"], status["errors_total"], len(status["errors"])) == (1100, 1100,
                                                                                 1000)
    seen: list[int] = []
    offset: int | None = 0
    while offset is not None:
        page = admin.get(f"imports/{status['id']}/errors?offset={offset}&limit=400").json()
        assert page["total"] == 1100
        seen.extend(e["row"] for e in page["items"])
        offset = page["next_offset"]
    assert seen == list(range(2, 1102)), "every error, in file order, once"
    r = admin.get(f"imports/{status['id']}/errors.csv")
    rows = list(csv.reader(io.StringIO(r.content.decode("utf-8-sig"))))
    assert len(rows) == 1101 and rows[-1][0] == "1101"
    assert admin.get(f"imports/{status['id']}/errors?limit=5000").status_code == 422
    assert admin.get(f"imports/{status['id']}/errors?offset=-1").status_code == 422
    assert admin.get(f"imports/{status['id']}/errors?offset={2**70}").status_code == 422
    assert admin.get("imports/nope/errors").status_code == 404


def test_reimporting_an_unchanged_file_updates_nothing(admin: Api, worker: Any) -> None:
    csv_text = "email,name,title\na@example.com,甲,经理\nb@example.com,乙,总监\n"
    status = run_import(admin, worker, "contacts", csv_text.encode())
    assert status["created"] == 2
    status = run_import(admin, worker, "contacts", csv_text.encode(), mode="upsert",
                        key="email")
    assert (status["updated"], status["unchanged"], status["created"]) == (0, 2, 0), status
    assert status["total"] == 2
    status = run_import(admin, worker, "contacts", csv_text.replace("总监", "副总").encode(),
                        mode="upsert", key="email")
    assert (status["updated"], status["unchanged"]) == (1, 1)
    assert admin.get("imports").json()["items"][0]["unchanged"] == 1
