"""Opportunities through the REST API: stage rules, stage history, events, kanban."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from salescrm.models import Job
from tests.factories import Api

DEFAULT_KEYS = ["initial", "qualified", "proposal", "negotiation", "won", "lost"]


def _account(api: Api, name: str = "上海星辰科技有限公司") -> dict[str, Any]:
    return api.create("accounts", name=name)


def _default_pipeline(api: Api) -> dict[str, Any]:
    items = api.get("pipelines", params={"is_default": "true"}).json()["items"]
    assert len(items) == 1
    return items[0]


def _fields(r: Any) -> list[str]:
    return [e["field"] for e in r.json()["errors"]]


def test_new_tenant_has_the_default_pipeline(admin: Api) -> None:
    pipeline = _default_pipeline(admin)
    assert [s["key"] for s in pipeline["stages"]] == DEFAULT_KEYS
    assert [s["probability"] for s in pipeline["stages"]] == [10, 30, 60, 80, 100, 0]
    assert [s["kind"] for s in pipeline["stages"]] == ["open"] * 4 + ["won", "lost"]
    got = admin.get(f"pipelines/{pipeline['id']}").json()
    assert got["stages"][0]["name"] == "Initial contact"
    zh = admin.client.get(f"/api/v1/pipelines/{pipeline['id']}",
                          headers={**admin.headers, "Accept-Language": "zh-CN"}).json()
    assert zh["stages"][0]["name"] == "初步接洽"


def test_opportunity_defaults_to_the_default_pipeline_and_first_stage(admin: Api) -> None:
    account = _account(admin)
    opp = admin.create("opportunities", name="ERP 项目", account_id=account["id"],
                       amount="120000.50", close_date="2026-12-31")
    assert opp["pipeline_id"] == _default_pipeline(admin)["id"]
    assert opp["stage"] == "initial"
    assert opp["status"] == "open"
    assert opp["probability"] == 10
    assert opp["amount"] == "120000.50"
    assert opp["currency"] == "CNY"
    assert opp["forecast_category"] == "pipeline"
    history = admin.get(f"opportunities/{opp['id']}/stage_history").json()["items"]
    assert [(h["stage"], h["left_at"]) for h in history] == [("initial", None)]
    assert history[0]["moved_by"] == admin.user["id"]
    assert history[0]["amount"] == "120000.50"


def test_unknown_stage_is_422_naming_stage_and_writes_nothing(admin: Api) -> None:
    account = _account(admin)
    r = admin.post("opportunities", {"name": "X", "account_id": account["id"],
                                     "stage": "closing"})
    assert r.status_code == 422
    assert _fields(r) == ["stage"]
    assert "closing" in r.json()["errors"][0]["message"]
    assert admin.get("opportunities").json()["items"] == []
    opp = admin.create("opportunities", name="Y", account_id=account["id"])
    r = admin.patch(f"opportunities/{opp['id']}", {"version": opp["version"], "stage": "nope"})
    assert r.status_code == 422 and _fields(r) == ["stage"]
    assert admin.get(f"opportunities/{opp['id']}").json()["stage"] == "initial"


def test_stage_moves_follow_probability_status_and_write_history(admin: Api, sessions) -> None:  # type: ignore[no-untyped-def]
    account = _account(admin)
    opp = admin.create("opportunities", name="CRM", account_id=account["id"], amount="5000")
    r = admin.patch(f"opportunities/{opp['id']}", {"version": 1, "stage": "proposal"})
    assert r.status_code == 200, r.text
    opp = r.json()
    assert (opp["stage"], opp["probability"], opp["status"]) == ("proposal", 60, "open")
    # An explicit probability in the same write wins over the stage's.
    opp = admin.patch(f"opportunities/{opp['id']}", {"version": opp["version"],
                                                      "stage": "negotiation",
                                                      "probability": 75}).json()
    assert (opp["stage"], opp["probability"]) == ("negotiation", 75)
    opp = admin.patch(f"opportunities/{opp['id']}", {"version": opp["version"],
                                                      "stage": "won"}).json()
    assert (opp["status"], opp["probability"], opp["forecast_category"]) == ("won", 100,
                                                                              "commit")
    assert opp["closed_at"] is not None
    history = admin.get(f"opportunities/{opp['id']}/stage_history").json()["items"]
    assert [h["stage"] for h in history] == ["initial", "proposal", "negotiation", "won"]
    assert all(h["left_at"] is not None for h in history[:-1])
    assert history[-1]["left_at"] is None
    assert history[1]["left_at"] == history[2]["entered_at"]
    with sessions() as s:
        events = [j.payload for j in s.scalars(select(Job).where(Job.kind == "event"))
                  if j.payload["type"] == "opportunities.stage_changed"
                  and j.payload["data"]["id"] == opp["id"]]
    moves = sorted((e["data"]["from"], e["data"]["to"]) for e in events)
    assert moves == sorted([("initial", "proposal"), ("proposal", "negotiation"),
                            ("negotiation", "won")])
    # A change that does not move the stage writes no history.
    admin.patch(f"opportunities/{opp['id']}", {"version": opp["version"], "amount": "6000"})
    assert len(admin.get(f"opportunities/{opp['id']}/stage_history").json()["items"]) == 4


def test_lost_needs_a_reason(admin: Api) -> None:
    account = _account(admin)
    opp = admin.create("opportunities", name="Lost deal", account_id=account["id"])
    r = admin.patch(f"opportunities/{opp['id']}", {"version": 1, "stage": "lost"})
    assert r.status_code == 422 and _fields(r) == ["lost_reason"]
    r = admin.patch(f"opportunities/{opp['id']}", {"version": 1, "stage": "lost",
                                                   "lost_reason": "价格太高"})
    assert r.status_code == 200, r.text
    body = r.json()
    assert (body["status"], body["probability"], body["lost_reason"]) == ("lost", 0, "价格太高")
    r = admin.patch(f"opportunities/{opp['id']}", {"version": 2, "lost_reason": None})
    assert r.status_code == 422 and _fields(r) == ["lost_reason"]


def test_stage_required_fields_are_enforced_on_entry(admin: Api) -> None:
    pipeline = admin.create("pipelines", name="Projects", stages=[
        {"key": "lead", "name": "Lead", "probability": 10, "kind": "open"},
        {"key": "quote", "name": "Quote", "probability": 50, "kind": "open",
         "required_fields": ["amount", "close_date"]},
        {"key": "done", "name": "Done", "probability": 100, "kind": "won"},
        {"key": "dropped", "name": "Dropped", "probability": 0, "kind": "lost"},
    ])
    account = _account(admin)
    opp = admin.create("opportunities", name="P", account_id=account["id"],
                       pipeline_id=pipeline["id"])
    assert opp["stage"] == "lead"
    r = admin.patch(f"opportunities/{opp['id']}", {"version": 1, "stage": "quote"})
    assert r.status_code == 422
    assert sorted(_fields(r)) == ["amount", "close_date"]
    assert "Quote" in r.json()["errors"][0]["message"]
    r = admin.patch(f"opportunities/{opp['id']}", {"version": 1, "stage": "quote",
                                                   "amount": "100", "close_date": "2027-01-31"})
    assert r.status_code == 200, r.text
    r = admin.patch(f"opportunities/{opp['id']}", {"version": 2, "amount": None})
    assert r.status_code == 422 and _fields(r) == ["amount"]
    # A stage key of another pipeline is not a stage of this one.
    r = admin.patch(f"opportunities/{opp['id']}", {"version": 2, "stage": "proposal"})
    assert r.status_code == 422 and _fields(r) == ["stage"]


def test_kanban_groups_by_stage_within_data_scope(tenant) -> None:  # type: ignore[no-untyped-def]
    admin = tenant.admin
    rep = tenant.user("Rep", roles=["sales_rep"])
    other = tenant.user("Other", roles=["sales_rep"])
    account = rep.create("accounts", name="客户甲")
    rep.create("opportunities", name="A", account_id=account["id"], amount="100.10")
    rep.create("opportunities", name="B", account_id=account["id"], amount="200.20",
               stage="proposal")
    rep.create("opportunities", name="C", account_id=account["id"], amount="300.30",
               stage="proposal")
    other_account = other.create("accounts", name="客户乙")
    other.create("opportunities", name="D", account_id=other_account["id"], amount="999")

    board = rep.get("opportunities/kanban", params={"limit": 1}).json()
    by_key = {s["key"]: s for s in board["stages"]}
    assert [s["key"] for s in board["stages"]] == DEFAULT_KEYS
    assert (by_key["initial"]["count"], by_key["initial"]["amount"]) == (1, "100.10")
    assert (by_key["proposal"]["count"], by_key["proposal"]["amount"]) == (2, "500.50")
    assert by_key["proposal"]["weighted_amount"] == "300.30"
    assert len(by_key["proposal"]["items"]) == 1 and by_key["proposal"]["next_cursor"]
    assert by_key["won"]["count"] == 0 and by_key["won"]["amount"] == "0.00"
    assert board["totals"] == {"count": 3, "amount": "600.60"}

    everything = admin.get("opportunities/kanban").json()
    assert everything["totals"]["count"] == 4
    mine = admin.get("opportunities/kanban", params={"owner_id": rep.user["id"]}).json()
    assert mine["totals"]["count"] == 3
    assert admin.get("opportunities/kanban", params={"limit": 0}).status_code == 422
    assert admin.get("opportunities/kanban", params={"pipeline_id": "nope"}).status_code == 404


def test_other_users_opportunities_are_404(tenant) -> None:  # type: ignore[no-untyped-def]
    rep = tenant.user("Rep1", roles=["sales_rep"])
    other = tenant.user("Rep2", roles=["sales_rep"])
    account = rep.create("accounts", name="客户丙")
    opp = rep.create("opportunities", name="Mine", account_id=account["id"])
    assert other.get(f"opportunities/{opp['id']}/stage_history").status_code == 404
    r = other.patch(f"opportunities/{opp['id']}", {"version": 1, "stage": "won"})
    assert r.status_code == 404
    # Nor can another rep attach a deal to an account they cannot see.
    r = other.post("opportunities", {"name": "Theirs", "account_id": account["id"]})
    assert r.status_code == 422 and _fields(r) == ["account_id"]


def test_timeline_shows_stage_changes(admin: Api) -> None:
    account = _account(admin)
    opp = admin.create("opportunities", name="T", account_id=account["id"])
    admin.patch(f"opportunities/{opp['id']}", {"version": 1, "stage": "qualified"})
    items = admin.get(f"opportunities/{opp['id']}/timeline").json()["items"]
    stage_items = [i for i in items if i["kind"] == "stage_change"]
    assert [(i["from"], i["to"]) for i in stage_items] == [("initial", "qualified"),
                                                           (None, "initial")]


def test_service_backdates_stage_history_for_demo_and_imports(tenant, sessions) -> None:  # type: ignore[no-untyped-def]
    from datetime import UTC, datetime

    from salescrm.modules.sales.service import change_stage, create_opportunity
    from salescrm.platform.tenancy.system import system_context

    account = tenant.admin.create("accounts", name="历史客户")
    start, mid, end = (datetime(2026, m, 1, tzinfo=UTC) for m in (3, 5, 8))
    with sessions() as s:
        ctx = system_context(s, tenant.id)
        opp = create_opportunity(ctx, {"name": "Backdated", "account_id": account["id"],
                                       "amount": "1000"}, at=start)
        change_stage(ctx, opp.id, "proposal", at=mid)
        change_stage(ctx, opp.id, "lost", at=end, lost_reason="预算取消")
        s.commit()
        opp_id = opp.id
    history = tenant.admin.get(f"opportunities/{opp_id}/stage_history").json()["items"]
    assert [(h["stage"], h["entered_at"][:10], (h["left_at"] or "")[:10]) for h in history] == [
        ("initial", "2026-03-01", "2026-05-01"), ("proposal", "2026-05-01", "2026-08-01"),
        ("lost", "2026-08-01", "")]
    assert history[0]["duration_seconds"] == (mid - start).days * 86400
    got = tenant.admin.get(f"opportunities/{opp_id}").json()
    assert (got["status"], got["closed_at"][:10]) == ("lost", "2026-08-01")
