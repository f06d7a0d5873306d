"""An administrator's write marked as a migration keeps the deal's real dates, owner and
stage history; anyone else is refused; inconsistent history is a 422, nothing written."""

from __future__ import annotations

from typing import Any

import pytest

from tests.factories import Api, Tenant


def _account(api: Api) -> str:
    return api.create("accounts", name="历史客户")["id"]


def _count(api: Api, obj: str) -> int:
    return int(api.get(obj, params={"count": "true"}).json()["total"])


def test_a_migrated_won_deal_keeps_its_dates_owner_and_stays(tenant: Tenant) -> None:
    admin = tenant.admin
    rep = tenant.user("老王")
    r = admin.post("opportunities?migration=true", {
        "name": "2017 旧单", "account_id": _account(admin), "amount": "50000",
        "owner_id": rep.user["id"], "stage": "won", "close_date": "2017-03-01",
        "created_at": "2016-11-20",
        "stage_history": [{"stage": "initial", "entered_at": "2016-11-20"},
                          {"stage": "Proposal", "entered_at": "2017-01-05T09:30:00+08:00"},
                          {"stage": "商务谈判", "entered_at": "2017-02-10"}]})
    assert r.status_code == 201, r.text
    deal = r.json()
    assert deal["created_at"].startswith("2016-11-20T12:00")
    assert deal["closed_at"].startswith("2017-03-01T12:00")  # from the close date
    assert deal["owner_id"] == rep.user["id"] and deal["status"] == "won"
    stays = admin.get(f"opportunities/{deal['id']}/stage_history").json()["items"]
    assert [(s["stage"], s["entered_at"][:10]) for s in stays] == [
        ("initial", "2016-11-20"), ("proposal", "2017-01-05"), ("negotiation", "2017-02-10"),
        ("won", "2017-03-01")]
    assert stays[0]["left_at"] == stays[1]["entered_at"] and stays[-1]["left_at"] is None
    audit = admin.get("audit", params={"object": "opportunities",
                                       "record_id": deal["id"]}).json()["items"]
    assert "migrate" in {a["action"] for a in audit}


def test_only_administrators_may_migrate(tenant: Tenant) -> None:
    rep = tenant.user("Rep")
    account = _account(rep)
    r = rep.post("opportunities?migration=true", {"name": "x", "account_id": account,
                                                  "created_at": "2016-01-01"})
    assert r.status_code == 403, r.text
    assert r.json()["code"] == "sales.migration_admin_only"
    # Without the flag the dates stay read-only, for administrators too.
    r = tenant.admin.post("opportunities", {"name": "x", "account_id": account,
                                            "created_at": "2016-01-01"})
    assert r.status_code == 422 and r.json()["errors"][0]["code"] == "field.readonly"


@pytest.mark.parametrize("body,field,code", [
    ({"stage": "won", "created_at": "2017-05-01", "closed_at": "2017-04-01"},
     "closed_at", "sales.closed_before_created"),
    ({"created_at": "2017-05-01",
      "stage_history": [{"stage": "initial", "entered_at": "2017-04-01"}]},
     "created_at", "sales.history_before_created"),
    ({"stage": "won", "closed_at": "2999-01-01"}, "closed_at", "sales.date_in_future"),
    ({"stage": "qualified",
      "stage_history": [{"stage": "qualified", "entered_at": "2017-01-01"},
                        {"stage": "proposal", "entered_at": "2017-02-01"}]},
     "stage_history[1]", "sales.history_after_current"),
    ({"stage": "qualified", "stage_history": [{"stage": "nope", "entered_at": "2017-01-01"}]},
     "stage_history[0]", "sales.stage_unknown"),
    ({"stage_history": "initial"}, "stage_history", "sales.history_list"),
    ({"created_at": "yesterday"}, "created_at", "field.type_datetime"),
])
def test_inconsistent_history_is_refused_whole(admin: Api, body: dict[str, Any], field: str,
                                              code: str) -> None:
    account = _account(admin)
    before = _count(admin, "opportunities")
    r = admin.post("opportunities?migration=true",
                   {"name": "bad", "account_id": account, **body})
    assert r.status_code == 422, r.text
    assert [(e["field"], e["code"]) for e in r.json()["errors"]] == [(field, code)], r.json()
    assert _count(admin, "opportunities") == before


def test_the_last_entry_is_the_current_stage_when_none_is_named(admin: Api) -> None:
    r = admin.post("opportunities?migration=true", {
        "name": "开放", "account_id": _account(admin),
        "stage_history": [{"stage": "initial", "entered_at": "2016-02-01"},
                          {"stage": "qualified", "entered_at": "2016-03-01"}]})
    assert r.status_code == 201, r.text
    deal = r.json()
    assert deal["stage"] == "qualified" and deal["status"] == "open"
    assert deal["created_at"].startswith("2016-02-01") and deal["closed_at"] is None
    assert deal["stage_changed_at"].startswith("2016-03-01")


