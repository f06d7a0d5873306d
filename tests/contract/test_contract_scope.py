"""Tenant isolation and data scope past the live record, for EVERY registered object and
a custom one: its history, timeline and recycle bin. A record of another company, or
outside the caller's data scope, answers 404 — live or deleted, to restore as to read —
and is never listed. The live record's own routes (every route under /<object>/{id}) are
checked by tests/platform/test_isolation.py; here the custom object joins them.
"""

from __future__ import annotations

from typing import Any

import pytest

from tests.contract.conftest import CUSTOM, NOTE, OBJECTS, OWNED, World, problem, refused_create
from tests.factories import Api
from tests.samples import create_sample


def unreachable(api: Api, name: str, record: dict[str, Any], timeline: bool) -> None:
    """Every way to a record answers 404 and shows nothing of it."""
    rid = record["id"]
    answers = [api.get(f"{name}/{rid}"), api.post(f"{name}/{rid}/restore"),
               api.get("audit", params={"object": name, "record_id": rid})]
    if timeline:
        answers.append(api.get(f"{name}/{rid}/timeline"))
    if name == CUSTOM:  # served by the catch-all routes, which the OpenAPI leaves out
        answers += [api.patch(f"{name}/{rid}", {"version": record["version"], NOTE: "x"}),
                    api.delete(f"{name}/{rid}")]
    for r in answers:
        problem(r, 404)
        assert rid not in r.text, r.text
    for deleted in ("false", "true"):
        found = api.get(name, params={"id": rid, "deleted": deleted})
        assert found.status_code in (200, 403), found.text  # the bin may be admins' only
        assert rid not in found.text, f"{name}: listed (deleted={deleted})"


@pytest.mark.parametrize("name", OBJECTS)
def test_another_company_never_reaches_a_record_live_or_deleted(name: str,
                                                               world: World) -> None:
    routes = world.routes[name]
    if not routes.create:
        return refused_create(world, name)
    record = create_sample(world.admin, name)
    other = world.other.admin
    unreachable(other, name, record, routes.timeline)
    if routes.delete:
        assert world.admin.delete(f"{name}/{record['id']}").status_code == 204
        unreachable(other, name, record, routes.timeline)
        if routes.restore:  # untouched for its own company
            assert world.admin.post(f"{name}/{record['id']}/restore").status_code == 200
            assert world.admin.delete(f"{name}/{record['id']}").status_code == 204


@pytest.mark.parametrize("name", OWNED)
def test_records_outside_the_data_scope_are_404_live_and_deleted(name: str,
                                                                 world: World) -> None:
    routes = world.routes[name]
    if not routes.create:
        return refused_create(world, name)
    mine, theirs = world.reps
    record = create_sample(theirs, name)
    assert mine.get(name).status_code == 200
    unreachable(mine, name, record, routes.timeline)
    if routes.delete:
        assert theirs.delete(f"{name}/{record['id']}").status_code == 204
        unreachable(mine, name, record, routes.timeline)
        if routes.restore:  # the owner still may
            r = theirs.post(f"{name}/{record['id']}/restore")
            assert r.status_code == 200, f"{name}: {r.text}"
            assert theirs.delete(f"{name}/{record['id']}").status_code == 204
