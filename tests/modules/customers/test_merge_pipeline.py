"""Merging accounts writes every moved row through the records layer: one version bump,
one audit row and one ``<object>.updated`` event per row, and only this tenant's rows,
even when another tenant's rows name the duplicate's id."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from tests.factories import Api, Tenant, TenantFactory


def _events(sessions: Any, tenant_id: str) -> list[dict[str, Any]]:
    from salescrm.models import Job

    with sessions() as s:
        s.info["tenant_id"] = None
        return [j.payload for j in s.scalars(
            select(Job).where(Job.kind == "event", Job.tenant_id == tenant_id)
            .order_by(Job.created_at))]


def _of(events: list[dict[str, Any]], kind: str, record_id: str) -> list[dict[str, Any]]:
    return [e["data"] for e in events if e["type"] == kind and e["data"]["id"] == record_id]


def test_merge_emits_an_event_and_audit_row_for_every_moved_row(tenant: Tenant,
                                                                 sessions: Any) -> None:
    admin = tenant.admin
    survivor = admin.create("accounts", name="华东机电有限公司")
    duplicate = admin.create("accounts?allow_duplicate=true", name="华东机电", city="上海")
    contacts = [admin.create("contacts", name=n, account_id=duplicate["id"])
                for n in ("王经理", "李工")]
    opp = admin.create("opportunities", name="电机", account_id=duplicate["id"], amount="5000")
    activity = admin.create("activities", kind="visit", related_type="accounts",
                            related_id=duplicate["id"], content="拜访")
    task = admin.create("tasks", title="回访", related_type="accounts",
                        related_id=duplicate["id"])
    before = len(_events(sessions, tenant.id))

    r = admin.post(f"accounts/{survivor['id']}/merge", {"duplicate_id": duplicate["id"]})
    assert r.status_code == 200, r.text
    events = _events(sessions, tenant.id)[before:]
    for c in contacts:
        [moved] = _of(events, "contacts.updated", c["id"])
        assert moved["changes"]["account_id"] == [duplicate["id"], survivor["id"]]
        assert admin.get(f"contacts/{c['id']}").json()["version"] == c["version"] + 1
    [moved_opp] = _of(events, "opportunities.updated", opp["id"])
    assert moved_opp["changes"]["account_id"] == [duplicate["id"], survivor["id"]]
    # The activity points at the account twice (account_id and related_id): one event.
    [moved_activity] = _of(events, "activities.updated", activity["id"])
    assert moved_activity["changes"]["related_id"] == [duplicate["id"], survivor["id"]]
    [moved_task] = _of(events, "tasks.updated", task["id"])
    assert moved_task["changes"]["related_id"] == [duplicate["id"], survivor["id"]]
    assert admin.get(f"tasks/{task['id']}").json()["related_id"] == survivor["id"]
    # The merge's own events: the survivor filled in, the duplicate deleted, the merge.
    [filled] = _of(events, "accounts.updated", survivor["id"])
    assert filled["changes"]["city"] == [None, "上海"]
    assert len(_of(events, "accounts.deleted", duplicate["id"])) == 1
    [merged] = _of(events, "accounts.merged", survivor["id"])
    assert merged["duplicate_id"] == duplicate["id"]
    assert merged["moved"]["contacts"] == 2 and merged["moved"]["tasks"] == 1
    # The audit log shows the repoint on the moved rows.
    audit = admin.get(f"audit?object=opportunities&record_id={opp['id']}").json()["items"]
    assert any(a["action"] == "update"
               and a["changes"].get("account_id") == [duplicate["id"], survivor["id"]]
               for a in audit)
    audit = admin.get(f"audit?object=tasks&record_id={task['id']}").json()["items"]
    assert any(a["changes"].get("related_id") == [duplicate["id"], survivor["id"]]
               for a in audit)
    gone = admin.get(f"audit?object=accounts&record_id={duplicate['id']}").json()["items"]
    assert {"delete", "merged_into"} <= {a["action"] for a in gone}


def _forge(sessions: Any, theirs: Tenant, account_id: str) -> dict[str, str]:
    """Rows of tenant ``theirs`` naming another tenant's account: made through the API
    on their own account, then repointed below it (the API refuses such a lookup) —
    what a forged id or a bug elsewhere would leave."""
    from salescrm.db.engine import begin_write
    from salescrm.models import Activity, Contact, Opportunity, Task

    own = theirs.admin.create("accounts", name="乙方自己的客户")["id"]
    made = {
        Contact: theirs.admin.create("contacts", name="别家的联系人", account_id=own),
        Opportunity: theirs.admin.create("opportunities", name="别家的商机", account_id=own,
                                         amount="1"),
        Activity: theirs.admin.create("activities", kind="call", related_type="accounts",
                                      related_id=own, content="别家的跟进"),
        Task: theirs.admin.create("tasks", title="别家的任务", related_type="accounts",
                                  related_id=own),
    }
    with sessions() as s:
        begin_write(s)
        s.info["tenant_id"] = theirs.id
        for model, record in made.items():
            row = s.get(model, record["id"])
            for column in ("account_id", "related_id"):
                if getattr(row, column, None) == own:
                    setattr(row, column, account_id)
        s.commit()
    return {model.__tablename__: str(r["id"]) for model, r in made.items()}


def test_merge_never_touches_another_tenants_rows(tenants: TenantFactory,
                                                  sessions: Any) -> None:
    from salescrm.models import Activity, Contact, Opportunity, Task

    mine, theirs = tenants.new(), tenants.new()
    survivor = mine.admin.create("accounts", name="甲方")
    duplicate = mine.admin.create("accounts", name="甲方分公司")
    own = mine.admin.create("tasks", title="我的任务", related_type="accounts",
                            related_id=duplicate["id"])
    forged = _forge(sessions, theirs, duplicate["id"])

    r = mine.admin.post(f"accounts/{survivor['id']}/merge", {"duplicate_id": duplicate["id"]})
    assert r.status_code == 200, r.text
    assert mine.admin.get(f"tasks/{own['id']}").json()["related_id"] == survivor["id"]
    with sessions() as s:
        s.info["tenant_id"] = None
        for model, column in ((Contact, "account_id"), (Opportunity, "account_id"),
                              (Activity, "related_id"), (Task, "related_id")):
            row = s.get(model, forged[model.__tablename__])
            assert getattr(row, column) == duplicate["id"], model.__tablename__
            assert row.version == 1, model.__tablename__
    assert not [e for e in _events(sessions, theirs.id) if e["type"].endswith(".updated")
                and e["data"]["id"] in forged.values()]
    # Naming the other tenant's account as the duplicate finds nothing to merge.
    other = theirs.admin.create("accounts", name="乙方")
    r = mine.admin.post(f"accounts/{survivor['id']}/merge", {"duplicate_id": other["id"]})
    assert r.status_code == 422 and r.json()["errors"][0]["field"] == "duplicate_id"
    assert theirs.admin.get(f"accounts/{other['id']}").json()["version"] == 1


def test_a_team_member_cannot_merge_an_account_away(tenant: Tenant) -> None:
    """Merging deletes the duplicate: like deleting, it stays with the owner's side."""
    owner, member = tenant.user("Owner"), tenant.user("Member")
    survivor = member.create("accounts", name="成员的客户")
    duplicate = owner.create("accounts", name="负责人的客户")
    r = owner.post(f"accounts/{duplicate['id']}/team",
                   {"user_id": member.user["id"], "access": "edit"})
    assert r.status_code in (200, 201), r.text
    contact = owner.create("contacts", name="留在原处", account_id=duplicate["id"])
    r = member.post(f"accounts/{survivor['id']}/merge", {"duplicate_id": duplicate["id"]})
    assert r.status_code == 403, r.text
    assert owner.get(f"accounts/{duplicate['id']}").status_code == 200
    assert owner.get(f"contacts/{contact['id']}").json()["account_id"] == duplicate["id"]


