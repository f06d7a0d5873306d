"""Account 360° benchmark: ``GET /api/v1/accounts/{id}/overview`` for an account with
200 activities and 50 orders (each with a payment), among other customers' data.

    uv run --frozen python bench/overview.py --url postgresql://postgres@127.0.0.1:5432/salescrm_overview_bench
    uv run --frozen python bench/overview.py --url sqlite:////tmp/salescrm-overview/b.db

Builds (once; idempotent) one tenant with the measured account — contacts,
opportunities, 50 orders with lines and a payment each, 200 activities, all through
the services, as users create them — plus ``--background`` activities and orders of
other accounts written with Core (a data set, so the indexes have work to do). Then
times the endpoint in-process through the ASGI app (real auth, tenancy, data scope,
JSON) and counts the SQL statements of one request. Prints JSON; figures go to
docs/performance.md.
"""

from __future__ import annotations

import argparse
import json
import statistics
import time
from datetime import timedelta
from typing import Any

from sqlalchemy import event, func, insert, select

from salescrm.db.engine import get_engine, make_sessionmaker
from salescrm.db.migrate import upgrade
from salescrm.db.types import new_id, utcnow

ADMIN_EMAIL = "overview-bench@bench.salescrm.dev"
ADMIN_PASSWORD = "bench-password-1"
ACCOUNT_NAME = "360 压测客户 Overview Bench"


def ensure_tenant(factory: Any) -> tuple[str, str]:
    from salescrm.models import User
    from salescrm.platform.org.service import create_tenant

    with factory() as session:
        session.info["tenant_id"] = None
        user = session.scalars(select(User).where(User.email == ADMIN_EMAIL)).first()
        if user is not None:
            return user.tenant_id, user.id
        tenant, admin = create_tenant(session, "360 压测 Overview Bench", ADMIN_EMAIL,
                                      ADMIN_PASSWORD, "Bench Admin", "zh-CN")
        session.commit()
        return tenant.id, admin.id


def _create(ctx: Any, name: str, body: dict[str, Any]) -> Any:
    from salescrm.platform.records import service as records

    return records.create(ctx, ctx.object(name), body)


def build_account(factory: Any, tenant_id: str, orders: int, activities: int) -> str:
    """The measured customer, created through the services like real use."""
    from salescrm.models import Account
    from salescrm.platform.tenancy.system import system_context

    with factory() as session:
        ctx = system_context(session, tenant_id)
        found = session.scalar(select(Account.id).where(Account.name == ACCOUNT_NAME))
        if found:
            return str(found)
        ctx.query = {"allow_duplicate": "true"}
        account = _create(ctx, "accounts", {"name": ACCOUNT_NAME, "province": "上海"})
        for i in range(5):
            _create(ctx, "contacts", {"name": f"联系人{i}", "account_id": account.id,
                                      "mobile": f"+86 1390000{i:04d}"})
        for i in range(10):
            _create(ctx, "opportunities", {"name": f"商机{i}", "account_id": account.id,
                                           "amount": f"{(i + 1) * 10000}.00"})
        for i in range(orders):
            order = _create(ctx, "orders", {"account_id": account.id, "lines": [
                {"quantity": "2", "unit_price": f"{1000 + i}.50", "discount": "5"},
                {"quantity": "1", "unit_price": "300.00"}]})
            _create(ctx, "payments", {"order_id": order.id, "amount": "500.00",
                                      "paid_on": "2026-11-01", "method": "bank_transfer"})
        for i in range(activities):
            _create(ctx, "activities", {
                "kind": ("call", "visit", "meeting", "email", "note")[i % 5],
                "content": f"第{i}次跟进：沟通需求与报价", "related_type": "accounts",
                "related_id": account.id,
                "occurred_at": (utcnow() - timedelta(hours=i)).isoformat()})
        session.commit()
        return str(account.id)


