"""Field permissions: hidden fields vanish, masked values are masked, read-only refuse."""

from __future__ import annotations

from tests.factories import Tenant


def _role(tenant: Tenant, levels: dict) -> None:  # type: ignore[type-arg]
    r = tenant.admin.post("roles", {
        "key": "masked_rep", "name": "受限销售", "data_scope": "all",
        "permissions": {"*": ["read", "create", "update", "export"]},
        "field_permissions": {"contacts": levels}})
    assert r.status_code == 201, r.text


def test_masked_mobile_in_reads_lists_and_no_filter_by_it(tenant: Tenant) -> None:
    _role(tenant, {"mobile": "masked", "email": "hidden", "wechat": "readonly"})
    rep = tenant.user("Masked", roles=["masked_rep"])
    c = tenant.admin.create("contacts", name="王五", mobile="13812345678",
                            email="wang@example.com", wechat="wang5")
    got = rep.get(f"contacts/{c['id']}").json()
    assert got["mobile"] == "138****5678"
    assert "email" not in got
    listed = rep.get("contacts").json()["items"][0]
    assert listed["mobile"] == "138****5678" and "email" not in listed
    assert rep.get("contacts?mobile=13812345678").status_code == 422
    assert rep.get("contacts?email=wang@example.com").status_code == 422
    assert rep.get("contacts?sort=email").status_code == 422
    # Read-only and hidden fields cannot be written.
    r = rep.patch(f"contacts/{c['id']}", {"version": 1, "wechat": "other"})
    assert r.status_code == 422 and r.json()["errors"][0]["field"] == "wechat"
    r = rep.patch(f"contacts/{c['id']}", {"version": 1, "email": "x@example.com"})
    assert r.status_code == 422
    # Metadata tells the web app the same.
    fields = {f["api_name"]: f for f in rep.get("meta/objects/contacts").json()["fields"]}
    assert "email" not in fields and fields["mobile"]["permission"] == "masked"
    # The admin still sees everything.
    assert tenant.admin.get(f"contacts/{c['id']}").json()["mobile"] == "13812345678"


def test_an_unrestricted_second_role_lifts_the_mask(tenant: Tenant) -> None:
    _role(tenant, {"mobile": "masked"})
    both = tenant.user("Both", roles=["masked_rep", "sales_manager"])
    c = tenant.admin.create("contacts", name="赵六", mobile="13900001111")
    tenant.admin.patch(f"contacts/{c['id']}", {"version": 1, "owner_id": both.user["id"]})
    assert both.get(f"contacts/{c['id']}").json()["mobile"] == "13900001111"
