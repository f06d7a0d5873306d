"""The opportunities case of ``bench/import_bench.py`` (``--case opportunities``):
opportunities whose owner (a user's email or name), account (its name) and product (a
custom lookup field, by name or code) are given by name, each written with its
first stage-history row, audit row and ``opportunities.created`` event — next to the
floor, the same rows (ids already resolved) bulk-loaded into ``opportunities`` and
``opportunity_stage_history`` with nothing else.

Then the event backlog: how long one worker takes to deliver the import's events to
the subscribers (automation, webhooks …).
"""

from __future__ import annotations

import csv
import random
import time
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import create_engine, func, insert, select, text

USERS = 40
ACCOUNTS = 20_000
PRODUCTS = 500
STAGES = ["初步接洽", "Qualified", "方案报价", "Negotiation"]  # labels, either language
HEADERS = ["商机名称", "负责人", "客户", "产品", "金额", "阶段", "预计成交日期"]


def _ids(session: Any, model: Any, *columns: Any) -> list[tuple[Any, ...]]:
    return [tuple(r) for r in session.execute(select(model.id, *columns))]


def setup(url: str, rows: int, workdir: Path, new_tenant: Any) -> dict[str, Any]:
    from salescrm.db.types import new_id
    from salescrm.models import Account, Product, User
    from salescrm.platform.customization.fields import create_field
    from salescrm.platform.dedupe import spec_for
    from salescrm.platform.org.service import create_user
    from salescrm.platform.tenancy.system import system_context

    factory, tenant_id, admin_id = new_tenant(url)
    started = time.perf_counter()
    with factory() as session:
        ctx = system_context(session, tenant_id, admin_id)
        users = ctx.object("users")
        for i in range(USERS):
            create_user(ctx, users, {"name": f"销售{i:02d}", "email": f"rep{i:02d}@bench.dev",
                                     "password": "Tz8#kQ2mLw9v-salescrm"})
        create_field(ctx, "opportunities", {
            "api_name": "product", "type": "lookup", "target": "products",
            "labels": {"en": "Product", "zh-CN": "产品"}})
        session.commit()
    with factory() as session:
        session.info["tenant_id"] = tenant_id
        spec = spec_for("accounts")
        accounts = []
        for i in range(ACCOUNTS):
            values = {"name": f"客户{i:05d}有限公司"}
            keys = spec.keys(values) if spec else {}
            row = {"id": new_id(), "tenant_id": tenant_id, "owner_id": admin_id,
                   "created_by": admin_id, "version": 1, "custom": {}, **values}
            if spec:
                row.update({spec.key_column(f).key: keys.get(f) for f in spec.fields})
            accounts.append(row)
        for start in range(0, len(accounts), 5000):
            session.execute(insert(Account), accounts[start:start + 5000])
        session.execute(insert(Product), [
            {"id": new_id(), "tenant_id": tenant_id, "created_by": admin_id, "version": 1,
             "custom": {}, "name": f"产品{i:03d}", "code": f"P-{i:04d}", "is_active": True,
             "currency": "CNY"} for i in range(PRODUCTS)])
        session.commit()
        reps = sorted(session.execute(select(User.email, User.name)
                                      .where(User.email.like("rep%"))).all())
        assert session.scalar(select(func.count()).select_from(Product)) == PRODUCTS
    if "postgresql" in url:
        with factory() as session:
            session.execute(text("ANALYZE"))
            session.commit()
    rnd = random.Random(7)
    csv_path = workdir / "opportunities.csv"
    unknown = 0
    today = date(2026, 12, 1)
    with csv_path.open("w", encoding="utf-8-sig", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(HEADERS)
        for i in range(rows):
            email, name = reps[i % len(reps)]
            owner = email if i % 3 else name  # by email, or by name
            account = f"客户{rnd.randrange(ACCOUNTS):05d}有限公司"
            p = rnd.randrange(PRODUCTS)
            product = f"产品{p:03d}" if i % 2 else f"P-{p:04d}"  # by name, or by code
            if i % 200 == 17:  # 0.5 %: an account nobody has
                account, unknown = f"无此客户{i}", unknown + 1
            stage = STAGES[i % len(STAGES)]
            writer.writerow([f"商机{i:06d}", owner, account, product,
                             f"{rnd.randrange(1000, 900000)}.{rnd.randrange(100):02d}", stage,
                             (today + timedelta(days=rnd.randrange(180))).isoformat()])
    return {"tenant_id": tenant_id, "admin_id": admin_id, "csv": str(csv_path),
            "csv_bytes": csv_path.stat().st_size, "users": USERS, "accounts": ACCOUNTS,
            "products": PRODUCTS, "reference_load_seconds": round(
                time.perf_counter() - started, 1), "planted_unknown_accounts": unknown}


def floor(url: str, csv_path: str, tenant_id: str, admin_id: str, load: Any
          ) -> dict[str, Any]:
    """The same rows, names resolved from dictionaries loaded up front, bulk-loaded
    (COPY / executemany) into ``opportunities`` and their first stage-history rows:
    no validation, audit or events (the database's own share of the import)."""
    from decimal import Decimal

    from salescrm.app import load_modules
    from salescrm.db.engine import get_engine, make_sessionmaker
    from salescrm.db.types import new_id, utcnow
    from salescrm.models import Account, Pipeline, Product, User

    load_modules()
    with make_sessionmaker(get_engine(url))() as session:
        session.info["tenant_id"] = tenant_id
        users: dict[str, str] = {}
        for uid, email, name in _ids(session, User, User.email, User.name):
            users[email], users[name] = uid, uid
        accounts = {name: aid for aid, name in _ids(session, Account, Account.name)}
        products: dict[str, str] = {}
        for pid, name, code in _ids(session, Product, Product.name, Product.code):
            products[name], products[code] = pid, pid
        pipeline = session.scalars(select(Pipeline).where(Pipeline.is_default)).one()
        stages = {s.get("labels", {}).get("zh-CN"): s for s in pipeline.stages}
        stages.update({s.get("labels", {}).get("en"): s for s in pipeline.stages})
    engine = create_engine(url.replace("postgresql://", "postgresql+psycopg://", 1))
    pg = engine.dialect.name == "postgresql"
    now = utcnow() if pg else utcnow().replace(tzinfo=None)
    started = time.perf_counter()
    opps, stays = [], []
    with open(csv_path, encoding="utf-8-sig", newline="") as fh:
        reader = csv.reader(fh)
        next(reader)
        for name, owner, account, product, amount, stage, close in reader:
            if account not in accounts:
                continue
            s = stages[stage]
            oid = new_id()
            money: Any = Decimal(amount) if pg else int(Decimal(amount) * 100)
            opps.append((oid, tenant_id, owner and users[owner], admin_id, 1,
                         f'{{"product": "{products[product]}"}}', now, now, name,
                         accounts[account], pipeline.id, s["key"], "open", money, "CNY",
                         date.fromisoformat(close), s["probability"], "pipeline", now))
            stays.append((new_id(), tenant_id, oid, pipeline.id, s["key"], now, admin_id,
                          money, "CNY", s["key"]))
    load(engine, "opportunities", (
        "id", "tenant_id", "owner_id", "created_by", "version", "custom", "created_at",
        "updated_at", "name", "account_id", "pipeline_id", "stage", "status", "amount",
        "currency", "close_date", "probability", "forecast_category", "stage_changed_at"),
        opps)
    method = load(engine, "opportunity_stage_history", (
        "id", "tenant_id", "opportunity_id", "pipeline_id", "stage", "entered_at",
        "moved_by", "amount", "currency", "furthest_stage"), stays)
    seconds = time.perf_counter() - started
    engine.dispose()
    return {"method": method, "rows": len(opps), "rows_per_s": round(len(opps) / seconds)}


def drain_events(url: str, tenant_id: str) -> dict[str, Any]:
    """Run one worker until the import's events are delivered (the backlog)."""
    from salescrm.app import load_modules
    from salescrm.db.engine import get_engine, make_sessionmaker
    from salescrm.models import Job
    from salescrm.platform.jobs.worker import Worker

    load_modules()
    factory = make_sessionmaker(get_engine(url))

    def queued() -> int:
        """Events waiting: one per "event" job, those an "events" job carries."""
        with factory() as session:
            session.info["tenant_id"] = None
            rows = session.execute(select(Job.kind, Job.payload).where(
                Job.kind.in_(("event", "events")), Job.status == "queued"))
            return sum(len(p["events"]) if kind == "events" else 1 for kind, p in rows)

    before = queued()
    worker = Worker(factory, "import-bench")
    started = time.perf_counter()
    cpu = time.process_time()
    ran = worker.run_until_idle(max_jobs=10_000_000)
    seconds = time.perf_counter() - started
    cpu = time.process_time() - cpu
    with factory() as session:
        session.info["tenant_id"] = None
        dead = session.scalar(select(func.count()).select_from(Job).where(
            Job.status == "dead")) or 0
    return {"events_queued": before, "jobs_run": ran, "left_queued": queued(),
            "dead": dead, "seconds": round(seconds, 1), "cpu_seconds": round(cpu, 1),
            "events_per_s": round(before / seconds) if seconds else None}
