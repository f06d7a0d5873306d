"""A custom object created in the test gets the records contract built-in objects have:
CRUD, optimistic locking, soft delete and restore, list filters/sort/cursor/search,
permissions and data scope, tenant isolation, audit and timeline, lookups."""

from __future__ import annotations

from typing import Any

import pytest

from tests.factories import Api, Tenant

PROJECT = {
    "api_name": "projects",
    "labels": {"en": "Projects", "zh-CN": "项目"},
    "fields": [
        {"api_name": "name", "type": "text", "required": True,
         "labels": {"en": "Name", "zh-CN": "名称"}},
        {"api_name": "budget", "type": "money", "label": "Budget"},
        {"api_name": "phase", "type": "picklist", "options": ["plan", "build", "done"],
         "labels": {"en": "Phase", "zh-CN": "阶段"}},
        {"api_name": "code", "type": "text", "unique": True, "label": "Code"},
        {"api_name": "account", "type": "lookup", "target": "accounts", "label": "Account"},
        {"api_name": "parent", "type": "lookup", "target": "projects", "label": "Parent"},
    ],
}


def make_projects(api: Api) -> dict[str, Any]:
    r = api.post("meta/objects", PROJECT)
    assert r.status_code == 201, r.text
    return r.json()  # type: ignore[no-any-return]


def errors_of(r: Any) -> dict[str, str]:
    return {e["field"]: e.get("code", "") for e in r.json()["errors"]}


def test_created_object_is_served_at_once(admin: Api) -> None:
    meta = make_projects(admin)
    assert meta["api_name"] == "projects" and meta["custom"] is True
    names = [f["api_name"] for f in meta["fields"]]
    assert {"id", "name", "budget", "phase", "code", "account", "parent"} <= set(names)
    assert any(o["api_name"] == "projects" for o in admin.get("meta/objects").json()["items"])
    acct = admin.create("accounts", name="Acme")
    root = admin.create("projects", name="Rollout", budget="1000.5", phase="plan",
                        code="P-1", account=acct["id"])
    assert root["budget"] == "1000.50" and root["owner_id"] == admin.user["id"]
    child = admin.create("projects", name="Phase two", parent=root["id"], code="P-2")
    got = admin.get(f"projects/{child['id']}").json()
    assert got["parent"] == root["id"] and got["version"] == 1
    r = admin.patch(f"projects/{child['id']}", {"version": 1, "phase": "build"})
    assert r.status_code == 200 and r.json()["version"] == 2
    r = admin.patch(f"projects/{child['id']}", {"version": 1, "phase": "done"})
    assert r.status_code == 409
    r = admin.post("projects", {"name": "X", "phase": "nope", "code": "P-1"})
    assert r.status_code == 422 and errors_of(r) == {"phase": "field.option"}
    r = admin.post("projects", {"name": "X", "code": "P-1"})
    assert r.status_code == 409 and errors_of(r) == {"code": "field.unique"}
    r = admin.post("projects", {"budget": "1"})
    assert r.status_code == 422 and errors_of(r) == {"name": "field.required"}


def test_list_filter_sort_cursor_search_and_count(admin: Api) -> None:
    make_projects(admin)
    for i, phase in enumerate(["plan", "build", "build", "done", "plan"]):
        admin.create("projects", name=f"项目 {i} alpha" if i % 2 else f"Project {i}",
                     budget=str(100 * (5 - i)), phase=phase)
    page = admin.get("projects?phase=build&sort=budget").json()
    assert [p["budget"] for p in page["items"]] == ["300.00", "400.00"]
    assert admin.get("projects?budget__gte=300&count=true").json()["total"] == 3
    walked, cursor = [], None
    while True:
        url = "projects?sort=-budget&limit=2" + (f"&cursor={cursor}" if cursor else "")
        body = admin.get(url).json()
        walked += [p["budget"] for p in body["items"]]
        cursor = body["next_cursor"]
        if not cursor:
            break
    assert walked == ["500.00", "400.00", "300.00", "200.00", "100.00"]
    found = admin.get("projects?q=alpha").json()["items"]
    assert sorted(p["name"] for p in found) == ["项目 1 alpha", "项目 3 alpha"]
    by_name = admin.get("projects?sort=name").json()["items"]
    assert by_name[0]["name"] == "Project 0"


