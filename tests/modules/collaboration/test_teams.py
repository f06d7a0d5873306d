"""Record teams (协作人): members see the record outside their data scope, edit it with
"edit" access; only the owner, a manager above the owner or an admin changes the team."""

from __future__ import annotations

from typing import Any

from tests.factories import Api, Tenant
from tests.modules.collaboration.helpers import account, codes, notes, patch


def _org(tenant: Tenant) -> dict[str, Api]:
    east = tenant.department("华东销售部")
    shanghai = tenant.department("上海组", parent_id=east["id"])
    south = tenant.department("华南销售部")
    head = tenant.user("Head", roles=["sales_manager"], department_id=east["id"])
    tenant.admin.patch(f"departments/{east['id']}", {"version": east["version"],
                                                      "head_id": head.user["id"]})
    boss = tenant.user("Boss", department_id=shanghai["id"])
    rep = tenant.user("Rep", department_id=shanghai["id"], manager_id=boss.user["id"])
    helper = tenant.user("Helper", department_id=south["id"])
    peer = tenant.user("Peer", department_id=south["id"])
    south_mgr = tenant.user("SouthMgr", roles=["sales_manager"], department_id=south["id"])
    return {"head": head, "boss": boss, "rep": rep, "helper": helper, "peer": peer,
            "south_mgr": south_mgr}


def test_read_member_sees_the_record_but_may_not_change_it(tenant: Tenant) -> None:
    o = _org(tenant)
    rep, helper = o["rep"], o["helper"]
    acct = account(rep, "南京紫金软件")
    path = f"accounts/{acct['id']}"
    assert helper.get(path).status_code == 404
    r = rep.post(f"{path}/team", {"user_id": helper.user["id"], "access": "read"})
    assert r.status_code == 201, r.text
    assert r.json()["access"] == "read" and r.json()["name"] == "Helper"
    assert helper.get(path).status_code == 200
    listed = {a["id"] for a in helper.get("accounts?limit=500").json()["items"]}
    assert listed == {acct["id"]}
    r = helper.patch(path, {"version": acct["version"], "level": "A"})
    assert r.status_code == 403, r.text
    assert helper.delete(path).status_code == 403
    # Comments and the timeline follow the record.
    assert helper.post(f"{path}/comments", {"body": "我来协助报价"}).status_code == 201
    assert helper.get(f"{path}/timeline").status_code == 200
    [note] = notes(helper, "team_added")
    assert note["record_id"] == acct["id"] and "南京紫金软件" in note["title"]


def test_edit_member_may_change_but_not_delete(tenant: Tenant) -> None:
    o = _org(tenant)
    rep, helper = o["rep"], o["helper"]
    acct = account(rep, "福州闽江船舶")
    path = f"accounts/{acct['id']}"
    assert rep.post(f"{path}/team", {"user_id": helper.user["id"]}).status_code == 201
    r = rep.post(f"{path}/team", {"user_id": helper.user["id"], "access": "edit"})
    assert r.status_code == 200 and r.json()["access"] == "edit"
    changed = patch(helper, path, level="B")
    assert changed["level"] == "B" and changed["owner_id"] == rep.user["id"]
    assert helper.delete(path).status_code == 403
    assert helper.post(f"{path}/restore").status_code in (403, 404)
    team = rep.get(f"{path}/team").json()
    assert [(m["user_id"], m["access"]) for m in team["items"]] == [(helper.user["id"], "edit")]
    assert team["can_manage"] is True and helper.get(f"{path}/team").json()["can_manage"] is False
    # Taken off the team, the record is out of reach again.
    assert rep.delete(f"{path}/team/{helper.user['id']}").status_code == 204
    assert helper.get(path).status_code == 404
    assert rep.delete(f"{path}/team/{helper.user['id']}").status_code == 404


def test_who_may_change_the_team(tenant: Tenant) -> None:
    o = _org(tenant)
    rep, helper, peer = o["rep"], o["helper"], o["peer"]
    acct = account(rep, "长沙岳麓教育")
    team = f"accounts/{acct['id']}/team"
    assert rep.post(team, {"user_id": helper.user["id"], "access": "edit"}).status_code == 201
    # A member, even with edit access, does not manage the team…
    r = helper.post(team, {"user_id": peer.user["id"]})
    assert r.status_code == 403 and r.json()["code"] == "collab.team_forbidden"
    # …the head of a department above the owner's and an admin do.
    assert o["head"].post(team, {"user_id": peer.user["id"]}).status_code == 201
    assert tenant.admin.post(team, {"user_id": peer.user["id"], "access": "edit"}
                             ).status_code == 200
    # A manager elsewhere cannot even see the record.
    assert o["south_mgr"].post(team, {"user_id": peer.user["id"]}).status_code == 404
    # A member may leave on their own.
    assert peer.delete(f"{team}/{peer.user['id']}").status_code == 204
    assert helper.delete(f"{team}/{rep.user['id']}").status_code == 403
    actions = [i["action"] for i in rep.get(f"accounts/{acct['id']}/timeline").json()["items"]
               if i["kind"] == "change"]
    assert actions[:4] == ["team_remove", "team_update", "team_add", "team_add"]


