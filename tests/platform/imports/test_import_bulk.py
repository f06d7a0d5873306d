"""The bulk writer of imports (``platform/imports/bulk.py``) stores what an ORM insert
would: bind processing (UTC datetimes, JSON), Python-side defaults of the columns the
rows leave out, and a refused row raised as the DB-API error callers retry on."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone
from typing import Any

import pytest
from sqlalchemy import select
from sqlalchemy.exc import DBAPIError

from salescrm.models import AuditEntry
from salescrm.platform.records.bulk import bulk_insert
from tests.factories import Tenant


def test_rows_are_stored_as_an_insert_would_store_them(tenant: Tenant, sessions: Any) -> None:
    at = datetime(2017, 3, 1, 9, 30, tzinfo=timezone(timedelta(hours=8)))
    with sessions() as s:
        s.info["tenant_id"] = tenant.id
        bulk_insert(s, AuditEntry.__table__, [
            {"tenant_id": tenant.id, "action": "create", "object": "accounts",
             "record_id": f"r{i}", "changes": {"name": [None, f"客户{i}"]}, "at": at}
            for i in range(3)])  # id and user_id left out: new_id() and NULL
        bulk_insert(s, AuditEntry.__table__, [
            {"id": "fixed-id", "tenant_id": tenant.id, "action": "delete",
             "object": "accounts", "record_id": "r9"}])  # changes and at: their defaults
        s.commit()
        rows = {r.record_id: r for r in s.scalars(select(AuditEntry).where(
            AuditEntry.object == "accounts", AuditEntry.record_id.like("r%")))}
    assert sorted(rows) == ["r0", "r1", "r2", "r9"]
    assert len({rows[k].id for k in ("r0", "r1", "r2")}) == 3
    assert all(len(rows[k].id) == 36 for k in ("r0", "r1", "r2"))
    assert rows["r1"].changes == {"name": [None, "客户1"]}
    assert rows["r1"].user_id is None
    assert rows["r1"].at == datetime(2017, 3, 1, 1, 30, tzinfo=UTC)
    assert rows["r9"].id == "fixed-id"
    assert rows["r9"].changes == {}
    assert abs(rows["r9"].at - datetime.now(UTC)) < timedelta(minutes=5)


def test_a_refused_row_raises_the_dbapi_error(tenant: Tenant, sessions: Any) -> None:
    with sessions() as s:
        s.info["tenant_id"] = tenant.id
        with pytest.raises(DBAPIError), s.begin_nested():
            bulk_insert(s, AuditEntry.__table__, [
                {"id": "same", "tenant_id": tenant.id, "action": "create",
                 "object": "accounts", "record_id": f"r{i}"} for i in range(2)])
        s.rollback()
