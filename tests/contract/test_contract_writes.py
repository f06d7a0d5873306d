"""The write contract of API.md, for EVERY registered object and a custom one: create,
read, update, delete, restore by a user whose role allows it (not an administrator);
a stale ``version`` → 409; an audit row with the field changes; each write's record
event delivered exactly once to a webhook (a real HTTP server); the same writes
refused with 403 to a user who may only read the record, and nothing changed.

Objects are read from the registry when the tests are collected and their routes from
the OpenAPI document, so an object a module registers gets all of this without test
code (issue 12). Field levels: test_contract_fields.py; isolation and data scope:
test_contract_scope.py.
"""

from __future__ import annotations

import uuid
from collections import Counter
from typing import Any

import pytest

from tests.contract.conftest import (
    CUSTOM_FIELDS,
    NOTE,
    OBJECTS,
    OWNED,
    World,
    problem,
    refused_create,
)
from tests.samples import create_sample, sample_payload

WRITES = ("created", "updated", "deleted", "restored")


def audit(world: World, api: Any, name: str, record_id: str) -> list[dict[str, Any]]:
    r = api.get("audit", params={"object": name, "record_id": record_id})
    assert r.status_code == 200, r.text
    return r.json()["items"]  # type: ignore[no-any-return]


def own_field(world: World, name: str) -> tuple[str, Any]:
    """A field of the object's own to change with the custom one, chosen from metadata:
    a long text, else an amount, else its title (free text on every object)."""
    meta = world.admin.get(f"meta/objects/{name}").json()
    fields = [f for f in meta["fields"] if not f["readonly"] and f["api_name"] not in CUSTOM_FIELDS]
    for kind in ("textarea", "money", "number"):
        for f in fields:
            if f["type"] == kind:
                return f["api_name"], "7.25" if kind != "textarea" else f"text {uuid.uuid4().hex}"
    return meta["name_field"], f"title {uuid.uuid4().hex[:10]}"


@pytest.mark.parametrize("name", OBJECTS)
def test_crud_and_restore_with_permission(name: str, world: World) -> None:
    if not world.routes[name].create:
        return refused_create(world, name)
    with world.listening(name):
        crud_and_restore(name, world)


def crud_and_restore(name: str, world: World) -> None:
    api, routes = world.writer, world.routes[name]
    first, second = f"note-{uuid.uuid4().hex[:8]}", f"note-{uuid.uuid4().hex[:8]}"
    body = {**sample_payload(api, name), NOTE: first}
    r = api.post(f"{name}?allow_duplicate=true", body)
    assert r.status_code == 201, f"{name}: {r.text}"
    made = r.json()
    rid = made["id"]
    assert made["version"] == 1 and made[NOTE] == first, made
    assert made["created_by"] == api.user["id"] and made["created_at"] and made["updated_at"]
    if name in OWNED:
        assert made["owner_id"] == api.user["id"], f"{name}: owner defaults to the creator"
    got = api.get(f"{name}/{rid}")
    assert got.status_code == 200 and got.json()[NOTE] == first, got.text
    assert [i["id"] for i in api.get(name, params={"id": rid}).json()["items"]] == [rid]

    if routes.update:
        own, value = own_field(world, name)
        r = api.patch(f"{name}/{rid}", {"version": 1, NOTE: second, own: value})
        assert r.status_code == 200, f"{name}: {r.text}"
        assert r.json()["version"] == 2 and r.json()[NOTE] == second, r.json()
        assert r.json()[own] != made.get(own), f"{name}: {own} not changed"
        missing = problem(api.patch(f"{name}/{rid}", {NOTE: "lost"}), 422)
        assert [e["field"] for e in missing["errors"]] == ["version"], missing
        stale = problem(api.patch(f"{name}/{rid}", {"version": 1, NOTE: "lost"}), 409)
        assert stale["current_version"] == 2, stale
    now = api.get(f"{name}/{rid}").json()
    version = now["version"]
    assert now[NOTE] == (second if routes.update else first), f"{name}: a stale write changed it"
    if routes.delete:
        assert api.delete(f"{name}/{rid}").status_code == 204, name
        problem(api.get(f"{name}/{rid}"), 404)
        assert api.get(name, params={"id": rid}).json()["items"] == []
        binned = api.get(name, params={"id": rid, "deleted": "true"}).json()["items"]
        assert [i["id"] for i in binned] == [rid], f"{name}: not in the recycle bin"
    if routes.delete and routes.restore:
        r = api.post(f"{name}/{rid}/restore")
        assert r.status_code == 200, f"{name}: {r.text}"
        assert r.json()[NOTE] == now[NOTE] and r.json()["version"] > version, r.json()
        assert api.get(f"{name}/{rid}").status_code == 200
        problem(api.post(f"{name}/{rid}/restore"), 404)  # not in the bin any more
    history = audit(world, api, name, rid)
    changed = [e for e in history if e["action"] == "update"]
    if routes.update:
        assert len(changed) == 1 and set(changed[0]["changes"]) == {NOTE, own}, changed
        assert changed[0]["changes"][NOTE] == [first, second], changed[0]
        assert changed[0]["changes"][own][0] in (made.get(own), None), changed[0]
        assert changed[0]["user_id"] == api.user["id"], changed[0]
    actions = [e["action"] for e in history]
    expected = ["create", "update" if routes.update else None,
                "delete" if routes.delete else None,
                "restore" if routes.delete and routes.restore else None]
    assert Counter(actions) == Counter(a for a in expected if a), f"{name}: audit {actions}"

    counted = Counter(t.rsplit(".", 1)[1] for t in world.events(rid)
                      if t.startswith(f"{name}.") and t.rsplit(".", 1)[1] in WRITES)
    wanted = Counter({"created": 1, "updated": int(routes.update), "deleted": int(routes.delete),
                      "restored": int(routes.delete and routes.restore)})
    assert counted == +wanted, f"{name}: each write's event once, got {counted}"
    if routes.delete:  # a live rule or price would change other objects' tests
        assert api.delete(f"{name}/{rid}").status_code == 204


