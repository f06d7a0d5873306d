"""One company per backend prepared for the contract tests of every object.

Setting a company up costs ~100 requests (a custom object, three custom fields on every
object, roles, users, a webhook), so the contract tests share it; each test makes its
own records (and deletes those that would steer others: a lead routing rule, a price),
so they stay independent of each other and of their order.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

import pytest

from salescrm.app import load_modules
from salescrm.platform.jobs.worker import Worker
from salescrm.platform.metadata import builtin_objects
from tests.factories import Api, Tenant, TenantFactory
from tests.platform.lowcode.test_webhooks import Receiver, subscribe

load_modules()
CUSTOM = "ct_assets"  # the custom object every prepared company has
OBJECTS = [*sorted(builtin_objects()), CUSTOM]
OWNED = [*sorted(n for n, o in builtin_objects().items() if o.owned), CUSTOM]
# Custom fields added to every object: a plain one the tests change, one hidden from
# and one read-only for the restricted roles below.
NOTE, HIDDEN, READONLY = "ct_note", "ct_hidden", "ct_ro"
CUSTOM_FIELDS = (NOTE, HIDDEN, READONLY)
WRITE_ACTIONS = ["read", "create", "update", "delete", "export"]


@dataclass
class Routes:
    """What the public API offers for an object, read from the OpenAPI document (custom
    objects are served by the catch-all routes, which have every operation)."""

    create: bool = True
    get: bool = True
    update: bool = True
    delete: bool = True
    restore: bool = True
    export: bool = True
    timeline: bool = True


@dataclass
class World:
    tenant: Tenant
    other: Tenant           # another company, for isolation
    writer: Api             # read/create/update/delete/export on every object, scope all;
                            # HIDDEN hidden and READONLY read-only on every object
    reader: Api             # read only, data scope all
    blind: Api              # no action at all on any object
    reps: tuple[Api, Api]   # two sales reps (own records)
    worker: Worker
    receiver: Receiver      # a real HTTP server (see listening)
    routes: dict[str, Routes] = field(default_factory=dict)

    @property
    def admin(self) -> Api:
        return self.tenant.admin

    @contextmanager
    def listening(self, name: str) -> Iterator[None]:
        """The receiver subscribed to the object's events while the block runs: only
        these are delivered (a delivery costs ~0.1 s; all of a run's writes, ~30 s)."""
        self.worker.run_until_idle()  # others' events, before anyone listens
        hook = subscribe(self.admin, self.receiver.url, [f"{name}.*"])
        try:
            yield
        finally:
            self.worker.run_until_idle()
            assert self.admin.delete(f"webhooks/{hook['id']}").status_code == 204

    def events(self, record_id: str) -> list[str]:
        """Types of the events delivered so far about one record, in order."""
        self.worker.run_until_idle()
        return [b["type"] for b in self.receiver.bodies()
                if (b.get("data") or {}).get("id") == record_id]


def problem(r: Any, status: int) -> dict[str, Any]:
    assert r.status_code == status, f"{r.request.method} {r.request.url} → {r.status_code}: {r.text}"
    assert r.headers["content-type"].startswith("application/problem+json"), r.headers
    body: dict[str, Any] = r.json()
    assert body["status"] == status and body["title"] and body["detail"], body
    return body


def refused_create(world: World, name: str) -> None:
    """An object without a create route: the API says so (405), it creates nothing."""
    r = world.admin.post(name, {})
    assert r.status_code == 405, f"{name}: no create route documented, yet {r.status_code}"



def routes_of(app: Any, name: str) -> Routes:
    if name == CUSTOM:
        return Routes()
    paths = app.openapi()["paths"]
    item = next((ops for p, ops in paths.items()
                 if re.fullmatch(rf"/api/v1/{name}/\{{\w+\}}", p)), {})
    restore = next((ops for p, ops in paths.items()
                    if re.fullmatch(rf"/api/v1/{name}/\{{\w+\}}/restore", p)), {})
    timeline = any(re.fullmatch(rf"/api/v1/(?:{name}|\{{object_name\}})/\{{\w+\}}/timeline", p)
                   for p in paths)
    return Routes(create="post" in paths.get(f"/api/v1/{name}", {}), get="get" in item,
                  update="patch" in item, delete="delete" in item, restore="post" in restore,
                  export="get" in paths.get(f"/api/v1/{name}/export", {}), timeline=timeline)


def _role(admin: Api, key: str, actions: list[str], levels: bool = False) -> None:
    body: dict[str, Any] = {"key": key, "name": key, "data_scope": "all",
                            "permissions": {"*": actions}}
    if levels:
        body["field_permissions"] = {n: {HIDDEN: "hidden", READONLY: "readonly"}
                                     for n in OBJECTS}
    r = admin.post("roles", body)
    assert r.status_code == 201, r.text


def prepare(factory: TenantFactory, app: Any, worker: Worker, receiver: Receiver) -> World:
    tenant, other = factory.new("Contract Co"), factory.new("Contract Other Co")
    admin = tenant.admin
    for company in (tenant, other):
        r = company.admin.post("meta/objects", {
            "api_name": CUSTOM, "labels": {"en": "Assets", "zh-CN": "资产"},
            "fields": [{"api_name": "name", "label": "Name", "type": "text",
                        "required": True}]})
        assert r.status_code == 201, r.text
    for name in OBJECTS:
        for api_name in CUSTOM_FIELDS:
            r = admin.post(f"meta/objects/{name}/fields",
                           {"api_name": api_name, "label": api_name, "type": "text"})
            assert r.status_code == 201, f"{name}: {r.text}"
    _role(admin, "ct_writer", WRITE_ACTIONS, levels=True)
    _role(admin, "ct_reader", ["read"])
    _role(admin, "ct_blind", [])
    return World(tenant=tenant, other=other,
                 writer=tenant.user("CtWriter", roles=["ct_writer"]),
                 reader=tenant.user("CtReader", roles=["ct_reader"]),
                 blind=tenant.user("CtBlind", roles=["ct_blind"]),
                 reps=(tenant.user("CtRepOne"), tenant.user("CtRepTwo")),
                 worker=worker, receiver=receiver,
                 routes={n: routes_of(app, n) for n in OBJECTS})


@pytest.fixture(scope="package")
def world(client: Any, app: Any) -> Iterator[World]:
    receiver = Receiver()
    receiver.thread.start()
    try:
        worker = Worker(app.state.sessions, name="contract-worker")
        yield prepare(TenantFactory(client, app.state.sessions), app, worker, receiver)
    finally:
        receiver.server.shutdown()
        receiver.server.server_close()