def test_every_table_referring_to_accounts_is_moved_by_merge(admin: Api) -> None:
    """A new table pointing at accounts must be described by an object (a lookup field
    to accounts, or related_type/related_id), or merging would leave it behind."""
    from salescrm.modules.customers.merge import unmoved_references
    from salescrm.platform.metadata import builtin_objects

    assert admin.get("accounts").status_code == 200  # the app and its modules are loaded
    assert unmoved_references(builtin_objects()) == []


def test_a_row_waiting_for_approval_stops_the_merge_and_nothing_moves(tenant: Tenant) -> None:
    """A moved row passes the pre-write checks like any write: one locked by a pending
    approval refuses the merge (409), and the whole merge rolls back."""
    admin = tenant.admin
    r = admin.post("approval_flows", {"name": "大单", "object": "opportunities",
                                      "condition": None,
                                      "steps": [{"approver": {"type": "role", "value": "admin"},
                                                 "mode": "all"}]})
    assert r.status_code == 201, r.text
    survivor = admin.create("accounts", name="丙公司")
    duplicate = admin.create("accounts", name="丙公司华南", city="广州")
    contact = admin.create("contacts", name="赵经理", account_id=duplicate["id"])
    opp = admin.create("opportunities", name="审批中的商机", account_id=duplicate["id"],
                       amount="900000")
    assert admin.post(f"opportunities/{opp['id']}/submit").status_code in (200, 201)
    r = admin.post(f"accounts/{survivor['id']}/merge", {"duplicate_id": duplicate["id"]})
    assert (r.status_code, r.json()["code"]) == (409, "approval.locked"), r.text
    assert admin.get(f"accounts/{duplicate['id']}").json()["version"] == 1
    assert admin.get(f"accounts/{survivor['id']}").json()["city"] is None
    assert admin.get(f"contacts/{contact['id']}").json()["account_id"] == duplicate["id"]
    assert admin.get(f"opportunities/{opp['id']}").json()["account_id"] == duplicate["id"]
