"""Following a record: owners follow implicitly, followers hear of changes and new
comments from the worker — once per event, never the author, only while they can
still read the record."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from sqlalchemy import select, update

from salescrm.db.engine import begin_write
from salescrm.db.types import utcnow
from salescrm.models import FollowerNotice, Job
from salescrm.modules.collaboration.followers import PRUNE_JOB
from salescrm.platform.jobs import enqueue
from tests.factories import Api, Tenant
from tests.modules.collaboration.helpers import account, mention, notes, patch


def _people(tenant: Tenant) -> tuple[Api, Api, Api]:
    east = tenant.department("华东销售部")
    manager = tenant.user("Manager", roles=["sales_manager"], department_id=east["id"])
    rep = tenant.user("Rep", department_id=east["id"])
    outsider = tenant.user("Outsider")
    return rep, manager, outsider


def test_owner_follows_implicitly_and_hears_of_others_changes(tenant: Tenant,
                                                              worker: Any) -> None:
    rep, manager, _ = _people(tenant)
    acct = account(rep, "宁波海曙贸易")
    r = rep.get(f"accounts/{acct['id']}/followers").json()
    assert r == {"items": [{"user_id": rep.user["id"], "name": "Rep", "owner": True}],
                 "following": True}
    patch(rep, f"accounts/{acct['id']}", industry="制造业")  # the owner's own change
    patch(manager, f"accounts/{acct['id']}", level="A", region="华东")
    worker.run_until_idle()
    [note] = notes(rep, "record_updated")
    assert note["object"] == "accounts" and note["record_id"] == acct["id"]
    assert "Manager" in note["title"] and "宁波海曙贸易" in note["title"]
    assert notes(manager, "record_updated") == []  # the author of the change hears nothing


def test_followers_are_notified_once_per_event(tenant: Tenant, worker: Any,
                                               sessions: Any) -> None:
    rep, manager, _ = _people(tenant)
    acct = account(rep, "厦门鹭岛文具")
    r = manager.post(f"accounts/{acct['id']}/follow")
    assert r.status_code == 200 and r.json()["following"] is True
    assert manager.post(f"accounts/{acct['id']}/follow").json()["following"] is True
    ids = {f["user_id"] for f in rep.get(f"accounts/{acct['id']}/followers").json()["items"]}
    assert ids == {rep.user["id"], manager.user["id"]}
    patch(rep, f"accounts/{acct['id']}", phone="0592-5551234")
    worker.run_until_idle()
    # The worker may run an event twice (at least once): redeliver it.
    with sessions() as s, s.begin():
        begin_write(s)  # reads, then requeues: the write lock up front (SQLite)
        s.info["tenant_id"] = None
        jobs = [j for j in s.scalars(select(Job).where(Job.kind == "event"))
                if j.payload.get("type") == "accounts.updated"
                and j.payload["data"]["id"] == acct["id"]]
        assert len(jobs) == 1 and jobs[0].status == "done"
        s.execute(update(Job).where(Job.id == jobs[0].id).values(status="queued"))
    worker.run_until_idle()
    [note] = notes(manager, "record_updated")
    assert "Rep" in note["title"] and note["body"]
    assert notes(rep, "record_updated") == []
    # Unfollowing stops it.
    r = manager.delete(f"accounts/{acct['id']}/follow")
    assert r.status_code == 200 and r.json()["following"] is False
    patch(rep, f"accounts/{acct['id']}", phone="0592-5550000")
    worker.run_until_idle()
    assert len(notes(manager, "record_updated")) == 1


def test_owner_can_mute_and_follow_again(tenant: Tenant, worker: Any) -> None:
    rep, manager, _ = _people(tenant)
    acct = account(rep, "青岛崂山矿泉")
    assert rep.delete(f"accounts/{acct['id']}/follow").json()["following"] is False
    assert rep.get(f"accounts/{acct['id']}/followers").json() == {"items": [],
                                                                   "following": False}
    patch(manager, f"accounts/{acct['id']}", level="B")
    worker.run_until_idle()
    assert notes(rep, "record_updated") == []
    assert rep.post(f"accounts/{acct['id']}/follow").json()["following"] is True
    patch(manager, f"accounts/{acct['id']}", level="A")
    worker.run_until_idle()
    assert len(notes(rep, "record_updated")) == 1


def test_a_follower_who_lost_access_hears_nothing(tenant: Tenant, worker: Any) -> None:
    rep, _, outsider = _people(tenant)
    acct = account(rep, "大连星海渔业")
    assert outsider.post(f"accounts/{acct['id']}/follow").status_code == 404
    assert rep.post(f"accounts/{acct['id']}/team",
                    {"user_id": outsider.user["id"]}).status_code == 201
    assert outsider.post(f"accounts/{acct['id']}/follow").status_code == 200
    assert rep.delete(f"accounts/{acct['id']}/team/{outsider.user['id']}").status_code == 204
    patch(tenant.admin, f"accounts/{acct['id']}", level="C")
    worker.run_until_idle()
    assert notes(outsider, "record_updated") == []
    assert len(notes(rep, "record_updated")) == 1


def test_hidden_field_changes_are_not_announced(tenant: Tenant, worker: Any) -> None:
    tenant.admin.create("roles", key="rep_no_phone", name="不看电话", data_scope="own",
                        permissions={"*": ["read", "create", "update"]},
                        field_permissions={"accounts": {"phone": "hidden"}})
    rep = tenant.user("Rep", roles=["rep_no_phone"])
    acct = account(rep, "武汉光谷芯片")
    patch(tenant.admin, f"accounts/{acct['id']}", phone="027-88886666")
    worker.run_until_idle()
    assert notes(rep, "record_updated") == []
    patch(tenant.admin, f"accounts/{acct['id']}", phone="027-87654321", industry="半导体")
    worker.run_until_idle()
    [note] = notes(rep, "record_updated")
    assert "行业" in note["body"] or "Industry" in note["body"]
    assert "电话" not in note["body"] and "Phone" not in note["body"]


def test_followers_hear_of_new_comments(tenant: Tenant, worker: Any) -> None:
    rep, manager, _ = _people(tenant)
    watcher = tenant.user("Watcher", roles=["sales_manager"],
                          department_id=manager.user["department_id"])
    acct = account(rep, "合肥科大讯达")
    for api in (manager, watcher):
        assert api.post(f"accounts/{acct['id']}/follow").status_code == 200
    r = watcher.post(f"accounts/{acct['id']}/comments",
                     {"body": f"{mention(manager)} 客户下周到访"})
    assert r.status_code == 201
    worker.run_until_idle()
    worker.run_until_idle()
    [note] = notes(rep, "comment")  # the owner, as a follower
    assert note["body"] == "@Manager 客户下周到访" and "Watcher" in note["title"]
    assert notes(manager, "comment") == []  # had the mention instead
    assert len(notes(manager, "mention")) == 1
    assert notes(watcher, "comment") == []  # the author


def test_follow_routes_answer_404_outside_scope(tenant: Tenant, tenants: Any) -> None:
    rep, _, outsider = _people(tenant)
    acct = account(rep, "昆明滇池花卉")
    other = tenants.new().admin
    for api in (outsider, other):
        assert api.post(f"accounts/{acct['id']}/follow").status_code == 404
        assert api.delete(f"accounts/{acct['id']}/follow").status_code == 404
        assert api.get(f"accounts/{acct['id']}/followers").status_code == 404
    assert rep.get("accounts/nope/followers").status_code == 404


def test_old_notice_receipts_are_pruned(tenant: Tenant, worker: Any, sessions: Any) -> None:
    with sessions() as s, s.begin():
        s.info["tenant_id"] = tenant.id
        s.add(FollowerNotice(tenant_id=tenant.id, event_id="old-event",
                             created_at=utcnow() - timedelta(days=31)))
        s.add(FollowerNotice(tenant_id=tenant.id, event_id="fresh-event"))
        s.info["tenant_id"] = None
        enqueue(s, PRUNE_JOB, {})
    worker.run_until_idle()
    with sessions() as s:
        s.info["tenant_id"] = tenant.id
        assert set(s.scalars(select(FollowerNotice.event_id))) == {"fresh-event"}
