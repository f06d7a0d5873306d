"""Tenant isolation and data scope, for EVERY registered object and EVERY record route.

Objects are read from the metadata registry at collection time, so an object a
module adds joins these tests without a line of test code; an object whose
sample cannot be built from metadata fails loudly (see tests/samples.py).
"""

from __future__ import annotations

import re
from typing import Any

import pytest

from salescrm.app import load_modules
from salescrm.platform.metadata import builtin_objects
from tests.factories import Api, Tenant
from tests.samples import DEFINITIONS, create_sample

load_modules()
OBJECTS = sorted(builtin_objects())
OWNED = sorted(n for n, o in builtin_objects().items() if o.owned)


def _paths(app: Any) -> dict[str, Any]:
    """Routes as the OpenAPI document publishes them (every public route is documented)."""
    return app.openapi()["paths"]  # type: ignore[no-any-return]


def _has_create_route(app: Any, name: str) -> bool:
    return "post" in _paths(app).get(f"/api/v1/{name}", {})


def _record_routes(app: Any, name: str) -> list[tuple[str, str]]:
    """Every (method, path) under /api/v1/<name>/{id}… — actions, timelines, overviews —
    and the generic routes that take an object name and a record id."""
    out = []
    for path, ops in _paths(app).items():
        m = re.fullmatch(rf"/api/v1/(?:{name}|\{{object_name\}})/\{{(\w+)\}}(/.*)?", path)
        if not m:
            continue
        concrete = path.replace("{object_name}", name).replace("{" + m.group(1) + "}", "{id}")
        for method in ops:
            if method in ("get", "post", "patch", "put", "delete"):
                out.append((method.upper(), concrete))
    return out


def _call(api: Api, method: str, path: str) -> Any:
    if method == "GET":
        return api.get(path)
    if method == "DELETE":
        return api.delete(path)
    return getattr(api, method.lower())(path, {"version": 1})


@pytest.mark.parametrize("name", OBJECTS)
def test_other_tenant_gets_404_on_every_record_route(name: str, tenants: Any, app: Any) -> None:
    if not _has_create_route(app, name):
        pytest.skip(f"{name} has no create route")
    a: Tenant = tenants.new()
    b: Tenant = tenants.new()
    record = create_sample(a.admin, name)
    routes = _record_routes(app, name)
    assert ("GET", f"/api/v1/{name}/{{id}}") in routes and len(routes) >= 4, routes
    for method, path in routes:
        r = _call(b.admin, method, path.replace("{id}", record["id"]))
        assert r.status_code in (404, 405), f"{method} {path} → {r.status_code}: {r.text}"
        assert record["id"] not in r.text or r.status_code == 405
    # The record is untouched for its own tenant, and never listed to the other.
    assert a.admin.get(f"{name}/{record['id']}").status_code == 200
    listed = b.admin.get(f"{name}?limit=500").json()["items"]
    assert record["id"] not in {i["id"] for i in listed}
    assert b.admin.get(f"{name}?id={record['id']}").json()["items"] == []


@pytest.mark.parametrize("path", sorted(DEFINITIONS))
def test_other_tenant_gets_404_on_every_saved_definition_route(path: str, tenants: Any,
                                                                app: Any) -> None:
    """Saved definitions shared company-wide are still never seen by another company."""
    a: Tenant = tenants.new()
    b: Tenant = tenants.new()
    item = DEFINITIONS[path](a.admin)
    routes = []
    for route, ops in _paths(app).items():
        m = re.fullmatch(rf"/api/v1/{path}/\{{(\w+)\}}(/.*)?", route)
        if m:
            routes += [(method.upper(), route.replace("{" + m.group(1) + "}", item["id"]))
                       for method in ops if method in ("get", "post", "patch", "delete")]
    assert ("GET", f"/api/v1/{path}/{item['id']}") in routes, routes
    for method, route in routes:
        r = _call(b.admin, method, route)
        assert r.status_code == 404, f"{method} {route} → {r.status_code}: {r.text}"
    assert a.admin.get(f"{path}/{item['id']}").status_code == 200
    assert item["id"] not in b.admin.get(path).text


@pytest.mark.parametrize("name", OWNED)
def test_rep_sees_own_records_only(name: str, tenant: Tenant, app: Any) -> None:
    if not _has_create_route(app, name):
        pytest.skip(f"{name} has no create route")
    rep1 = tenant.user("RepOne")
    rep2 = tenant.user("RepTwo")
    mine = create_sample(rep1, name)
    theirs = create_sample(rep2, name)
    assert rep1.get(f"{name}/{mine['id']}").status_code == 200
    assert rep1.get(f"{name}/{theirs['id']}").status_code == 404
    assert rep1.patch(f"{name}/{theirs['id']}", {"version": theirs["version"]}).status_code == 404
    assert rep1.delete(f"{name}/{theirs['id']}").status_code == 404
    ids = {i["id"] for i in rep1.get(f"{name}?limit=500").json()["items"]}
    assert mine["id"] in ids and theirs["id"] not in ids
    for method, path in _record_routes(app, name):
        r = _call(rep1, method, path.replace("{id}", theirs["id"]))
        assert r.status_code in (404, 405), f"{method} {path} → {r.status_code}: {r.text}"


def test_manager_sees_department_and_below_admin_sees_all(tenant: Tenant) -> None:
    east = tenant.department("华东销售部")
    shanghai = tenant.department("上海组", parent_id=east["id"])
    south = tenant.department("华南销售部")
    manager = tenant.user("Manager", roles=["sales_manager"], department_id=east["id"])
    rep_sh = tenant.user("RepSH", department_id=shanghai["id"])
    rep_s = tenant.user("RepS", department_id=south["id"])
    a_mgr = manager.create("accounts", name="经理自己的客户")
    a_sh = rep_sh.create("accounts", name="上海客户")
    a_s = rep_s.create("accounts", name="华南客户")
    seen = {i["id"] for i in manager.get("accounts?limit=500").json()["items"]}
    assert {a_mgr["id"], a_sh["id"]} <= seen
    assert a_s["id"] not in seen
    assert manager.get(f"accounts/{a_s['id']}").status_code == 404
    all_ids = {i["id"] for i in tenant.admin.get("accounts?limit=500").json()["items"]}
    assert {a_mgr["id"], a_sh["id"], a_s["id"]} <= all_ids


def test_department_scope_excludes_sub_departments(tenant: Tenant) -> None:
    east = tenant.department("华东")
    sub = tenant.department("苏州", parent_id=east["id"])
    tenant.admin.create("roles", key="dept_lead", name="部门主管", data_scope="department",
                        permissions={"*": ["read", "create", "update"]})
    lead = tenant.user("Lead", roles=["dept_lead"], department_id=east["id"])
    peer = tenant.user("Peer", department_id=east["id"])
    below = tenant.user("Below", department_id=sub["id"])
    a_peer = peer.create("accounts", name="同部门客户")
    a_below = below.create("accounts", name="下级部门客户")
    assert lead.get(f"accounts/{a_peer['id']}").status_code == 200
    assert lead.get(f"accounts/{a_below['id']}").status_code == 404