DEALS = """name,account_id,amount,stage,close_date,created_at,closed_at,lost_reason
二期扩容,历史客户,120000.00,won,2017-03-01,2016-11-20,,
年度维保,历史客户,8000.00,lost,2017-06-30,,2017-06-12 15:30,价格
"""
STAGES = """商机,阶段,进入日期
二期扩容,initial,2016-11-20
二期扩容,Proposal,2017-01-05
二期扩容,需求确认,2016-12-02
二期扩容,negotiation,2017-04-01
无此商机,initial,2016-01-01
二期扩容,nope,2016-12-10
年度维保,initial,2017-04-01
"""


def test_a_stage_history_file_fills_in_the_deals_stays(tenant: Tenant, worker: Any) -> None:
    from tests.platform.imports.helpers import run_import, upload

    admin = tenant.admin
    _account(admin)
    status = run_import(admin, worker, "opportunities", DEALS.encode(), migration=True)
    assert (status["created"], status["failed"]) == (2, 0), status["errors"]
    assert upload(tenant.user("Rep"), "opportunities", STAGES.encode(),
                  kind="stage_history").status_code == 403
    status = run_import(admin, worker, "opportunities", STAGES.encode(),
                        kind="stage_history")
    assert (status["updated"], status["failed"]) == (4, 3), status
    assert sorted((e["row"], e["field"], e["code"]) for e in status["errors"]) == [
        (5, "entered_at", "sales.history_after_current"),
        (6, "opportunity", "import.lookup_not_found"),
        (7, "stage", "sales.stage_unknown")]
    deals = {d["name"]: d for d in admin.get("opportunities").json()["items"]}
    big = deals["二期扩容"]

    def stays(deal: dict[str, Any]) -> list[tuple[str, str, str | None]]:
        items = admin.get(f"opportunities/{deal['id']}/stage_history").json()["items"]
        return [(s["stage"], s["entered_at"][:10], (s["left_at"] or "")[:10] or None)
                for s in items]

    assert stays(big) == [("initial", "2016-11-20", "2016-12-02"),
                          ("qualified", "2016-12-02", "2017-01-05"),
                          ("proposal", "2017-01-05", "2017-03-01"),
                          ("won", "2017-03-01", None)]
    # The lost deal had no creation date: the earliest entry is its creation now.
    assert deals["年度维保"]["created_at"].startswith("2017-04-01T12:00")
    funnel = admin.get("analytics/funnel", params={"from": "2016-11-01",
                                                   "to": "2017-06-30"}).json()
    reach = {s["key"]: s["reach_rate"] for s in funnel["stages"]}
    assert reach == {"initial": 1.0, "qualified": 0.5, "proposal": 0.5, "negotiation": 0.5,
                     "won": 0.5, "lost": None}
    # The same file again adds nothing.
    again = run_import(admin, worker, "opportunities", STAGES.encode(), kind="stage_history")
    assert again["failed"] == 3 and len(stays(big)) == 4
    audit = admin.get("audit", params={"object": "opportunities",
                                       "record_id": big["id"]}).json()["items"]
    assert [a["action"] for a in audit].count("migrate") == 2  # the create, then the file


def test_history_columns_are_read_beside_a_mapping_of_the_fields(tenant: Tenant,
                                                                 worker: Any) -> None:
    """The import page sends a mapping of the columns it knows (fields): the history
    columns beside it (创建时间, "Entered … on") are still read in a migration."""
    import json

    from tests.platform.imports.helpers import run_import

    admin = tenant.admin
    _account(admin)
    csv = ("商机名称,客户,阶段,创建时间,Entered qualified on,进入阶段方案报价日期\n"
           "映射单,历史客户,proposal,2016-05-01,2016-05-10,2016-06-01\n")
    status = run_import(admin, worker, "opportunities", csv.encode(), migration=True,
                        mapping=json.dumps({"商机名称": "name", "客户": "account_id",
                                            "阶段": "stage"}))
    assert (status["created"], status["failed"]) == (1, 0), status["errors"]
    deal = admin.get("opportunities").json()["items"][0]
    assert deal["created_at"].startswith("2016-05-01")
    stays = admin.get(f"opportunities/{deal['id']}/stage_history").json()["items"]
    assert [(s["stage"], s["entered_at"][:10]) for s in stays] == [
        ("qualified", "2016-05-10"), ("proposal", "2016-06-01")]

