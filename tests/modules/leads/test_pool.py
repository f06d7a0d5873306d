"""The lead pool (公海): who sees pool leads, claim/release, the cap, the scheduled
return after N days without follow-up, and assignment rules on create."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from sqlalchemy import update

from salescrm.db.types import utcnow
from salescrm.models import Lead
from salescrm.platform.jobs import enqueue
from tests.factories import Api, Tenant


def _pool_lead(admin: Api, name: str = "池中线索", **fields: Any) -> dict[str, Any]:
    return admin.create("leads", name=name, owner_id=None, **fields)


def _ids(api: Api, query: str = "") -> set[str]:
    return {i["id"] for i in api.get(f"leads?limit=500{query}").json()["items"]}


def test_pool_leads_are_visible_to_every_rep_and_owned_ones_are_not(tenant: Tenant) -> None:
    rep1, rep2 = tenant.user("Rep1"), tenant.user("Rep2")
    pooled = _pool_lead(tenant.admin)
    mine = rep1.create("leads", name="我的线索")
    assert pooled["owner_id"] is None and mine["owner_id"] == rep1.user["id"]
    assert {pooled["id"], mine["id"]} <= _ids(rep1)
    assert pooled["id"] in _ids(rep2) and mine["id"] not in _ids(rep2)
    assert _ids(rep2, "&owner_id__isnull=true") == {pooled["id"]}


def test_claim_and_release(tenant: Tenant) -> None:
    rep1, rep2 = tenant.user("Rep1"), tenant.user("Rep2")
    lead = _pool_lead(tenant.admin)
    r = rep1.post(f"leads/{lead['id']}/claim")
    assert r.status_code == 200, r.text
    claimed = r.json()
    assert claimed["owner_id"] == rep1.user["id"] and claimed["assigned_at"]
    assert claimed["version"] == lead["version"] + 1
    # Now it is rep1's: rep2 no longer sees it, cannot claim it.
    assert rep2.post(f"leads/{lead['id']}/claim").status_code == 404
    assert rep2.get(f"leads/{lead['id']}").status_code == 404
    # Claiming again is harmless for its owner.
    assert rep1.post(f"leads/{lead['id']}/claim").json()["version"] == claimed["version"]
    released = rep1.post(f"leads/{lead['id']}/release")
    assert released.status_code == 200 and released.json()["owner_id"] is None
    assert rep1.post(f"leads/{lead['id']}/release").status_code == 403
    assert rep2.post(f"leads/{lead['id']}/claim").json()["owner_id"] == rep2.user["id"]
    history = tenant.admin.get(f"audit?object=leads&record_id={lead['id']}").json()["items"]
    assert {"claim", "release"} <= {h["action"] for h in history}


def test_admin_sees_a_claimed_lead_and_claim_by_another_is_403(tenant: Tenant) -> None:
    rep = tenant.user("Rep")
    lead = _pool_lead(tenant.admin)
    rep.post(f"leads/{lead['id']}/claim")
    r = tenant.admin.post(f"leads/{lead['id']}/claim")
    assert r.status_code == 403 and r.json()["code"] == "pool.not_in_pool"


def test_claim_of_a_lead_not_visible_is_404(tenants: Any) -> None:
    a, b = tenants.new(), tenants.new()
    lead = _pool_lead(a.admin)
    assert b.admin.post(f"leads/{lead['id']}/claim").status_code == 404
    assert b.admin.post("leads/no-such-lead/claim").status_code == 404
    rep = a.user("Rep")
    owned = a.admin.create("leads", name="管理员的线索")
    assert rep.post(f"leads/{owned['id']}/claim").status_code == 404
    assert rep.post(f"leads/{owned['id']}/release").status_code == 404


def test_cap_on_open_leads_a_rep_may_hold(tenant: Tenant) -> None:
    admin = tenant.admin
    r = admin.patch("pool_settings/leads", {"max_held": 2})
    assert r.status_code == 200 and r.json()["max_held"] == 2
    assert r.json()["return_after_days"] == 30
    rep = tenant.user("Rep")
    first, second, third = (_pool_lead(admin, f"线索{i}") for i in range(3))
    assert rep.post(f"leads/{first['id']}/claim").status_code == 200
    assert rep.post(f"leads/{second['id']}/claim").status_code == 200
    capped = rep.post(f"leads/{third['id']}/claim")
    assert capped.status_code == 403
    assert "2" in capped.json()["detail"] and capped.json()["max_held"] == 2
    rep.locale = "zh-CN"
    assert "上限" in rep.post(f"leads/{third['id']}/claim").json()["detail"]
    # Closed leads do not count: disqualify one, then the third can be claimed.
    rep.patch(f"leads/{first['id']}", {"status": "unqualified", "version": 2})
    assert rep.post(f"leads/{third['id']}/claim").status_code == 200


def test_pool_settings_are_admin_only_and_validated(tenant: Tenant) -> None:
    rep = tenant.user("Rep")
    assert rep.patch("pool_settings/leads", {"max_held": 5}).status_code == 403
    bad = tenant.admin.patch("pool_settings/leads", {"max_held": 0, "color": "red"})
    assert bad.status_code == 422
    assert {e["field"] for e in bad.json()["errors"]} == {"max_held", "color"}
    assert tenant.admin.patch("pool_settings/orders", {"max_held": 1}).status_code == 404
    off = tenant.admin.patch("pool_settings/leads", {"return_after_days": None})
    assert off.json() == {"object": "leads", "max_held": None, "return_after_days": None}
    assert rep.get("pool_settings").json()["items"][0]["object"] in ("accounts", "leads")


def _age(sessions: Any, lead_id: str, days: int, activity_days: int | None = None) -> None:
    with sessions() as s, s.begin():
        s.info["tenant_id"] = None
        past = utcnow() - timedelta(days=days)
        values: dict[str, Any] = {"assigned_at": past, "created_at": past}
        if activity_days is not None:
            values["last_activity_at"] = utcnow() - timedelta(days=activity_days)
        s.execute(update(Lead).where(Lead.id == lead_id).values(**values))


def _run_return_job(sessions: Any, worker: Any) -> None:
    with sessions() as s, s.begin():
        s.info["tenant_id"] = None
        enqueue(s, "pools.return_stale", {})
    worker.run_until_idle()


def test_leads_without_follow_up_for_n_days_return_to_the_pool(
        tenant: Tenant, sessions: Any, worker: Any) -> None:
    rep = tenant.user("Rep")
    stale = rep.create("leads", name="久未跟进")
    followed = rep.create("leads", name="最近跟进过")
    fresh = rep.create("leads", name="刚领取")
    converted_like = rep.create("leads", name="已不合格")
    rep.patch(f"leads/{converted_like['id']}", {"status": "unqualified", "version": 1})
    _age(sessions, stale["id"], 31)
    _age(sessions, followed["id"], 40, activity_days=3)
    _age(sessions, converted_like["id"], 90)
    _run_return_job(sessions, worker)
    assert tenant.admin.get(f"leads/{stale['id']}").json()["owner_id"] is None
    assert rep.get(f"leads/{followed['id']}").json()["owner_id"] == rep.user["id"]
    assert rep.get(f"leads/{fresh['id']}").json()["owner_id"] == rep.user["id"]
    assert rep.get(f"leads/{converted_like['id']}").json()["owner_id"] == rep.user["id"]
    history = tenant.admin.get(f"audit?object=leads&record_id={stale['id']}").json()["items"]
    returned = next(h for h in history if h["action"] == "return_to_pool")
    assert returned["user_id"] is None
    assert returned["changes"]["owner_id"] == [rep.user["id"], None]


def test_return_period_is_a_tenant_setting(tenant: Tenant, sessions: Any, worker: Any) -> None:
    tenant.admin.patch("pool_settings/leads", {"return_after_days": 60})
    rep = tenant.user("Rep")
    lead = rep.create("leads", name="四十天")
    _age(sessions, lead["id"], 40)
    _run_return_job(sessions, worker)
    assert rep.get(f"leads/{lead['id']}").json()["owner_id"] == rep.user["id"]
    tenant.admin.patch("pool_settings/leads", {"return_after_days": 7})
    _run_return_job(sessions, worker)
    assert rep.get(f"leads/{lead['id']}").json()["owner_id"] is None  # back in the pool


# --- assignment rules ----------------------------------------------------------
def _rule(admin: Api, **fields: Any) -> dict[str, Any]:
    return admin.create("lead_assignment_rules", **fields)


def test_round_robin_among_users_on_create(tenant: Tenant) -> None:
    a, b, c = tenant.user("A"), tenant.user("B"), tenant.user("C")
    _rule(tenant.admin, name="轮流", user_ids=[a.user["id"], b.user["id"], c.user["id"]])
    owners = [tenant.admin.create("leads", name=f"线索{i}")["owner_id"] for i in range(6)]
    assert owners == [a.user["id"], b.user["id"], c.user["id"]] * 2
    # An explicit owner (or null for the pool) is kept.
    assert tenant.admin.create("leads", name="指定", owner_id=c.user["id"])["owner_id"] == \
        c.user["id"]
    assert tenant.admin.create("leads", name="入池", owner_id=None)["owner_id"] is None


def test_rules_by_province_and_source_first_match_wins(tenant: Tenant) -> None:
    south = tenant.user("South")
    east = tenant.user("East")
    web = tenant.user("Web")
    admin = tenant.admin
    _rule(admin, name="华南", position=1, match_field="province",
          match_values=["广东", "广西", "海南"], user_ids=[south.user["id"]])
    _rule(admin, name="华东", position=2, match_field="province",
          match_values=["上海", "江苏", "浙江"], user_ids=[east.user["id"]])
    _rule(admin, name="官网", position=3, match_field="source", match_values=["website"],
          user_ids=[web.user["id"]])
    assert admin.create("leads", name="甲", province="广东省")["owner_id"] == south.user["id"]
    assert admin.create("leads", name="乙", province="上海市",
                        source="website")["owner_id"] == east.user["id"]
    assert admin.create("leads", name="丙", province="四川",
                        source="Website")["owner_id"] == web.user["id"]
    # No rule matches: the creator owns it, as for any record.
    assert admin.create("leads", name="丁", province="四川")["owner_id"] == admin.user["id"]


def test_team_round_robin_skips_reps_at_the_cap_and_falls_back_to_the_pool(
        tenant: Tenant) -> None:
    team = tenant.department("华东销售部")
    r1 = tenant.user("R1", department_id=team["id"])
    r2 = tenant.user("R2", department_id=team["id"])
    admin = tenant.admin
    admin.patch("pool_settings/leads", {"max_held": 1})
    _rule(admin, name="团队", department_id=team["id"])
    first = admin.create("leads", name="一")["owner_id"]
    second = admin.create("leads", name="二")["owner_id"]
    assert {first, second} == {r1.user["id"], r2.user["id"]}
    third = admin.create("leads", name="三")
    assert third["owner_id"] is None  # everyone at the cap: the pool


def test_a_rep_creating_a_lead_that_a_rule_gives_away_gets_it_back_once(
        tenant: Tenant) -> None:
    rep, other = tenant.user("Rep"), tenant.user("Other")
    _rule(tenant.admin, name="全部给 Other", user_ids=[other.user["id"]])
    r = rep.post("leads", {"name": "网上来的"})
    assert r.status_code == 201 and r.json()["owner_id"] == other.user["id"]
    assert rep.get(f"leads/{r.json()['id']}").status_code == 404


def test_rule_with_nobody_keeps_matching_leads_in_the_pool(tenant: Tenant) -> None:
    _rule(tenant.admin, name="展会线索入池", match_field="source", match_values=["展会"])
    assert tenant.admin.create("leads", name="展会客户", source="展会")["owner_id"] is None


def test_assignment_rules_are_admin_only_and_validated(tenant: Tenant) -> None:
    rep = tenant.user("Rep")
    assert rep.post("lead_assignment_rules", {"name": "x"}).status_code == 403
    bad = tenant.admin.post("lead_assignment_rules", {
        "name": "x", "match_field": "province", "user_ids": ["nobody"]})
    assert bad.status_code == 422
    assert {e["field"] for e in bad.json()["errors"]} == {"match_values", "user_ids"}
    wrong = tenant.admin.post("lead_assignment_rules", {"name": "x", "match_field": "color"})
    assert wrong.status_code == 422 and wrong.json()["errors"][0]["field"] == "match_field"


def test_a_logged_follow_up_keeps_the_lead_with_its_owner(
        tenant: Tenant, sessions: Any, worker: Any) -> None:
    rep = tenant.user("Rep")
    lead = rep.create("leads", name="打过电话")
    _age(sessions, lead["id"], 45)
    call = rep.create("activities", kind="call", related_type="leads", related_id=lead["id"],
                      content="电话沟通需求")
    assert call["related_id"] == lead["id"]
    assert rep.get(f"leads/{lead['id']}").json()["last_activity_at"]
    _run_return_job(sessions, worker)
    assert rep.get(f"leads/{lead['id']}").json()["owner_id"] == rep.user["id"]
