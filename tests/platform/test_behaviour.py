"""One behaviour per object (issue 12): what ``records.create/update/delete`` run for an
object is its module's declared behaviour, whoever the caller is; objects without one,
and every custom object, are generic; a second declaration for an object is refused."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

import pytest

from salescrm.app import MODULES, load_modules
from salescrm.db.engine import begin_write
from salescrm.platform.jobs import SUBSCRIBERS
from salescrm.platform.metadata import builtin_objects
from salescrm.platform.records import service as records
from salescrm.platform.records.behaviour import (
    GENERIC,
    Behaviour,
    behaviour_for,
    declared,
    register_behaviours,
)
from salescrm.platform.tenancy.system import system_context


def test_each_object_has_one_behaviour_and_custom_objects_are_generic() -> None:
    load_modules()
    objects = builtin_objects()
    # Declared only for objects that exist, and every write hook of an object known.
    assert set(declared()) <= set(objects)
    opportunities = behaviour_for(objects["opportunities"])
    assert opportunities.create is not None and opportunities.update is not None
    assert opportunities.timeline is not None and opportunities.import_history
    assert behaviour_for("notes_that_do_not_exist") is GENERIC
    # A custom object never picks up a module's hooks, even under a declared name.
    assert behaviour_for(replace(objects["opportunities"], custom=True)) is GENERIC


def test_a_second_behaviour_for_an_object_is_refused() -> None:
    load_modules()
    known = declared()["opportunities"]
    register_behaviours({"opportunities": known})  # the same one again: a no-op
    with pytest.raises(RuntimeError, match="opportunities"):
        register_behaviours({"opportunities": Behaviour()})
    assert behaviour_for("opportunities") is known


def test_loading_modules_twice_registers_nothing_twice() -> None:
    load_modules()
    before = list(SUBSCRIBERS)
    load_modules()
    assert before == SUBSCRIBERS
    assert len(MODULES) == len(set(MODULES))


def test_records_create_runs_the_objects_behaviour(tenant: Any, admin: Any,
                                                  sessions: Any) -> None:
    """A caller with no HTTP request (automation, demo, CLI …) gets what the API does: an
    opportunity created through ``records.create`` lands in the default pipeline's first
    stage with its stage history, as the opportunities behaviour says."""
    account = admin.post("/accounts", json={"name": "Behaviour Co"}).json()
    with sessions() as s:
        begin_write(s)  # the write lock up front, as the app's writes take it (SQLite)
        ctx = system_context(s, tenant.id)
        obj = ctx.object("opportunities")
        row = records.create(ctx, obj, {"name": "Via records.create",
                                        "account_id": account["id"]})
        s.commit()
        record_id = row.id
    got = admin.get(f"/opportunities/{record_id}").json()
    assert got["pipeline_id"] and got["stage"]
    timeline = admin.get(f"/opportunities/{record_id}/timeline").json()["items"]
    assert any(item["kind"] == "stage_change" for item in timeline)
    # update and delete dispatch the same way.
    with sessions() as s:
        begin_write(s)  # the write lock up front, as the app's writes take it (SQLite)
        ctx = system_context(s, tenant.id)
        obj = ctx.object("opportunities")
        records.update(ctx, obj, record_id, {"name": "Renamed", "version": got["version"]})
        records.delete(ctx, obj, record_id)
        s.commit()
    assert admin.get(f"/opportunities/{record_id}").status_code == 404
