"""Money figures round half-up to the cent on both databases (issue 10.7).

A weighted amount that lands on half a cent (100.05 × 10 % = 10.005) must read 10.01
everywhere: Decimal's own formatting rounds half-even (10.00), and SQLite, which keeps
money as integer cents, must not pass a fractional weight through a float.
"""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Any

from tests.factories import Tenant
from tests.modules.analytics.history import Deal, Stay, insert


def _deal(owner: str, account: str, amount: str, stays: list[tuple[str, datetime]],
          close: date) -> Deal:
    history = [Stay(stage, at, stays[i + 1][1] if i + 1 < len(stays) else None,
                    Decimal(amount)) for i, (stage, at) in enumerate(stays)]
    return Deal(str(uuid.uuid4()), owner, account, None, Decimal(amount), stays[0][1],
                close, None, None, history=history)


def test_backtest_rounds_weighted_amounts_half_up(tenant: Tenant, sessions: Any) -> None:
    from salescrm.modules.analytics.backtest import backtest
    from salescrm.platform.tenancy.system import system_context

    admin = tenant.admin
    account = admin.create("accounts", name="半分客户")["id"]
    pipeline = next(p["id"] for p in admin.get("pipelines").json()["items"] if p["is_default"])
    owner = admin.user["id"]
    jan = datetime(2026, 1, 10, tzinfo=UTC)
    deals = [_deal(owner, account, "100.05", [("initial", jan)], date(2026, 3, 15)),
             _deal(owner, account, "7.00", [("initial", jan)], date(2026, 5, 20))]
    insert(sessions, tenant.id, pipeline, deals)
    with sessions() as session:
        session.info["tenant_id"] = tenant.id
        result = backtest(system_context(session, tenant.id), months=1,
                          until=date(2026, 4, 1))
        session.rollback()
    march = result["months"][0]
    assert march.month == "2026-03"
    # 100.05 × 10 % = 10.005: half a cent, rounded up (half-even would say 10.00).
    assert f"{march.predicted['weighted_close_date']}" == "10.01"
    assert f"{march.predicted['stage_probability']}" == "10.01"
    assert f"{march.predicted['pipeline']}" == "100.05"