def test_the_owners_manager_by_reporting_line(tenant: Tenant) -> None:
    """A manager named on the owner (manager_id) may manage the team if they see the
    record; here the boss is a plain rep, so the record is hidden from them."""
    o = _org(tenant)
    acct = account(o["rep"], "西安大唐文旅")
    team = f"accounts/{acct['id']}/team"
    assert o["boss"].post(team, {"user_id": o["peer"].user["id"]}).status_code == 404
    assert o["rep"].post(team, {"user_id": o["boss"].user["id"]}).status_code == 201
    r = o["boss"].post(team, {"user_id": o["peer"].user["id"]})
    assert r.status_code == 201, r.text


def test_team_on_a_custom_object_record(tenant: Tenant) -> None:
    r = tenant.admin.post("meta/objects", {"api_name": "projects", "label": "项目", "fields": [
        {"api_name": "name", "type": "text", "label": "名称", "required": True}]})
    assert r.status_code == 201, r.text
    rep, other = tenant.user("Rep"), tenant.user("Other")
    project = rep.create("projects", name="MES 实施")
    assert other.get(f"projects/{project['id']}").status_code == 404
    assert rep.post(f"projects/{project['id']}/team",
                    {"user_id": other.user["id"], "access": "edit"}).status_code == 201
    assert [p["id"] for p in other.get("projects").json()["items"]] == [project["id"]]
    assert patch(other, f"projects/{project['id']}", name="MES 二期")["name"] == "MES 二期"


def test_bad_team_input_names_the_field(tenant: Tenant, tenants: Any) -> None:
    rep = tenant.user("Rep")
    helper = tenant.user("Helper")
    acct = account(rep, "贵阳数谷大数据")
    team = f"accounts/{acct['id']}/team"
    stranger = tenants.new().admin
    cases: list[tuple[Any, dict[str, str]]] = [
        ({}, {"user_id": "field.required"}),
        ({"user_id": stranger.user["id"]}, {"user_id": "field.lookup"}),
        ({"user_id": "nobody"}, {"user_id": "field.lookup"}),
        ({"user_id": 7}, {"user_id": "field.type_text"}),
        ({"user_id": rep.user["id"]}, {"user_id": "collab.team_owner"}),
        ({"user_id": helper.user["id"], "access": "write"}, {"access": "collab.access_invalid"}),
        ({"user_id": helper.user["id"], "role": "x"}, {"role": "field.unknown"}),
        ("helper", {"body": "error.body_not_object"}),
    ]
    for payload, expected in cases:
        r = rep.post(team, payload)
        assert r.status_code == 422, (payload, r.text)
        assert codes(r) == expected, (payload, r.json())
    assert rep.client.post(f"/api/v1/{team}", content=b"", headers=rep.headers
                           ).status_code == 400
    assert rep.get(team).json()["items"] == []
    # Deactivated colleagues cannot be added either.
    tenant.admin.patch(f"users/{helper.user['id']}", {
        "version": tenant.admin.get(f"users/{helper.user['id']}").json()["version"],
        "is_active": False})
    assert codes(rep.post(team, {"user_id": helper.user["id"]})) == {
        "user_id": "collab.user_inactive"}


def test_team_routes_answer_404_outside_scope(tenant: Tenant, tenants: Any) -> None:
    rep, outsider = tenant.user("Rep"), tenant.user("Outsider")
    acct = account(rep, "拉萨雪域牧业")
    other = tenants.new().admin
    for api in (outsider, other):
        assert api.get(f"accounts/{acct['id']}/team").status_code == 404
        assert api.post(f"accounts/{acct['id']}/team").status_code == 404
        assert api.post(f"accounts/{acct['id']}/team",
                        {"user_id": api.user["id"]}).status_code == 404
        assert api.delete(f"accounts/{acct['id']}/team/{rep.user['id']}").status_code == 404
