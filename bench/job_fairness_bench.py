"""Job fairness benchmark: how long a small tenant's 1-row import waits while a big
tenant's 100k-row import runs with 100k of its event jobs queued, and what a claim
costs with those 100k jobs in the queue.

    uv run --frozen python bench/job_fairness_bench.py --url sqlite:////tmp/salescrm-fair-bench/b.db
    uv run --frozen python bench/job_fairness_bench.py --url postgresql://postgres@127.0.0.1:5432/salescrm_fair_bench

The database is recreated each run. One worker thread runs the jobs (the embedded
default); the big import starts first, the small tenant uploads once the big one has
run for ``--head-start`` seconds. Target (issue 11): the small import starts within
5 s. Prints a JSON summary; docs/performance.md has figures from one run.
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import os
import platform
import statistics
import sys
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import insert, select, update
from sqlalchemy.engine import make_url

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from bench.import_bench import person, recreate


def setup(url: str) -> tuple[Any, dict[str, tuple[str, str]]]:
    from salescrm.app import load_modules
    from salescrm.db.engine import get_engine, make_sessionmaker
    from salescrm.db.migrate import upgrade
    from salescrm.platform.org.service import create_tenant

    recreate(url)
    upgrade(url)
    load_modules()
    factory = make_sessionmaker(get_engine(url))
    tenants = {}
    for key in ("big", "small"):
        with factory() as session:
            session.info["tenant_id"] = None
            tenant, admin = create_tenant(session, f"Fairness {key}", f"{key}@fair.salescrm.dev",
                                          "bench-password-1", "Bench Admin", "zh-CN")
            session.commit()
            tenants[key] = (tenant.id, admin.id)
    return factory, tenants


def queue_events(factory: Any, tenant_id: str, count: int) -> float:
    """``count`` record events of one tenant, as an import writes them (one statement a
    batch); returns the seconds taken."""
    from salescrm.models import Job
    from salescrm.platform.jobs import event_jobs

    started = time.perf_counter()
    with factory() as session:
        session.info["tenant_id"] = tenant_id
        for first in range(0, count, 5000):
            rows = event_jobs(session, tenant_id, [
                ("contacts.created", {"id": f"bench-{i}", "object": "contacts"})
                for i in range(first, min(first + 5000, count))])
            session.execute(insert(Job), rows)
        session.commit()
    return time.perf_counter() - started


def claim_cost(factory: Any, claims: int) -> dict[str, float]:
    """Milliseconds a claim takes with the queue as it is (each claimed job is put back,
    so every claim sees the same queue)."""
    from salescrm.models import Job
    from salescrm.platform.jobs.worker import Worker

    worker = Worker(factory, name="bench-claimer")
    times = []
    for _ in range(claims):
        started = time.perf_counter()
        job = worker.claim()
        times.append((time.perf_counter() - started) * 1000)
        assert job is not None
        with factory() as session, session.begin():
            session.info["tenant_id"] = None
            session.execute(update(Job).where(Job.id == job.id).values(
                status="queued", attempts=0, locked_by=None, locked_until=None))
    times.sort()
    return {"median_ms": round(statistics.median(times), 2),
            "p95_ms": round(times[int(len(times) * 0.95) - 1], 2)}


def upload(factory: Any, tenant: tuple[str, str], content: bytes) -> str:
    from salescrm.db.engine import begin_write
    from salescrm.platform.imports.service import start_import
    from salescrm.platform.tenancy.system import system_context

    with factory() as session:
        begin_write(session)  # as the API's writes do: queue for SQLite's write lock
        ctx = system_context(session, tenant[0], tenant[1])
        ctx.locale = "zh-CN"
        created = start_import(ctx, {"object": "contacts"}, "contacts.csv", io.BytesIO(content))
        session.commit()
    return str(created["id"])


def contacts_csv(rows: int, offset: int) -> bytes:
    import random

    rnd = random.Random(offset)
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["姓名", "手机", "邮箱", "职务", "微信"])
    for i in range(rows):
        p = person(rnd, i, offset)
        writer.writerow([p["name"], p["mobile"], p["email"], p["title"], p["wechat"]])
    return out.getvalue().encode("utf-8")


def import_row(factory: Any, tenant_id: str, import_id: str) -> Any:
    from salescrm.models import ImportRun

    with factory() as session:
        session.info["tenant_id"] = tenant_id
        return session.execute(select(ImportRun.status, ImportRun.created_at,
                                      ImportRun.started_at, ImportRun.finished_at,
                                      ImportRun.total).where(ImportRun.id == import_id)).one()


def fairness(factory: Any, tenants: dict[str, tuple[str, str]], rows: int,
             head_start: float, timeout: float) -> dict[str, Any]:
    from salescrm.platform.jobs.worker import Worker

    big_id = upload(factory, tenants["big"], contacts_csv(rows, 0))
    worker = Worker(factory, name="bench-worker")
    thread = worker.start_thread()
    try:
        deadline = time.monotonic() + 120
        while import_row(factory, tenants["big"][0], big_id).status == "queued":
            assert time.monotonic() < deadline, "the big import never started"
            time.sleep(0.05)
        time.sleep(head_start)
        small_id = upload(factory, tenants["small"], contacts_csv(1, 10_000_000))
        uploaded = time.monotonic()
        started = finished = None
        while time.monotonic() - uploaded < timeout:
            row = import_row(factory, tenants["small"][0], small_id)
            if started is None and row.status != "queued":
                started = time.monotonic() - uploaded
            if row.status in ("done", "failed"):
                finished = time.monotonic() - uploaded
                break
            time.sleep(0.02)
        big = import_row(factory, tenants["big"][0], big_id)
    finally:
        worker.stop()
        thread.join(600)
    return {"big_import_rows": rows, "big_rows_done_when_small_finished": big.total,
            "small_import_started_after_s": round(started, 2) if started is not None
            else f"> {timeout:.0f}", "small_import_finished_after_s":
            round(finished, 2) if finished is not None else f"> {timeout:.0f}"}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--url", required=True)
    parser.add_argument("--events", type=int, default=100_000)
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--claims", type=int, default=200)
    parser.add_argument("--head-start", type=float, default=10.0)
    parser.add_argument("--timeout", type=float, default=180.0)
    parser.add_argument("--claims-only", action="store_true")
    args = parser.parse_args()
    os.environ["SALESCRM_DATABASE_URL"] = args.url
    os.environ["SALESCRM_EMBEDDED_WORKER"] = "false"
    factory, tenants = setup(args.url)
    small_queue = min(100, args.events)
    queue_events(factory, tenants["big"][0], small_queue)
    claim_small_queue = claim_cost(factory, args.claims)
    queued = queue_events(factory, tenants["big"][0], args.events - small_queue)
    result: dict[str, Any] = {
        "database": make_url(args.url).get_backend_name(),
        "when": datetime.now(UTC).isoformat(timespec="minutes"),
        "machine": f"{platform.machine()} {os.cpu_count()} cpu, {platform.python_version()}",
        "load_average": os.getloadavg(),
        "big_tenant_events_queued": args.events, "queueing_seconds": round(queued, 1),
        f"claim_with_{small_queue}_queued": claim_small_queue,
        "claim_with_events_queued": claim_cost(factory, args.claims)}
    if not args.claims_only:
        result["fairness"] = fairness(factory, tenants, args.rows, args.head_start,
                                      args.timeout)
        result["load_average_after"] = os.getloadavg()
    print(json.dumps(result, ensure_ascii=False, indent=2))


if __name__ == "__main__":
    main()