def load_background(engine: Any, factory: Any, tenant_id: str, admin_id: str,
                    rows: int, batch: int = 5000) -> None:
    """Other customers' activities (Core executemany: a data set, not user actions)."""
    from salescrm.models import Account, Activity

    with factory() as session:
        session.info["tenant_id"] = tenant_id
        have = session.scalar(select(func.count()).select_from(Activity)) or 0
    if have >= rows:
        return
    started = time.perf_counter()
    now = utcnow()
    common = {"tenant_id": tenant_id, "owner_id": admin_id, "created_by": admin_id,
              "version": 1, "custom": {}}
    with engine.begin() as conn:
        accounts = [new_id() for _ in range(max(1, (rows - have) // 100))]
        conn.execute(insert(Account.__table__), [
            {**common, "id": a, "name": f"背景客户 {a[-8:]}"} for a in accounts])
        for start in range(have, rows, batch):
            conn.execute(insert(Activity.__table__), [
                {**common, "id": new_id(), "kind": "call", "content": "例行回访",
                 "related_type": "accounts", "related_id": accounts[i % len(accounts)],
                 "account_id": accounts[i % len(accounts)], "created_at": now,
                 "updated_at": now, "occurred_at": now - timedelta(minutes=i)}
                for i in range(start, min(start + batch, rows))])
    print(json.dumps({"background_activities": rows - have,
                      "seconds": round(time.perf_counter() - started, 1)}), flush=True)


def measure(url: str, account_id: str, requests: int) -> dict[str, Any]:
    from fastapi.testclient import TestClient

    from salescrm.app import create_app
    from salescrm.config import Settings

    app = create_app(Settings(database_url=url, embedded_worker=False), start_worker=False)
    statements: list[str] = []
    with TestClient(app) as client:
        token = client.post("/api/v1/auth/login", json={
            "email": ADMIN_EMAIL, "password": ADMIN_PASSWORD}).json()["access_token"]
        client.cookies.clear()
        headers = {"Authorization": f"Bearer {token}"}
        path = f"/api/v1/accounts/{account_id}/overview"
        for _ in range(20):  # warm-up: metadata cache, connection pool
            client.get(path, headers=headers)
        engine = app.state.sessions.kw["bind"]

        def count(*_args: Any) -> None:
            statements.append("x")

        event.listen(engine, "before_cursor_execute", count)
        view = client.get(path, headers=headers).json()
        event.remove(engine, "before_cursor_execute", count)
        times, cpu = [], []
        for _ in range(requests):
            t0, c0 = time.perf_counter(), time.process_time()
            r = client.get(path, headers=headers)
            times.append((time.perf_counter() - t0) * 1000)
            cpu.append((time.process_time() - c0) * 1000)
            assert r.status_code == 200, r.text
    times.sort()
    # CPU time of this process per request: on a shared, oversubscribed machine the
    # wall-clock figures include waiting for a core; this one mostly does not.
    return {"requests": requests, "p50_ms": round(statistics.median(times), 2),
            "p95_ms": round(times[int(len(times) * 0.95) - 1], 2),
            "p50_process_cpu_ms": round(statistics.median(cpu), 2),
            "response_bytes": len(r.content),
            "sql_statements_per_request": len(statements),
            "orders": len(view["orders"]), "activities_shown": len(view["activities"]),
            "more": view["more"], "totals": view["totals"]}


def ensure_pg_database(url: str) -> None:
    """CREATE DATABASE when missing (the server must already run)."""
    from sqlalchemy import create_engine, text
    from sqlalchemy.engine import make_url

    from salescrm.db.engine import normalize_url

    target = make_url(normalize_url(url))
    admin = create_engine(target.set(database="postgres"), isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        if not conn.scalar(text("SELECT 1 FROM pg_database WHERE datname = :n"),
                           {"n": target.database}):
            conn.execute(text(f'CREATE DATABASE "{target.database}"'))
    admin.dispose()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--url", required=True)
    parser.add_argument("--orders", type=int, default=50)
    parser.add_argument("--activities", type=int, default=200)
    parser.add_argument("--background", type=int, default=100_000)
    parser.add_argument("--requests", type=int, default=300)
    args = parser.parse_args()
    if args.url.startswith("postgresql"):
        ensure_pg_database(args.url)
    upgrade(args.url)
    from salescrm.app import load_modules

    load_modules()
    engine = get_engine(args.url)
    factory = make_sessionmaker(engine)
    tenant_id, admin_id = ensure_tenant(factory)
    account_id = build_account(factory, tenant_id, args.orders, args.activities)
    load_background(engine, factory, tenant_id, admin_id, args.background)
    result = measure(args.url, account_id, args.requests)
    print(json.dumps({"url": args.url.split("@")[-1], **result}, ensure_ascii=False, indent=1))


if __name__ == "__main__":
    main()
