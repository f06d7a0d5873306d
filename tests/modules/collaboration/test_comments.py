"""Comments with @mentions on any record: visibility follows the record, mentions notify
only who can read it (and the answer says who was left out), edits and deletes by the
author or an admin, audit, timeline, bad input."""

from __future__ import annotations

from typing import Any

from tests.factories import Api, Tenant
from tests.modules.collaboration.helpers import account, codes, mention, notes


def _team(tenant: Tenant) -> dict[str, Any]:
    """A rep in 华东 with their manager, and a rep in 华南 who cannot see 华东's records."""
    east = tenant.department("华东销售部")
    south = tenant.department("华南销售部")
    manager = tenant.user("Manager", roles=["sales_manager"], department_id=east["id"])
    rep = tenant.user("Rep", department_id=east["id"], manager_id=manager.user["id"])
    outsider = tenant.user("Outsider", department_id=south["id"])
    return {"manager": manager, "rep": rep, "outsider": outsider}


def test_mentions_notify_only_those_who_can_read_the_record(tenant: Tenant) -> None:
    p = _team(tenant)
    rep, manager, outsider = p["rep"], p["manager"], p["outsider"]
    acct = account(rep, "上海明远科技有限公司")
    body = f"{mention(manager)} 请看一下报价，{mention(outsider)} 也请知悉 {mention(rep)}"
    r = rep.post(f"accounts/{acct['id']}/comments", {"body": body})
    assert r.status_code == 201, r.text
    c = r.json()
    assert c["body"] == body and c["author_id"] == rep.user["id"] and c["can_edit"]
    assert [m["user_id"] for m in c["mentions"]] == [
        manager.user["id"], outsider.user["id"], rep.user["id"]]
    assert c["notified"] == [manager.user["id"]]
    skipped = {s["user_id"]: s["reason"] for s in c["not_notified"]}
    assert skipped == {outsider.user["id"]: "cannot_read", rep.user["id"]: "author"}
    assert "Outsider" in next(s["message"] for s in c["not_notified"]
                              if s["reason"] == "cannot_read")
    [note] = notes(manager, "mention")
    assert note["object"] == "accounts" and note["record_id"] == acct["id"]
    assert "上海明远科技有限公司" in note["title"] and "Rep" in note["title"]
    assert note["body"] == "@Manager 请看一下报价，@Outsider 也请知悉 @Rep"
    # The outsider learns nothing, not even that the record exists.
    assert notes(outsider) == []
    assert outsider.get(f"accounts/{acct['id']}/comments").status_code == 404


def test_comments_list_newest_first_with_a_cursor(admin: Api) -> None:
    acct = account(admin, "北京远航物流")
    for text in ("第一条", "第二条", "第三条"):
        assert admin.post(f"accounts/{acct['id']}/comments", {"body": text}).status_code == 201
    first = admin.get(f"accounts/{acct['id']}/comments?limit=2").json()
    assert [c["body"] for c in first["items"]] == ["第三条", "第二条"]
    rest = admin.get(f"accounts/{acct['id']}/comments",
                     params={"limit": 2, "cursor": first["next_cursor"]}).json()
    assert [c["body"] for c in rest["items"]] == ["第一条"] and rest["next_cursor"] is None
    assert admin.get(f"accounts/{acct['id']}/comments?limit=0").status_code == 422
    assert admin.get(f"accounts/{acct['id']}/comments?cursor=garbage").status_code == 400


def test_only_readers_of_the_record_see_or_touch_its_comments(tenant: Tenant,
                                                              tenants: Any) -> None:
    p = _team(tenant)
    rep, outsider = p["rep"], p["outsider"]
    acct = account(rep, "杭州青禾食品")
    cid = rep.post(f"accounts/{acct['id']}/comments", {"body": "拜访纪要"}).json()["id"]
    other = tenants.new().admin
    for api in (outsider, other):
        assert api.get(f"comments/{cid}").status_code == 404
        assert api.patch(f"comments/{cid}", {"body": "改掉"}).status_code == 404
        assert api.patch(f"comments/{cid}").status_code == 404  # even with no body
        assert api.delete(f"comments/{cid}").status_code == 404
        assert api.post(f"accounts/{acct['id']}/comments", {"body": "x"}).status_code == 404
        assert api.post(f"accounts/{acct['id']}/comments").status_code == 404
    assert rep.get(f"comments/{cid}").json()["body"] == "拜访纪要"
    # Once the record is deleted its comments go with it (and come back on restore).
    assert rep.delete(f"accounts/{acct['id']}").status_code == 204
    assert rep.get(f"comments/{cid}").status_code == 404
    assert rep.post(f"accounts/{acct['id']}/restore").status_code == 200
    assert rep.get(f"comments/{cid}").status_code == 200