@pytest.mark.parametrize("name", OBJECTS)
def test_writes_refused_without_permission_change_nothing(name: str, world: World) -> None:
    """A user who may only read gets 403 (the record is visible) for every write; one
    without any action on the object gets 403 for its list and 403 or 404 with nothing
    of the record, whatever the route. No version, audit row or event follows."""
    routes, blind = world.routes[name], world.blind
    problem(blind.get(name), 403)
    if not routes.create:
        return refused_create(world, name)
    with world.listening(name):
        refused_without_permission(name, world)


def refused_without_permission(name: str, world: World) -> None:
    routes, reader, blind = world.routes[name], world.reader, world.blind
    record = create_sample(world.admin, name)
    rid = record["id"]
    assert reader.get(f"{name}/{rid}").status_code == 200
    problem(reader.post(f"{name}?allow_duplicate=true", {NOTE: "x"}), 403)
    problem(blind.post(f"{name}?allow_duplicate=true", {NOTE: "x"}), 403)
    answers = [blind.get(f"{name}/{rid}"),
               blind.patch(f"{name}/{rid}", {"version": record["version"], NOTE: "x"}),
               blind.delete(f"{name}/{rid}"), blind.post(f"{name}/{rid}/restore"),
               blind.get("audit", params={"object": name, "record_id": rid})]
    if routes.timeline:
        answers.append(blind.get(f"{name}/{rid}/timeline"))
    if routes.export:
        answers.append(blind.get(f"{name}/export", params={"format": "csv"}))
    for r in answers:
        assert r.status_code in (403, 404), f"{r.request.url} → {r.status_code}: {r.text}"
        assert rid not in r.text, r.text
    if routes.update:
        problem(reader.patch(f"{name}/{rid}", {"version": record["version"], NOTE: "x"}), 403)
    if routes.delete:
        problem(reader.delete(f"{name}/{rid}"), 403)
        assert world.admin.delete(f"{name}/{rid}").status_code == 204
        if routes.restore:
            problem(reader.post(f"{name}/{rid}/restore"), 403)
            assert blind.post(f"{name}/{rid}/restore").status_code in (403, 404)
            assert world.admin.get(f"{name}/{rid}").status_code == 404, "restored anyway"
    actions = [e["action"] for e in audit(world, world.admin, name, rid)]
    assert actions.count("update") == 0 and actions.count("restore") == 0, actions
    types = [t for t in world.events(rid) if t.startswith(f"{name}.")]
    assert types == [f"{name}.created", f"{name}.deleted"][:1 + routes.delete], types
