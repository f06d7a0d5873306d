"""Targets: who may set them, attainment and gap, department roll-up, leaderboard."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from typing import Any

import pytest

from tests.factories import Api, Tenant


@pytest.fixture
def team(tenant: Tenant, sessions: Any) -> dict[str, Any]:
    from sqlalchemy import insert

    from salescrm.models import Opportunity

    sales = tenant.department("Sales")["id"]
    east = tenant.department("East", sales)["id"]
    west = tenant.department("West", sales)["id"]
    people = {
        "boss": tenant.user("Boss", roles=["sales_manager"], department_id=sales),
        "east_mgr": tenant.user("EastMgr", roles=["sales_manager"], department_id=east),
        "ann": tenant.user("Ann", department_id=east),
        "bob": tenant.user("Bob", department_id=east),
        "cid": tenant.user("Cid", department_id=west),
    }
    account = tenant.admin.create("accounts", name="客户")["id"]
    pipeline = next(p["id"] for p in tenant.admin.get("pipelines").json()["items"]
                    if p["is_default"])
    now = datetime.now(UTC)
    won = {"ann": ["30000.00", "20000.00"], "bob": ["10000.00"], "cid": ["70000.00"]}
    rows = []
    for who, amounts in won.items():
        for amount in amounts:
            rows.append({"id": str(uuid.uuid4()), "tenant_id": tenant.id, "version": 1,
                         "custom": {}, "created_at": now, "updated_at": now,
                         "owner_id": people[who].user["id"], "name": "d",
                         "account_id": account, "pipeline_id": pipeline, "stage": "won",
                         "status": "won", "amount": Decimal(amount), "currency": "CNY",
                         "closed_at": now})
    # Won last year: outside every period below.
    rows.append({**rows[0], "id": str(uuid.uuid4()), "closed_at": now - timedelta(days=400)})
    with sessions() as s:
        s.info["tenant_id"] = tenant.id
        s.execute(insert(Opportunity), rows)
        s.commit()
    month = now.strftime("%Y-%m")
    quarter = f"{now.year}-Q{(now.month - 1) // 3 + 1}"
    return {"people": people, "depts": {"sales": sales, "east": east, "west": west},
            "month": month, "quarter": quarter}


def _set(api: Api, subject_type: str, subject_id: str, period: str, amount: str) -> Any:
    return api.post("targets", {"subject_type": subject_type, "subject_id": subject_id,
                                "period": period, "amount": amount})


def test_attainment_gap_rollup_and_leaderboard(tenant: Tenant, team: dict[str, Any]) -> None:
    p, d, month = team["people"], team["depts"], team["month"]
    admin = tenant.admin
    for who, amount in (("ann", "40000.00"), ("bob", "20000.00"), ("cid", "50000.00")):
        assert _set(admin, "user", p[who].user["id"], month, amount).status_code == 201
    # West has its own target; East and Sales roll up.
    assert _set(admin, "department", d["west"], month, "60000.00").status_code == 201
    board = admin.get("analytics/targets", params={"period": month}).json()
    users = {u["name"]: u for u in board["users"]}
    assert users["Ann"] == {**users["Ann"], "target": "40000.00", "actual": "50000.00",
                            "attainment": 1.25, "gap": "-10000.00"}
    assert users["Bob"]["attainment"] == 0.5 and users["Bob"]["gap"] == "10000.00"
    assert users["Boss"]["target"] is None and users["Boss"]["attainment"] is None
    depts = {x["name"]: x for x in board["departments"]}
    assert depts["East"]["target_source"] == "rolled_up"
    assert (depts["East"]["target"], depts["East"]["actual"]) == ("60000.00", "60000.00")
    assert depts["West"]["target_source"] == "set"
    assert (depts["West"]["target"], depts["West"]["rolled_up_target"]) == ("60000.00",
                                                                            "50000.00")
    assert (depts["Sales"]["target"], depts["Sales"]["actual"]) == ("120000.00", "130000.00")
    ranked = admin.get("analytics/leaderboard", params={"period": month}).json()["items"]
    assert [(r["rank"], r["name"]) for r in ranked[:3]] == [(1, "Cid"), (2, "Ann"), (3, "Bob")]
    by_attainment = admin.get("analytics/leaderboard",
                              params={"period": month, "by": "attainment"}).json()["items"]
    assert [r["name"] for r in by_attainment[:3]] == ["Cid", "Ann", "Bob"]
    # A quarter without its own target sums its months' targets.
    q = admin.get("analytics/targets", params={"period": team["quarter"]}).json()
    assert {u["name"]: u["target"] for u in q["users"]}["Ann"] == "40000.00"


def test_scope_of_targets_and_figures(tenant: Tenant, team: dict[str, Any]) -> None:
    p, d, month = team["people"], team["depts"], team["month"]
    east_mgr, ann = p["east_mgr"], p["ann"]
    # A manager sets targets inside the tree only; a rep sets none.
    assert _set(east_mgr, "user", p["bob"].user["id"], month, "1.00").status_code == 201
    assert _set(east_mgr, "user", p["cid"].user["id"], month, "1.00").status_code == 403
    assert _set(east_mgr, "department", d["west"], month, "1.00").status_code == 403
    assert _set(ann, "user", ann.user["id"], month, "1.00").status_code == 403
    board = east_mgr.get("analytics/targets", params={"period": month}).json()
    assert {u["name"] for u in board["users"]} == {"EastMgr", "Ann", "Bob"}
    assert [x["name"] for x in board["departments"]] == ["East"]
    mine = ann.get("analytics/targets", params={"period": month}).json()
    assert [(u["name"], u["actual"]) for u in mine["users"]] == [("Ann", "50000.00")]
    assert mine["departments"] == []
    assert [r["name"] for r in ann.get("analytics/leaderboard").json()["items"]] == ["Ann"]
    # Targets outside the caller's reach are absent (404), not forbidden.
    target = _set(tenant.admin, "user", p["cid"].user["id"], month, "5.00").json()
    assert east_mgr.patch(f"targets/{target['id']}", {"amount": "6", "version": 1}
                          ).status_code == 404


def test_target_lifecycle_and_bad_input(tenant: Tenant, team: dict[str, Any]) -> None:
    admin, month = tenant.admin, team["month"]
    ann = team["people"]["ann"].user["id"]
    created = _set(admin, "user", ann, month, "100.50")
    assert created.status_code == 201
    target = created.json()
    assert (target["period"], target["period_kind"], target["amount"]) == (month, "month",
                                                                          "100.50")
    dup = _set(admin, "user", ann, month, "1")
    assert dup.status_code == 409 and dup.json()["existing_id"] == target["id"]
    changed = admin.patch(f"targets/{target['id']}", {"amount": "200", "version": 1})
    assert changed.json()["amount"] == "200.00" and changed.json()["version"] == 2
    assert admin.patch(f"targets/{target['id']}", {"amount": "3", "version": 1}
                       ).status_code == 409
    listed = admin.get("targets", params={"period": month, "subject_id": ann}).json()["items"]
    assert [t["id"] for t in listed] == [target["id"]]
    assert admin.delete(f"targets/{target['id']}").status_code == 204
    assert _set(admin, "user", ann, month, "1").status_code == 201
    for body, field in [
        ({"subject_type": "team", "subject_id": ann, "period": month, "amount": "1"},
         "subject_type"),
        ({"subject_type": "user", "subject_id": "nobody", "period": month, "amount": "1"},
         "subject_id"),
        ({"subject_type": "user", "subject_id": ann, "period": "2026-13", "amount": "1"},
         "period"),
        ({"subject_type": "user", "subject_id": ann, "period": month, "amount": "-5"},
         "amount"),
        ({"subject_type": "user", "subject_id": ann, "period": month, "amount": "1.001"},
         "amount"),
        ({"subject_type": "user", "subject_id": ann, "period": month, "amount": "1",
          "metric": "smiles"}, "metric"),
    ]:
        r = admin.post("targets", body)
        assert r.status_code == 422, (body, r.text)
        assert field in [e["field"] for e in r.json()["errors"]]
