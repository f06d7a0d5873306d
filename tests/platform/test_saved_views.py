"""Saved list views (/api/v1/views): sharing like saved reports, the per-user default,
optimistic locking, and a definition checked against the saver's field permissions."""

from __future__ import annotations

from typing import Any

from tests.factories import Api, Tenant


def _view(api: Api, name: str = "大客户", sharing: str = "private", **extra: Any
          ) -> dict[str, Any]:
    body = {"object": "accounts", "name": name, "sharing": sharing,
            "filters": [{"field": "name", "op": "contains", "value": "集团"}],
            "sort": "-created_at", "columns": ["name", "owner_id"], **extra}
    r = api.post("views", body)
    assert r.status_code == 201, r.text
    return r.json()  # type: ignore[no-any-return]


def _names(api: Api, obj: str = "accounts") -> set[str]:
    r = api.get(f"views?object={obj}")
    assert r.status_code == 200, r.text
    return {v["name"] for v in r.json()["items"]}


def test_sharing_private_department_and_all(tenant: Tenant, tenants: Any) -> None:
    east = tenant.department("华东")
    shanghai = tenant.department("上海", parent_id=east["id"])
    south = tenant.department("华南")
    manager = tenant.user("Mgr", roles=["sales_manager"], department_id=east["id"])
    rep_sh = tenant.user("RepSH", department_id=shanghai["id"])
    rep_south = tenant.user("RepSouth", department_id=south["id"])
    private = _view(manager, "私人视图")
    dept = _view(manager, "华东视图", sharing="department")
    everyone = _view(manager, "全公司视图", sharing="all")
    assert dept["department_id"] == east["id"] and dept["mine"] and dept["can_edit"]
    assert dept["filters"] == [{"field": "name", "op": "contains", "value": "集团"}]

    assert _names(manager) == {"私人视图", "华东视图", "全公司视图"}
    # Shared with a department: seen in it and below it, not elsewhere.
    assert _names(rep_sh) == {"华东视图", "全公司视图"}
    assert _names(rep_south) == {"全公司视图"}
    assert rep_south.get(f"views/{dept['id']}").status_code == 404
    assert rep_sh.get(f"views/{private['id']}").status_code == 404
    seen = rep_sh.get(f"views/{everyone['id']}").json()
    assert not seen["mine"] and not seen["can_edit"] and seen["owner_name"] == "Mgr"

    # Another company sees none of it, by list or by id.
    other = tenants.new().admin
    assert _names(other) == set()
    for v in (private, dept, everyone):
        assert other.get(f"views/{v['id']}").status_code == 404
        assert other.patch(f"views/{v['id']}", {"version": 1, "name": "x"}).status_code == 404
        assert other.delete(f"views/{v['id']}").status_code == 404
        assert other.post(f"views/{v['id']}/default").status_code == 404


def test_only_the_owner_or_an_admin_changes_a_shared_view(tenant: Tenant) -> None:
    owner = tenant.user("Owner")
    colleague = tenant.user("Colleague")
    v = _view(owner, sharing="all")
    r = colleague.patch(f"views/{v['id']}", {"version": v["version"], "name": "改名"})
    assert r.status_code == 403
    assert colleague.delete(f"views/{v['id']}").status_code == 403
    r = tenant.admin.patch(f"views/{v['id']}", {"version": v["version"], "name": "管理员改名"})
    assert r.status_code == 200 and r.json()["version"] == v["version"] + 1
    assert owner.delete(f"views/{v['id']}").status_code == 204
    assert owner.get(f"views/{v['id']}").status_code == 404
    assert _names(colleague) == set()


def test_stale_version_is_a_conflict(admin: Api) -> None:
    v = _view(admin)
    first = admin.patch(f"views/{v['id']}", {"version": v["version"], "sort": "name",
                                             "columns": ["name"]})
    assert first.status_code == 200, first.text
    assert first.json()["sort"] == "name" and first.json()["columns"] == ["name"]
    late = admin.patch(f"views/{v['id']}", {"version": v["version"], "name": "晚了"})
    assert late.status_code == 409
    assert late.json()["current_version"] == v["version"] + 1
    assert admin.patch(f"views/{v['id']}", {"name": "无版本"}).status_code == 422
    assert admin.get(f"views/{v['id']}").json()["name"] == "大客户"


