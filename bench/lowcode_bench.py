"""Low-code benchmarks (issue 4).

1. ``list``: ``GET /api/v1/accounts?<custom field>=<value>&limit=50`` over 500,000
   accounts of one tenant on PostgreSQL — with the field's expression index (the
   field is ``filterable``), without it, and the same query on a built-in indexed
   column (``owner_id``) with the same selectivity as the floor.
2. ``automation``: rule evaluations per second of one jobs worker: accounts.updated
   events against five rules (four conditions that do not hold, one that does and
   updates a field), each evaluation logged in ``automation_runs``.

    uv run --frozen python bench/lowcode_bench.py list --url postgresql://postgres@127.0.0.1:5432/salescrm_lowcode_bench
    uv run --frozen python bench/lowcode_bench.py automation --url sqlite:////tmp/salescrm-lowcode/b.db

The list data set is built once (idempotent; rows written with Core: a data set, not a
test of the write path); the requests go through the ASGI app in-process (real auth,
tenancy, permissions, JSON). Prints JSON; figures go to docs/performance.md.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import sys
import time
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import func, insert, select, text, update

from salescrm.db.engine import get_engine, make_sessionmaker
from salescrm.db.migrate import upgrade

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
ADMIN_EMAIL = "lowcode-bench@bench.salescrm.dev"
ADMIN_PASSWORD = "bench-password-1"
OWNERS = 1000          # 500 accounts each: owner_id matches as many rows as one region
REGIONS = 1000         # custom field erp_region: R0000 … R0999


def _setup(url: str) -> tuple[Any, Any, str, str]:
    from salescrm.app import load_modules
    from salescrm.models import User
    from salescrm.platform.org.service import create_tenant

    os.environ.setdefault("SALESCRM_EMBEDDED_WORKER", "false")
    if url.startswith("postgres"):
        from bench.load_accounts import ensure_pg_database

        ensure_pg_database(url)
    upgrade(url)
    load_modules()
    engine = get_engine(url)
    factory = make_sessionmaker(engine)
    with factory() as session:
        session.info["tenant_id"] = None
        user = session.scalars(select(User).where(User.email == ADMIN_EMAIL)).first()
        if user is None:
            _tenant, user = create_tenant(session, "低代码压测 Lowcode Bench", ADMIN_EMAIL,
                                         ADMIN_PASSWORD, "Bench Admin", "zh-CN")
            session.commit()
        return engine, factory, user.tenant_id, user.id


def _ensure_fields(factory: Any, tenant_id: str) -> None:
    from salescrm.models import CustomField
    from salescrm.platform.customization.fields import create_field
    from salescrm.platform.tenancy.system import system_context

    with factory() as session:
        ctx = system_context(session, tenant_id)
        have = set(session.scalars(select(CustomField.api_name)))
        for body in ({"api_name": "erp_region", "type": "text", "label": "ERP region",
                      "filterable": True},
                     {"api_name": "erp_score", "type": "number", "label": "ERP score",
                      "filterable": True}):
            if body["api_name"] not in have:
                create_field(ctx, "accounts", body)
        session.commit()


def _ensure_rows(engine: Any, factory: Any, tenant_id: str, rows: int) -> float | None:
    from bench.load_accounts import uuid7_at
    from salescrm.models import Account, User

    with factory() as session:
        session.info["tenant_id"] = tenant_id
        have = session.scalar(select(func.count()).select_from(Account)) or 0
        owners = list(session.scalars(select(User.id).order_by(User.created_at)))
    if have >= rows:
        return None
    rnd = random.Random(11)
    started = time.perf_counter()
    with engine.begin() as conn:
        if len(owners) < OWNERS:
            now = datetime.now(UTC)
            conn.execute(insert(User.__table__), [{
                "id": uuid7_at(now, rnd), "tenant_id": tenant_id, "name": f"Rep {i}",
                "email": f"rep{i}-{tenant_id[:8]}@bench.salescrm.dev", "password_hash": "x",
                "is_active": True, "version": 1, "custom": {}, "created_at": now,
                "updated_at": now} for i in range(OWNERS - len(owners))])
        owners = [r[0] for r in conn.execute(select(User.id).where(
            User.tenant_id == tenant_id).order_by(User.id))]
        start = datetime(2024, 1, 1, tzinfo=UTC)
        batch: list[dict[str, Any]] = []
        for i in range(have, rows):
            created = start + timedelta(seconds=rnd.randint(0, 2 * 365 * 86400))
            owner = owners[i % len(owners)]
            batch.append({
                "id": uuid7_at(created, rnd), "tenant_id": tenant_id, "name": f"客户 {i:06d}",
                "industry": rnd.choice(["制造业", "金融", "零售"]), "owner_id": owner,
                "created_by": owner, "version": 1, "created_at": created, "updated_at": created,
                "custom": {"erp_region": f"R{rnd.randrange(REGIONS):04d}",
                           "erp_score": str(rnd.randrange(100000))}})
            if len(batch) == 5000:
                conn.execute(insert(Account.__table__), batch)
                batch = []
        if batch:
            conn.execute(insert(Account.__table__), batch)
    with engine.connect() as conn:
        conn.execution_options(isolation_level="AUTOCOMMIT").execute(text("ANALYZE"))
    return round(time.perf_counter() - started, 1)


def _timed(client: Any, headers: dict[str, str], path: str, n: int) -> dict[str, Any]:
    for _ in range(20):
        assert client.get(path, headers=headers).status_code == 200
    times, items = [], 0
    c0 = time.process_time()
    for _ in range(n):
        t0 = time.perf_counter()
        r = client.get(path, headers=headers)
        times.append((time.perf_counter() - t0) * 1000)
        assert r.status_code == 200, r.text
        items = len(r.json()["items"])
    cpu_ms = (time.process_time() - c0) * 1000 / n
    times.sort()
    return {"path": path, "n": n, "items": items, "p50_ms": round(statistics.median(times), 2),
            "p95_ms": round(times[int(n * 0.95) - 1], 2), "cpu_ms_per_request": round(cpu_ms, 2)}


def _explain(engine: Any, tenant_id: str, where: str) -> str:
    with engine.connect() as conn:
        plan = conn.execute(text(
            f"EXPLAIN SELECT id FROM accounts WHERE tenant_id = :t AND deleted_at IS NULL "
            f"AND {where} ORDER BY created_at DESC, id DESC LIMIT 51"), {"t": tenant_id})
        return " | ".join(r[0].strip() for r in plan)[:300]


def bench_list(url: str, rows: int, n: int) -> dict[str, Any]:
    from fastapi.testclient import TestClient

    from salescrm.app import create_app
    from salescrm.config import Settings
    from salescrm.platform.customization.indexes import index_sql

    engine, factory, tenant_id, _admin_id = _setup(url)
    _ensure_fields(factory, tenant_id)
    loaded = _ensure_rows(engine, factory, tenant_id, rows)
    app = create_app(Settings(database_url=url, embedded_worker=False), start_worker=False)
    with factory() as session:
        from salescrm.models import Account

        session.info["tenant_id"] = tenant_id
        owner = session.scalar(select(Account.owner_id).limit(1))
        region = session.scalar(select(Account.custom["erp_region"].as_string())
                                .where(Account.custom["erp_region"].as_string().is_not(None))
                                .limit(1))
    out: dict[str, Any] = {"url": url.split("@")[-1], "accounts": rows, "loaded_s": loaded}
    with TestClient(app) as client:
        token = client.post("/api/v1/auth/login", json={
            "email": ADMIN_EMAIL, "password": ADMIN_PASSWORD}).json()["access_token"]
        headers = {"Authorization": f"Bearer {token}"}
        with engine.begin() as conn:  # (re)build the field's index as the code defines it
            with factory() as session:
                from salescrm.platform.tenancy.system import system_context

                ctx = system_context(session, tenant_id)
                obj = ctx.object("accounts")
                for fname in ("erp_region", "erp_score"):
                    sql = index_sql(ctx, obj, obj.fields[fname])
                    conn.execute(text(f"DROP INDEX IF EXISTS {sql.split()[5]}"))
                    conn.execute(text(sql))
            conn.execute(text("ANALYZE accounts"))
        out["custom_indexed"] = _timed(client, headers, f"/api/v1/accounts?erp_region={region}"
                                       "&limit=50", n)
        out["custom_range_indexed"] = _timed(
            client, headers, "/api/v1/accounts?erp_score__gte=99500&limit=50", n)
        out["builtin_floor"] = _timed(client, headers, f"/api/v1/accounts?owner_id={owner}"
                                      "&limit=50", n)
        out["plan_custom"] = _explain(engine, tenant_id, f"(custom ->> 'erp_region') = '{region}'")
        with factory() as session:
            from salescrm.platform.tenancy.system import system_context

            ctx = system_context(session, tenant_id)
            obj = ctx.object("accounts")
            create = index_sql(ctx, obj, obj.fields["erp_region"])
        out["index"] = create.split(" WHERE ")[0]
        with engine.begin() as conn:
            conn.execute(text(f"DROP INDEX {create.split()[5]}"))
        out["custom_without_index"] = _timed(
            client, headers, f"/api/v1/accounts?erp_region={region}&limit=50", max(n // 10, 20))
        with engine.begin() as conn:
            conn.execute(text(create))
    return out


def bench_automation(url: str, events: int, rules: int, acting: bool) -> dict[str, Any]:
    from salescrm.db.types import new_id, utcnow
    from salescrm.models import Account, AutomationRule, AutomationRun, Job
    from salescrm.platform.automation.rules import create_rule
    from salescrm.platform.jobs.worker import Worker
    from salescrm.platform.tenancy.system import system_context

    _engine, factory, tenant_id, admin_id = _setup(url)
    with factory() as session:
        ctx = system_context(session, tenant_id)
        mark = new_id()[-8:]
        for i in range(rules - (1 if acting else 0)):
            create_rule(ctx, {"name": f"bench never {i} {mark}", "object": "accounts",
                              "trigger": "updated",
                              "condition": {"all": [{"field": "industry", "op": "eq",
                                                     "value": f"none-{i}"},
                                                    {"field": "level", "op": "in",
                                                     "value": ["A", "B"]}]},
                              "actions": [{"type": "update_field", "field": "level",
                                           "value": "C"}]})
        if acting:
            create_rule(ctx, {"name": f"bench always {mark}", "object": "accounts",
                              "trigger": "updated",
                              "condition": {"field": "industry", "op": "eq", "value": "bench"},
                              "actions": [{"type": "update_field", "field": "city",
                                           "value": "杭州"}]})
        ids = [new_id() for _ in range(events)]
        now = utcnow()
        session.execute(insert(Account.__table__), [{
            "id": i, "tenant_id": tenant_id, "name": f"auto {i}", "industry": "bench",
            "owner_id": admin_id, "created_by": admin_id, "version": 1, "custom": {},
            "created_at": now, "updated_at": now} for i in ids])
        session.execute(insert(Job.__table__), [{
            "id": new_id(), "tenant_id": tenant_id, "kind": "event", "status": "queued",
            "attempts": 0, "max_attempts": 8, "run_at": now, "created_at": now,
            "payload": {"id": new_id(), "type": "accounts.updated", "tenant_id": tenant_id,
                        "created_at": now.isoformat(),
                        "data": {"id": i, "object": "accounts",
                                 "changes": {"industry": [None, "bench"]}}}} for i in ids])
        session.commit()
        session.info["tenant_id"] = tenant_id
        before = session.scalar(select(func.count()).select_from(AutomationRun)) or 0
    worker = Worker(factory, name="bench")
    t0, c0 = time.perf_counter(), time.process_time()
    jobs = worker.run_until_idle(max_jobs=100_000)
    elapsed, cpu = time.perf_counter() - t0, time.process_time() - c0
    with factory() as session:
        session.info["tenant_id"] = tenant_id
        runs = (session.scalar(select(func.count()).select_from(AutomationRun)) or 0) - before
    with factory() as session:  # the next run of the script measures its own rules only
        session.info["tenant_id"] = tenant_id
        session.execute(update(AutomationRule).where(AutomationRule.name.like(f"bench %{mark}"))
                        .values(is_active=False))
        session.commit()
    return {"url": url.split("@")[-1], "events": events, "rules": rules, "acting": acting,
            "jobs_run": jobs,
            "evaluations": runs, "seconds": round(elapsed, 2), "cpu_seconds": round(cpu, 2),
            "evaluations_per_s": round(runs / elapsed, 1),
            "evaluations_per_cpu_s": round(runs / cpu, 1)}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("what", choices=["list", "automation"])
    ap.add_argument("--url", required=True)
    ap.add_argument("--rows", type=int, default=500_000)
    ap.add_argument("--n", type=int, default=300)
    ap.add_argument("--events", type=int, default=1000)
    ap.add_argument("--rules", type=int, default=10, help="rules per event (automation)")
    ap.add_argument("--acting", action="store_true",
                    help="one of the rules holds and updates a field (a write per event)")
    a = ap.parse_args()
    result = (bench_list(a.url, a.rows, a.n) if a.what == "list"
              else bench_automation(a.url, a.events, a.rules, a.acting))
    print(json.dumps(result, ensure_ascii=False, indent=1))


if __name__ == "__main__":
    main()