def test_soft_delete_restore_audit_and_timeline(admin: Api) -> None:
    make_projects(admin)
    p = admin.create("projects", name="Audit me", phase="plan")
    admin.patch(f"projects/{p['id']}", {"version": 1, "phase": "build"})
    assert admin.delete(f"projects/{p['id']}").status_code == 204
    assert admin.get(f"projects/{p['id']}").status_code == 404
    assert p["id"] in {i["id"] for i in admin.get("projects?deleted=true").json()["items"]}
    assert admin.post(f"projects/{p['id']}/restore").status_code == 200
    audit = admin.get(f"audit?object=projects&record_id={p['id']}").json()["items"]
    assert [e["action"] for e in audit] == ["restore", "delete", "update", "create"]
    assert audit[2]["changes"]["phase"] == ["plan", "build"]
    timeline = admin.get(f"projects/{p['id']}/timeline").json()["items"]
    assert len([i for i in timeline if i["kind"] == "change"]) == 4


def test_tenant_isolation_on_every_route(tenants: Any) -> None:
    a: Tenant = tenants.new()
    b: Tenant = tenants.new()
    make_projects(a.admin)
    p = a.admin.create("projects", name="Secret", code="S-1")
    # The object does not exist for tenant b, nor do its records.
    assert b.admin.get("projects").status_code == 404
    make_projects(b.admin)
    for method, path in [("GET", "projects/{id}"), ("PATCH", "projects/{id}"),
                         ("DELETE", "projects/{id}"), ("POST", "projects/{id}/restore"),
                         ("GET", "projects/{id}/timeline")]:
        url = path.replace("{id}", p["id"])
        r = (b.admin.get(url) if method == "GET" else b.admin.delete(url)
             if method == "DELETE" else getattr(b.admin, method.lower())(url, {"version": 1}))
        assert r.status_code == 404, (method, path, r.text)
    assert b.admin.get("projects").json()["items"] == []
    b.admin.create("projects", name="Mine", code="S-1")  # unique per tenant only
    r = b.admin.post("projects", {"name": "Link", "parent": p["id"]})
    assert r.status_code == 422 and errors_of(r) == {"parent": "field.lookup"}
    assert a.admin.get(f"projects/{p['id']}").json()["name"] == "Secret"


def test_data_scope_role_permissions_and_field_permissions(tenant: Tenant) -> None:
    make_projects(tenant.admin)
    rep1 = tenant.user("RepOne")
    rep2 = tenant.user("RepTwo")
    mine = rep1.create("projects", name="Mine", budget="10")
    theirs = rep2.create("projects", name="Theirs")
    assert rep1.get(f"projects/{theirs['id']}").status_code == 404
    assert {i["id"] for i in rep1.get("projects").json()["items"]} == {mine["id"]}
    tenant.admin.create("roles", key="viewer", name="Viewer", data_scope="all",
                        permissions={"projects": ["read"]},
                        field_permissions={"projects": {"budget": "hidden"}})
    viewer = tenant.user("Viewer", roles=["viewer"])
    got = viewer.get(f"projects/{mine['id']}").json()
    assert got["name"] == "Mine" and "budget" not in got
    assert viewer.post("projects", {"name": "No"}).status_code == 403
    assert viewer.get("projects?budget=10").status_code == 422


def test_custom_object_as_lookup_target_of_a_builtin_field(admin: Api) -> None:
    make_projects(admin)
    p = admin.create("projects", name="Target")
    r = admin.post("meta/objects/accounts/fields", {"api_name": "main_project",
                                                    "type": "lookup", "target": "projects",
                                                    "label": "Project"})
    assert r.status_code == 201, r.text
    acct = admin.create("accounts", name="Acme", main_project=p["id"])
    assert acct["main_project"] == p["id"]
    admin.delete(f"projects/{p['id']}")
    r = admin.post("accounts", {"name": "Acme 2", "main_project": p["id"]})
    assert r.status_code == 422 and errors_of(r) == {"main_project": "field.lookup"}