def test_author_or_admin_edits_and_deletes_audited(tenant: Tenant) -> None:
    p = _team(tenant)
    rep, manager = p["rep"], p["manager"]
    colleague = tenant.user("Colleague", roles=["sales_manager"],
                            department_id=manager.user["department_id"])
    acct = account(rep, "苏州恒通机械")
    c = rep.post(f"accounts/{acct['id']}/comments",
                 {"body": f"{mention(manager)} 客户要求降价"}).json()
    path = f"comments/{c['id']}"
    r = manager.patch(path, {"body": "不是我的评论"})
    assert r.status_code == 403 and r.json()["code"] == "collab.comment_forbidden"
    assert manager.get(path).json()["can_edit"] is False
    assert manager.delete(path).status_code == 403
    # Editing notifies only the newly mentioned.
    r = rep.patch(path, {"body": f"{mention(manager)} {mention(colleague)} 客户要求降价 5%"})
    assert r.status_code == 200, r.text
    assert r.json()["notified"] == [colleague.user["id"]] and r.json()["edited_at"]
    assert len(notes(manager, "mention")) == 1 and len(notes(colleague, "mention")) == 1
    r = tenant.admin.patch(path, {"body": "管理员更正"})
    assert r.status_code == 200 and r.json()["body"] == "管理员更正"
    assert rep.delete(path).status_code == 204
    assert rep.get(path).status_code == 404
    assert rep.patch(path, {"body": "再改"}).status_code == 404
    assert rep.get(f"accounts/{acct['id']}/comments").json()["items"] == []
    log = tenant.admin.get("audit?object=comments").json()["items"]
    mine = [e for e in log if e["record_id"] == c["id"]]
    assert [e["action"] for e in mine] == ["delete", "update", "update", "create"]
    assert mine[0]["user_id"] == rep.user["id"]
    assert mine[2]["changes"]["body"][1].endswith("客户要求降价 5%")
    assert mine[3]["changes"]["record_id"] == [None, acct["id"]]


def test_comments_join_the_record_timeline(admin: Api) -> None:
    acct = account(admin, "深圳星河电子")
    c = admin.post(f"accounts/{acct['id']}/comments", {"body": "第一次沟通"}).json()
    deleted = admin.post(f"accounts/{acct['id']}/comments", {"body": "删掉的"}).json()
    assert admin.delete(f"comments/{deleted['id']}").status_code == 204
    items = admin.get(f"accounts/{acct['id']}/timeline").json()["items"]
    comments = [i for i in items if i["kind"] == "comment"]
    assert [i["id"] for i in comments] == [c["id"]]
    assert comments[0]["comment"]["body"] == "第一次沟通"
    assert comments[0]["user_id"] == admin.user["id"]
    assert items.index(comments[0]) < items.index(next(i for i in items
                                                       if i["kind"] == "change"))


def test_comments_on_a_custom_object_record(tenant: Tenant) -> None:
    admin = tenant.admin
    r = admin.post("meta/objects", {"api_name": "projects",
                                    "labels": {"en": "Projects", "zh-CN": "项目"},
                                    "fields": [{"api_name": "name", "type": "text",
                                                "label": "名称", "required": True}]})
    assert r.status_code == 201, r.text
    rep = tenant.user("Rep")
    project = rep.create("projects", name="ERP 上线")
    r = rep.post(f"projects/{project['id']}/comments",
                 {"body": f"{mention(admin)} 上线计划已更新"})
    assert r.status_code == 201 and r.json()["notified"] == [admin.user["id"]]
    [note] = notes(admin, "mention")
    assert note["object"] == "projects" and "ERP 上线" in note["title"]
    other = tenant.user("Other")
    assert other.get(f"projects/{project['id']}/comments").status_code == 404


def test_bad_comment_input_names_the_field(tenant: Tenant, tenants: Any) -> None:
    admin = tenant.admin
    acct = account(admin, "成都天府茶业")
    path = f"accounts/{acct['id']}/comments"
    stranger = tenants.new().admin
    ghost = "0192aaaa-0000-7000-8000-000000000000"
    cases: list[tuple[Any, dict[str, str]]] = [
        ({}, {"body": "field.required"}),
        ({"body": "   "}, {"body": "collab.body_empty"}),
        ({"body": 42}, {"body": "field.type_text"}),
        ({"body": "x" * 5001}, {"body": "field.too_long"}),
        ({"body": "x" * 4999 + "  "}, {"body": "field.too_long"}),
        ({"body": "a\x00b"}, {"body": "field.type_text"}),
        ({"body": f"@[Ghost](user:{ghost}) hi"}, {"body": "collab.mention_unknown"}),
        ({"body": f"{mention(stranger)} hi"}, {"body": "collab.mention_unknown"}),
        ({"body": "ok", "pinned": True}, {"pinned": "field.unknown"}),
        ([1, 2], {"body": "error.body_not_object"}),
    ]
    for payload, expected in cases:
        r = admin.post(path, payload)
        assert r.status_code == 422, (payload, r.text)
        assert codes(r) == expected, (payload, r.json())
        assert r.headers["content-type"].startswith("application/problem+json")
    r = admin.client.post(f"/api/v1/{path}", content=b"{oops", headers=admin.headers)
    assert r.status_code == 400
    assert admin.client.post(f"/api/v1/{path}", headers=admin.headers).status_code == 400
    assert admin.post(path, {"body": "x" * 5000}).status_code == 201
    # Nothing half-written: only the one good comment exists, nobody was notified.
    assert len(admin.get(path).json()["items"]) == 1
    assert notes(stranger) == []
    zh = Api(admin.client, admin.token, admin.user, locale="zh-CN")
    r = zh.post(path, {"body": ""})
    assert r.json()["errors"][0]["message"] == "请输入内容。"
    assert admin.get("unknown_things/abc/comments").status_code == 404
