"""A record team member with edit access edits the record — for EVERY owned object —
but only the owner's side (the owner, those whose data scope covers the owner,
administrators) gives it away, returns it to a pool, deletes it or changes its team
(decision 0130, issue 11 point 6).

Objects come from the metadata registry, so one a module adds joins these tests.
"""

from __future__ import annotations

from typing import Any

import pytest

from salescrm.app import load_modules
from salescrm.platform.metadata import builtin_objects
from tests.factories import Tenant
from tests.samples import create_sample

load_modules()
OWNED = sorted(n for n, o in builtin_objects().items() if o.owned)


@pytest.mark.parametrize("name", OWNED)
def test_edit_member_cannot_take_delete_or_share_the_record(name: str, tenant: Tenant,
                                                            app: Any) -> None:
    if "post" not in app.openapi()["paths"].get(f"/api/v1/{name}", {}):
        pytest.skip(f"{name} has no create route")
    owner = tenant.user("Owner")
    member = tenant.user("Member")
    outsider = tenant.user("Outsider")
    record = create_sample(owner, name)
    path = f"{name}/{record['id']}"
    r = owner.post(f"{path}/team", {"user_id": member.user["id"], "access": "edit"})
    assert r.status_code == 201, r.text
    current = member.get(path).json()
    for new_owner in (member.user["id"], outsider.user["id"]):
        r = member.patch(path, {"version": current["version"], "owner_id": new_owner})
        assert r.status_code == 403, f"{name}: {r.text}"
        assert r.json()["code"] == "error.owner_side_only"
    assert member.delete(path).status_code == 403
    r = member.post(f"{path}/team", {"user_id": outsider.user["id"], "access": "edit"})
    assert r.status_code == 403
    r = member.delete(f"{path}/team/{member.user['id']}")  # leaving stays allowed
    assert r.status_code == 204
    after = owner.get(path)
    assert after.status_code == 200 and after.json()["owner_id"] == owner.user["id"]
    assert after.json()["version"] == current["version"]


def test_edit_member_cannot_transfer_or_release_an_account(tenant: Tenant) -> None:
    owner = tenant.user("Owner")
    member = tenant.user("Member")
    account = owner.create("accounts", name="Locked out?")
    path = f"accounts/{account['id']}"
    owner.post(f"{path}/team", {"user_id": member.user["id"], "access": "edit"})
    r = member.post(f"{path}/transfer", {"owner_id": member.user["id"]})
    assert r.status_code == 403 and r.json()["code"] == "error.owner_side_only"
    assert member.post(f"{path}/release").status_code == 403
    assert owner.get(path).json()["owner_id"] == owner.user["id"]
    # The owner's side still gives it away.
    r = owner.post(f"{path}/transfer", {"owner_id": member.user["id"]})
    assert r.status_code == 200 and r.json()["owner_id"] == member.user["id"]