def test_default_view_is_per_user(tenant: Tenant) -> None:
    owner = tenant.user("Owner")
    colleague = tenant.user("Colleague")
    mine = _view(owner, "我的", sharing="all")
    theirs = _view(colleague, "同事的", sharing="all")
    r = colleague.post(f"views/{mine['id']}/default")
    assert r.status_code == 200 and r.json()["is_default"]
    listing = colleague.get("views?object=accounts").json()
    assert listing["default_id"] == mine["id"]
    assert owner.get("views?object=accounts").json()["default_id"] is None
    # One default per object: choosing another replaces it; clearing leaves none.
    colleague.post(f"views/{theirs['id']}/default")
    assert colleague.get("views?object=accounts").json()["default_id"] == theirs["id"]
    r = colleague.delete(f"views/{theirs['id']}/default")
    assert r.status_code == 200 and not r.json()["is_default"]
    assert colleague.get("views?object=accounts").json()["default_id"] is None
    # A deleted view is nobody's default any more.
    colleague.post(f"views/{mine['id']}/default")
    assert owner.delete(f"views/{mine['id']}").status_code == 204
    assert colleague.get("views?object=accounts").json()["default_id"] is None


def test_bad_definitions_are_422_naming_the_field(tenant: Tenant) -> None:
    admin = tenant.admin
    tenant.admin.locale = "zh-CN"

    def errors(body: dict[str, Any]) -> dict[str, str]:
        r = admin.post("views", {"object": "accounts", "name": "v", **body})
        assert r.status_code == 422, r.text
        return {e["field"]: e["code"] for e in r.json()["errors"]}

    r = admin.post("views", {"object": "no_such_object", "name": "v"})
    assert r.status_code == 422 and r.json()["errors"][0]["code"] == "view.unknown_object"
    assert "未知对象" in r.json()["errors"][0]["message"]
    assert admin.get("views?object=no_such_object").status_code == 422
    assert errors({"name": "  "}) == {"name": "view.name_required"}
    assert errors({"name": "长" * 101}) == {"name": "view.name_required"}
    assert errors({"filters": [{"field": "nope", "op": "eq", "value": "1"}]}) == {
        "filters[0].field": "view.unknown_field"}
    assert errors({"filters": [{"field": "name", "op": "near", "value": "1"}]}) == {
        "filters[0].op": "view.filter_op"}
    assert "filters[0].value" in errors({"filters": [
        {"field": "created_at", "op": "gte", "value": "not a date"}]})
    assert errors({"sort": "-nope"}) == {"sort": "view.sort"}
    assert errors({"columns": ["name", "nope"]}) == {"columns[1]": "view.unknown_field"}
    assert errors({"columns": ["name", "name"]}) == {"columns": "view.columns_list"}
    assert errors({"sharing": "friends"}) == {"sharing": "view.sharing"}
    # An admin without a department cannot share with one.
    assert errors({"sharing": "department"}) == {"sharing": "view.sharing_no_department"}
    admin.locale = "en"
    r = admin.post("views", {"object": "accounts", "name": "v", "columns": ["nope"]})
    assert r.json()["errors"][0]["message"].startswith("Unknown field “nope”")


def test_hidden_fields_are_refused_and_never_shown(tenant: Tenant) -> None:
    r = tenant.admin.post("roles", {
        "key": "no_email", "name": "看不到邮箱", "data_scope": "all",
        "permissions": {"*": ["read", "create", "update"]},
        "field_permissions": {"contacts": {"email": "hidden", "mobile": "masked"}}})
    assert r.status_code == 201, r.text
    rep = tenant.user("Limited", roles=["no_email"])
    for body in ({"columns": ["name", "email"]}, {"sort": "email"},
                 {"filters": [{"field": "email", "op": "contains", "value": "x"}]},
                 {"filters": [{"field": "mobile", "op": "eq", "value": "13800000000"}]}):
        r = rep.post("views", {"object": "contacts", "name": "v", **body})
        assert r.status_code == 422, (body, r.text)
    # A view the admin shares keeps its choices, but the rep gets only what they may see.
    shared = tenant.admin.post("views", {
        "object": "contacts", "name": "邮箱视图", "sharing": "all", "sort": "-email",
        "columns": ["name", "email", "mobile"],
        "filters": [{"field": "email", "op": "contains", "value": "@"},
                    {"field": "name", "op": "contains", "value": "王"}]}).json()
    seen = rep.get(f"views/{shared['id']}").json()
    assert seen["columns"] == ["name", "mobile"]
    assert seen["filters"] == [{"field": "name", "op": "contains", "value": "王"}]
    assert seen["sort"] == "-created_at"
    assert tenant.admin.get(f"views/{shared['id']}").json()["columns"] == [
        "name", "email", "mobile"]
