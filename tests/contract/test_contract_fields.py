"""Field levels on writes, for EVERY registered object and a custom one: a field hidden
from a role is unknown to it (not read, not written, not in its history, timeline or
export); a field read-only for a role is read but refused on create and update; the
object's own read-only fields (system fields, computed totals — the metadata says
which) are refused to everyone, administrators included. A refused write changes
nothing. Reads under masks and hidden amounts in figures: tests/platform/
test_field_levels_everywhere.py.
"""

from __future__ import annotations

import uuid
from typing import Any

import pytest

from tests.contract.conftest import HIDDEN, NOTE, OBJECTS, READONLY, World, problem, refused_create
from tests.samples import sample_payload


def refused_fields(r: Any, status: int = 422) -> set[str]:
    return {e["field"] for e in problem(r, status)["errors"]}


@pytest.mark.parametrize("name", OBJECTS)
def test_hidden_and_read_only_fields(name: str, world: World) -> None:
    routes = world.routes[name]
    if not routes.create:
        return refused_create(world, name)
    admin, writer = world.admin, world.writer
    token = uuid.uuid4().hex[:10]
    secret, fixed = f"HID-{token}-A", f"RO-{token}-A"
    base = sample_payload(admin, name)
    r = admin.post(f"{name}?allow_duplicate=true", {**base, HIDDEN: secret, READONLY: fixed})
    assert r.status_code == 201, f"{name}: {r.text}"
    record = r.json()
    rid = record["id"]

    got = writer.get(f"{name}/{rid}").json()
    assert HIDDEN not in got and got[READONLY] == fixed, f"{name}: {got}"
    [listed] = writer.get(name, params={"id": rid}).json()["items"]
    assert HIDDEN not in listed and listed[READONLY] == fixed, f"{name}: {listed}"
    fields = {f["api_name"]: f for f in writer.get(f"meta/objects/{name}").json()["fields"]}
    assert HIDDEN not in fields and fields[READONLY].get("permission") == "readonly", fields

    # Neither written on create nor on update (422 naming the field), by the restricted
    # role; nothing is created or changed.
    for f in (HIDDEN, READONLY):
        assert f in refused_fields(writer.post(f"{name}?allow_duplicate=true",
                                               {**base, f: "x"})), name
        assert f in refused_fields(writer.patch(f"{name}/{rid}",
                                                {"version": record["version"], f: "x"})), name
    meta = {f["api_name"]: f for f in admin.get(f"meta/objects/{name}").json()["fields"]}
    own = sorted(n for n, f in meta.items() if f["readonly"] and n != "version")
    assert {"id", "created_at", "updated_at", "created_by"} <= set(own), own
    body = {"version": record["version"], **{n: record.get(n) for n in own}}
    assert refused_fields(admin.patch(f"{name}/{rid}", body)) >= set(own), f"{name}: {own}"
    assert refused_fields(admin.post(f"{name}?allow_duplicate=true",
                                     {**base, **{n: record.get(n) for n in own}})) >= set(own)
    now = admin.get(f"{name}/{rid}").json()
    assert (now["version"], now[HIDDEN], now[READONLY]) == (record["version"], secret, fixed)

    # The hidden value, before and after a change, never reaches the restricted role;
    # the read-only one's change does.
    r = admin.patch(f"{name}/{rid}", {"version": record["version"], HIDDEN: f"HID-{token}-B",
                                      READONLY: f"RO-{token}-B", NOTE: token})
    assert r.status_code == 200, f"{name}: {r.text}"
    secrets = (secret, f"HID-{token}-B")
    history = writer.get("audit", params={"object": name, "record_id": rid})
    assert history.status_code == 200, history.text
    changes = [e["changes"] for e in history.json()["items"] if e["changes"]]
    assert all(HIDDEN not in c for c in changes), f"{name}: {changes}"
    assert any(c.get(READONLY) == [fixed, f"RO-{token}-B"] for c in changes), changes
    leaks = {"audit": history.text}
    if routes.timeline:
        timeline = writer.get(f"{name}/{rid}/timeline")
        assert timeline.status_code == 200, timeline.text
        leaks["timeline"] = timeline.text
    if routes.export:
        export = writer.get(f"{name}/export", params={"format": "csv"})
        assert export.status_code == 200, export.text
        leaks["export"] = export.text
    for where, text in leaks.items():
        assert not [s for s in secrets if s in text], f"{name}: {where} shows a hidden value"
    if routes.delete:
        assert admin.delete(f"{name}/{rid}").status_code == 204
