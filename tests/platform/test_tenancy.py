"""The session filter scopes every ORM query to the current tenant."""

from __future__ import annotations

from typing import Any

from sqlalchemy import func, select, update

from salescrm.models import Account
from tests.factories import Tenant


def test_query_without_tenant_condition_sees_only_current_tenant(tenants: Any,
                                                                 sessions: Any) -> None:
    a: Tenant = tenants.new()
    b: Tenant = tenants.new()
    a.admin.create("accounts", name="甲公司客户")
    b.admin.create("accounts", name="乙公司客户")
    b.admin.create("accounts", name="乙公司客户二")
    with sessions() as session:
        session.info["tenant_id"] = a.id
        # Written with no tenant condition at all, as a careless service might.
        names = session.scalars(select(Account.name)).all()
        count = session.scalar(select(func.count()).select_from(Account))
        joined = session.execute(select(Account.id, Account.name).where(Account.name.like("%公司%"))).all()
    assert names == ["甲公司客户"]
    assert count == 1
    assert len(joined) == 1


def test_bulk_update_without_tenant_condition_touches_only_current_tenant(tenants: Any,
                                                                          sessions: Any) -> None:
    a: Tenant = tenants.new()
    b: Tenant = tenants.new()
    a.admin.create("accounts", name="A1")
    theirs = b.admin.create("accounts", name="B1")
    with sessions() as session:
        session.info["tenant_id"] = a.id
        session.execute(update(Account).values(city="杭州")
                        .execution_options(synchronize_session=False))
        session.commit()
    assert b.admin.get(f"accounts/{theirs['id']}").json()["city"] is None


def test_new_rows_are_stamped_with_the_session_tenant(tenant: Tenant, sessions: Any) -> None:
    with sessions() as session:
        session.info["tenant_id"] = tenant.id
        row = Account(name="stamped", custom={}, version=1)
        session.add(row)
        session.commit()
        assert row.tenant_id == tenant.id
