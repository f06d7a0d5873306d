"""One behaviour per object (issue 12): what ``records.create/update/delete`` run for an
object is its module's declared behaviour, whoever the caller is; objects without one,
and every custom object, are generic; a second declaration for an object is refused."""

from __future__ import annotations

import json
import subprocess
import sys
from dataclasses import replace
from typing import Any, cast

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


# What the app holds once its modules are installed, printed as JSON by a fresh
# interpreter: importing a wiring module must register nothing, and the result of
# installing must not depend on the order of MODULES.
_REGISTRIES = """
import importlib, json, sys
from salescrm import app
from salescrm.platform import jobs
from salescrm.platform.audit.api import TIMELINE_SOURCES
from salescrm.platform.metadata import builtin_objects
from salescrm.platform.modules import install
from salescrm.platform.records.behaviour import declared
from salescrm.platform.records.service import PRE_WRITE_CHECKS
from salescrm.platform.org.service import TENANT_SETUP

def state():
    return {"objects": sorted(builtin_objects()), "behaviours": sorted(declared()),
            "jobs": sorted(jobs.HANDLERS), "schedules": sorted(jobs.SCHEDULES.items()),
            "subscribers": sorted(s.__qualname__ for s in jobs.SUBSCRIBERS),
            "checks": [c.__name__ for c in PRE_WRITE_CHECKS],
            "timeline": sorted(s.__name__ for s in TIMELINE_SOURCES),
            "setup": [s.__qualname__ for s in TENANT_SETUP]}

modules = [importlib.import_module(name) for name in app.MODULES]
imported = state()
for module in (reversed(modules) if sys.argv[1] == "reversed" else modules):
    install(module.MODULE)
print(json.dumps({"imported": imported, "installed": state()}))
"""


def _registries(order: str) -> dict[str, Any]:
    done = subprocess.run([sys.executable, "-c", _REGISTRIES, order], capture_output=True,
                          text=True, check=True)
    return cast("dict[str, Any]", json.loads(done.stdout))


def test_modules_register_nothing_on_import_and_install_in_any_order() -> None:
    forward, backward = _registries("forward"), _registries("reversed")
    imported = forward["imported"]
    # Importing every wiring module declared things, registered none of them (the
    # jobs layer's own two event dispatchers aside).
    assert imported["objects"] == imported["behaviours"] == imported["subscribers"] == []
    assert imported["jobs"] == ["event", "events"] and imported["schedules"] == []
    assert imported["checks"] == imported["timeline"] == imported["setup"] == []
    installed = forward["installed"]
    assert {"opportunities", "accounts", "users", "exchange_rates"} <= set(installed["objects"])
    assert {"import", "pools.return_stale", "webhook.deliver"} <= set(installed["jobs"])
    assert ["tasks.send_reminders", [60, "tasks.send_reminders"]] in installed["schedules"]
    # A record locked by an approval is refused as locked, whatever else is wrong.
    assert installed["checks"][0] == "check_lock"
    assert backward["installed"] == installed
