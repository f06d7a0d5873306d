"""Company-wide data — every object without an owner: the organisation, exchange rates,
pipelines, products, price books, campaigns, lead routing — is changed by
administrators (and roles granted it) and read by the built-in managers and reps.

Objects come from the metadata registry, so one a module adds joins these tests.
"""

from __future__ import annotations

import pytest

from salescrm.app import load_modules
from salescrm.platform.metadata import builtin_objects
from salescrm.platform.org.roles import COMPANY_WIDE
from tests.factories import Tenant
from tests.samples import create_sample, sample_payload

load_modules()
UNOWNED = sorted(n for n, o in builtin_objects().items() if not o.owned)


def test_every_object_without_an_owner_is_company_wide() -> None:
    assert set(UNOWNED) == set(COMPANY_WIDE)


@pytest.mark.parametrize("name", UNOWNED)
@pytest.mark.parametrize("role", ["sales_rep", "sales_manager"])
def test_builtin_sales_roles_read_but_do_not_change(name: str, role: str,
                                                    tenant: Tenant) -> None:
    record = create_sample(tenant.admin, name)
    user = tenant.user(f"{role}-{name}", roles=[role])
    assert user.get(name).status_code == 200
    assert user.get(f"{name}/{record['id']}").status_code == 200
    created = user.post(name, sample_payload(tenant.admin, name))
    assert created.status_code == 403, created.text
    changed = user.patch(f"{name}/{record['id']}", {"version": record["version"]})
    assert changed.status_code == 403, changed.text
    assert user.delete(f"{name}/{record['id']}").status_code == 403
    assert tenant.admin.get(f"{name}/{record['id']}").json()["version"] == record["version"]


def test_default_pipeline_probabilities_and_prices_stay_put(tenant: Tenant) -> None:
    """The issue's cases: a rep cannot retune the default pipeline or reprice a product."""
    rep = tenant.user("Rep")
    pipeline = next(p for p in tenant.admin.get("pipelines").json()["items"] if p["is_default"])
    stages = [{**s, "probability": 99} for s in pipeline["stages"]]
    r = rep.patch(f"pipelines/{pipeline['id']}", {"version": pipeline["version"],
                                                  "stages": stages})
    assert r.status_code == 403
    product = tenant.admin.create("products", name="Widget", price="100.00")
    r = rep.patch(f"products/{product['id']}", {"version": product["version"],
                                                "price": "1.00"})
    assert r.status_code == 403
    assert tenant.admin.get(f"products/{product['id']}").json()["price"] == "100.00"


def test_a_role_granted_reference_data_may_change_it(tenant: Tenant) -> None:
    tenant.admin.create("roles", key="marketing", name="Marketing", data_scope="own",
                        permissions={"*": ["read"], "campaigns": ["read", "create", "update"]})
    marketer = tenant.user("Marketer", roles=["sales_rep", "marketing"])
    campaign = marketer.create("campaigns", name="Spring fair")
    r = marketer.patch(f"campaigns/{campaign['id']}", {"version": campaign["version"],
                                                       "name": "Spring fair 2027"})
    assert r.status_code == 200