@pytest.mark.parametrize("body, field, code", [
    ({"api_name": "accounts", "label": "X"}, "api_name", "custom.object_taken"),
    ({"api_name": "approvals", "label": "X"}, "api_name", "custom.object_taken"),
    ({"api_name": "meta", "label": "X"}, "api_name", "custom.object_taken"),
    ({"api_name": "项目", "label": "X"}, "api_name", "custom.api_name_format"),
    ({"api_name": "select", "label": "X"}, "api_name", "custom.api_name_reserved"),
    ({"api_name": "things"}, "label", "custom.label_required"),
    ({"api_name": "things", "label": "X", "fields": [{"api_name": "id", "type": "text",
                                                      "label": "Id"}]},
     "fields[0].api_name", "custom.api_name_reserved"),
    ({"api_name": "things", "label": "X", "fields": [{"api_name": "x1", "type": "lookup",
                                                      "target": "nowhere", "label": "X"}]},
     "fields[0].target", "custom.target_unknown"),
])
def test_bad_custom_objects_are_422_and_nothing_is_saved(admin: Api, body: dict[str, Any],
                                                          field: str, code: str) -> None:
    before = admin.get("meta/objects").json()
    r = admin.post("meta/objects", body)
    assert r.status_code == 422, r.text
    assert errors_of(r).get(field) == code, r.json()
    assert admin.get("meta/objects").json() == before


def test_labels_change_delete_and_restore_object(admin: Api) -> None:
    make_projects(admin)
    p = admin.create("projects", name="Keep")
    r = admin.patch("meta/objects/projects", {"labels": {"en": "Programs", "zh-CN": "计划"}})
    assert r.status_code == 200 and r.json()["label"] == "Programs"
    assert admin.patch("meta/objects/projects", {"api_name": "x"}).status_code == 422
    assert admin.get("meta/objects", params={"deleted": "true"}).json()["items"] == []
    assert admin.delete("meta/objects/projects").status_code == 204
    assert admin.get("projects").status_code == 404
    [gone] = admin.get("meta/objects", params={"deleted": "true"}).json()["items"]
    assert (gone["api_name"], gone["label"]) == ("projects", "Programs")
    assert gone["deleted_at"]
    assert admin.post("meta/objects/projects/restore").status_code == 200
    assert admin.get(f"projects/{p['id']}").json()["name"] == "Keep"
    assert admin.get("meta/objects", params={"deleted": "true"}).json()["items"] == []


def test_only_administrators_list_deleted_objects(tenants: Any) -> None:
    a, b = tenants.new(), tenants.new()
    make_projects(a.admin)
    assert a.admin.delete("meta/objects/projects").status_code == 204
    rep = a.user("Rep")
    assert rep.get("meta/objects", params={"deleted": "true"}).status_code == 403
    # Another company never sees them.
    assert b.admin.get("meta/objects", params={"deleted": "true"}).json()["items"] == []


def test_custom_object_exports_and_reports(admin: Api) -> None:
    make_projects(admin)
    for phase, budget in (("plan", "100"), ("plan", "50"), ("build", "10")):
        admin.create("projects", name=f"P {phase} {budget}", phase=phase, budget=budget)
    r = admin.get("projects/export?format=csv&phase=plan")
    assert r.status_code == 200, r.text
    assert "P plan 100" in r.text and "P build 10" not in r.text
    r = admin.post("reports/run", {"object": "projects", "group_by": ["phase"],
                                   "measures": [{"field": "budget", "agg": "sum"}]})
    assert r.status_code == 200, r.text
    rows = {row["phase"]: row for row in r.json()["rows"]}
    assert set(rows) == {"plan", "build"}


def test_custom_object_imports_with_validation(admin: Api, worker: Any) -> None:
    make_projects(admin)
    csv = "项目名称,阶段,预算\n导入一,plan,12.50\n导入二,nope,3\n"
    r = admin.post("imports", files={"file": ("p.csv", csv.encode(), "text/csv")},
                   data={"object": "projects", "mode": "insert",
                         "mapping": '{"项目名称": "name", "阶段": "phase", "预算": "budget"}'})
    assert r.status_code == 202, r.text
    worker.run_until_idle()
    done = admin.get(f"imports/{r.json()['id']}").json()
    assert done["status"] == "done" and done["created"] == 1 and done["failed"] == 1, done
    assert done["errors"][0]["row"] == 3 and done["errors"][0]["field"] == "phase"
    names = [p["name"] for p in admin.get("projects").json()["items"]]
    assert names == ["导入一"]
