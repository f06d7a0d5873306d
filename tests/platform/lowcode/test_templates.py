"""Industry templates: one step installs pipelines, fields, picklists, approval flows and
saved reports; applying again creates nothing twice; the CLI does the same."""

from __future__ import annotations

import os
import subprocess
import sys
from typing import Any

import pytest

from salescrm.platform.templates.catalog import TEMPLATES
from tests.factories import Api, Tenant


def apply(api: Api, name: str) -> dict[str, Any]:
    r = api.post(f"templates/{name}/apply")
    assert r.status_code == 200, r.text
    return r.json()  # type: ignore[no-any-return]


@pytest.mark.parametrize("name", sorted(TEMPLATES))
def test_template_installs_everything_once(tenant: Tenant, name: str) -> None:
    admin = tenant.admin
    template = TEMPLATES[name]
    first = apply(admin, name)
    assert first["skipped"] == {}, first
    expected_fields = sorted(f"{o}.{f['api_name']}" for o, fs in template["fields"].items()
                             for f in fs)
    assert sorted(first["created"]["fields"]) == expected_fields
    assert len(first["created"]["pipelines"]) == len(template["pipelines"])
    assert len(first["created"]["approval_flows"]) == len(template["approval_flows"])
    assert len(first["created"]["reports"]) == len(template["reports"])
    # The pieces are live: fields on the objects, the pipeline's stages, flows, reports.
    for object_name, fields in template["fields"].items():
        meta = {f["api_name"]: f for f in admin.get(f"meta/objects/{object_name}").json()
                ["fields"]}
        for f in fields:
            assert meta[f["api_name"]]["custom"] is True
            assert meta[f["api_name"]]["type"] == f["type"]
    pipelines = {p["name"]: p for p in admin.get("pipelines").json()["items"]}
    for p in template["pipelines"]:
        assert [s["key"] for s in pipelines[p["name"]]["stages"]] == [
            s["key"] for s in p["stages"]]
    flows = {f["name"] for f in admin.get("approval_flows").json()["items"]}
    assert {f["name"] for f in template["approval_flows"]} <= flows
    reports = {r["name"]: r for r in admin.get("reports").json()["items"]}
    for report in template["reports"]:
        run = admin.get(f"reports/{reports[report['name']]['id']}/run")
        assert run.status_code == 200, run.text
    # Again: nothing new.
    second = apply(admin, name)
    assert not any(second["created"].values()), second["created"]
    assert sorted(second["existing"]["fields"]) == expected_fields
    assert len(admin.get("approval_flows").json()["items"]) == len(flows)


def test_template_fields_work_in_records(tenant: Tenant) -> None:
    admin = tenant.admin
    apply(admin, "consumer_goods")
    acct = admin.create("accounts", name="永辉超市", channel_type="ka", store_count=1000,
                        city_tier="tier1")
    assert acct["channel_type"] == "ka" and acct["store_count"] == 1000
    r = admin.post("accounts", {"name": "X", "channel_type": "space"})
    assert r.status_code == 422


def test_unknown_template_and_non_admin(tenant: Tenant) -> None:
    r = tenant.admin.post("templates/banking/apply")
    assert r.status_code == 422 and r.json()["errors"][0]["field"] == "name"
    assert tenant.user("Rep").post("templates/manufacturing/apply").status_code == 403
    names = [t["name"] for t in tenant.admin.get("templates").json()["items"]]
    assert names == ["manufacturing", "high_tech", "consumer_goods"]


def test_cli_applies_a_template(tenant: Tenant, database_url: str) -> None:
    env = {**os.environ, "SALESCRM_DATABASE_URL": database_url}
    command = [sys.executable, "-m", "salescrm.cli", "template", "apply", "high_tech",
               "--tenant-id", tenant.id]
    done = subprocess.run(command, env=env, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "created fields" in done.stdout
    fields = {f["api_name"] for f in tenant.admin.get("meta/objects/opportunities").json()
              ["fields"]}
    assert {"arr", "deployment", "poc_end_date"} <= fields
    again = subprocess.run(command, env=env, capture_output=True, text=True, timeout=120)
    assert again.returncode == 0 and "created" not in again.stdout
    bad = subprocess.run([*command[:5], "retail", *command[6:]], env=env,
                         capture_output=True, text=True, timeout=120)
    assert bad.returncode == 1
