"""Lookups to rows earlier in the same file resolve (issue 10): a parent account,
a department's parent, listed above the rows that name them — in one batch, across
batches, and in a dry run."""

from __future__ import annotations

from typing import Any

import pytest

from salescrm.platform.imports import runner
from tests.factories import Api, Tenant
from tests.platform.imports.helpers import custom_field, run_import

ACCOUNTS = ("name,parent_account\n"
            "集团总部,\n"
            "华东分公司,集团总部\n"
            "杭州办事处,华东分公司\n"
            "宁波办事处,华东分公司\n"
            "无名办事处,不存在的公司\n")


@pytest.mark.parametrize("batch_rows", [1000, 2])
def test_a_parent_account_earlier_in_the_file(tenant: Tenant, sessions: Any, worker: Any,
                                              monkeypatch: pytest.MonkeyPatch,
                                              batch_rows: int) -> None:
    monkeypatch.setattr(runner, "BATCH_ROWS", batch_rows)
    admin = tenant.admin
    custom_field(tenant, sessions, "accounts", {"api_name": "parent_account",
                                                "label": "Parent account", "type": "lookup",
                                                "target": "accounts"})
    dry = run_import(admin, worker, "accounts", ACCOUNTS.encode(), dry_run=True)
    assert (dry["created"], dry["failed"]) == (4, 1), dry["errors"]
    assert admin.get("accounts").json()["items"] == []
    status = run_import(admin, worker, "accounts", ACCOUNTS.encode())
    assert (status["created"], status["failed"]) == (4, 1), status["errors"]
    [error] = status["errors"]
    assert (error["row"], error["field"]) == (6, "parent_account")
    ids = {a["name"]: a for a in admin.get("accounts?limit=50").json()["items"]}
    assert ids["华东分公司"]["parent_account"] == ids["集团总部"]["id"]
    assert ids["杭州办事处"]["parent_account"] == ids["华东分公司"]["id"]
    assert ids["宁波办事处"]["parent_account"] == ids["华东分公司"]["id"]


def test_a_department_under_one_earlier_in_the_file(admin: Api, worker: Any) -> None:
    csv = "名称,上级部门\n销售中心,\n华东大区,销售中心\n杭州组,华东大区\n"
    status = run_import(admin, worker, "departments", csv.encode())
    assert (status["created"], status["failed"]) == (3, 0), status["errors"]
    ids = {d["name"]: d for d in admin.get("departments?limit=50").json()["items"]}
    assert ids["华东大区"]["parent_id"] == ids["销售中心"]["id"]
    assert ids["杭州组"]["parent_id"] == ids["华东大区"]["id"]
