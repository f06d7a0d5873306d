"""Duplicate-check benchmark: ``POST /api/v1/duplicates/check`` against 1M accounts.

    uv run --frozen python bench/dedupe_check.py \
        --url postgresql://postgres@127.0.0.1:5432/salescrm_dedupe_bench
    uv run --frozen python bench/dedupe_check.py \
        --url sqlite:////tmp/salescrm-dedupe/b.db --rows 100000

Loads N accounts for one tenant (once; idempotent) with realistic, varied Chinese
company names and their normalized keys (Core executemany, bypassing the records
service: it is a data set). Then times three kinds of probe — an existing company
spelled differently (exact key hit + fuzzy), a typo of one (fuzzy only), a name
nobody has (no match) — in-process through the ASGI app (real auth, tenancy,
permissions, JSON; next to the floor of that stack, an authenticated ``GET /me``)
and through the service alone. Prints p50/p95 per kind as JSON; figures go to
docs/performance.md.
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import time
from typing import Any

from sqlalchemy import func, insert, select, text

from salescrm.db.engine import get_engine, make_sessionmaker
from salescrm.db.migrate import upgrade

ADMIN_EMAIL = "dedupe-bench@bench.salescrm.dev"
ADMIN_PASSWORD = "bench-password-1"
CHARS = ("华信远景恒通嘉禾瑞丰新元东方博达中科天成宏图金桥海纳智联星河云帆鼎盛汇丰永安"
         "长城泰山昆仑黄河明珠光大中兴联创卓越腾飞凯达盛世佳和富源利民安泰康宁晨光"
         "启明辰星万象千禧百川九州四海三江五岳蓝天绿洲紫金银河星辉月华日新润泽德馨")
PLACES = ["北京", "上海", "广州", "深圳", "杭州", "南京", "成都", "武汉", "西安", "苏州", ""]
TRADES = ["科技", "贸易", "实业", "信息技术", "电子", "物流", "医药", "机械", "建材", "食品",
          "文化传媒", "环保", "新能源", "软件", "咨询"]
SUFFIXES = ["有限公司", "股份有限公司", "有限责任公司", "集团有限公司"]


def company(rnd: random.Random) -> str:
    brand = "".join(rnd.choice(CHARS) for _ in range(rnd.choice((2, 2, 3, 4))))
    return f"{rnd.choice(PLACES)}{brand}{rnd.choice(TRADES)}{rnd.choice(SUFFIXES)}"


def ensure_tenant(factory: Any) -> tuple[str, str]:
    from salescrm.models import User
    from salescrm.platform.org.service import create_tenant

    with factory() as session:
        session.info["tenant_id"] = None
        user = session.scalars(select(User).where(User.email == ADMIN_EMAIL)).first()
        if user is not None:
            return user.tenant_id, user.id
        tenant, admin = create_tenant(session, "查重压测 Dedupe Bench", ADMIN_EMAIL,
                                      ADMIN_PASSWORD, "Bench Admin", "zh-CN")
        session.commit()
        return tenant.id, admin.id


def load(url: str, rows: int, batch: int = 5000) -> tuple[str, list[str]]:
    from salescrm.models import Account
    from salescrm.platform.dedupe.normalize import company_name_key, phone_key

    engine = get_engine(url)
    factory = make_sessionmaker(engine)
    tenant_id, admin_id = ensure_tenant(factory)
    with factory() as session:
        session.info["tenant_id"] = tenant_id
        have = session.scalar(select(func.count()).select_from(Account)) or 0
    rnd = random.Random(have + 11)
    names: list[str] = []
    started = time.perf_counter()
    with engine.begin() as conn:
        for start in range(have, rows, batch):
            chunk = []
            for _ in range(min(batch, rows - start)):
                name, phone = company(rnd), f"0{rnd.randint(10, 999)}-{rnd.randint(10**6, 10**8)}"
                chunk.append({"tenant_id": tenant_id, "name": name, "phone": phone,
                              "name_key": company_name_key(name), "phone_key": phone_key(phone),
                              "owner_id": admin_id, "created_by": admin_id, "version": 1,
                              "custom": {}})
            conn.execute(insert(Account.__table__), chunk)
    if have < rows:
        print(json.dumps({"loaded": rows - have,
                          "seconds": round(time.perf_counter() - started, 1)}), flush=True)
    with engine.connect() as conn:
        conn.execution_options(isolation_level="AUTOCOMMIT").execute(text("ANALYZE accounts"))
        sample = conn.execute(text("SELECT name FROM accounts WHERE tenant_id = :t "
                                   "ORDER BY random() LIMIT 400"), {"t": tenant_id})
        names = [r[0] for r in sample]
    return tenant_id, names


def probes(names: list[str], rnd: random.Random) -> dict[str, list[str]]:
    respelled = [n.replace("有限公司", "").replace("股份", "") + " Co., Ltd." for n in names[:200]]
    typos = []
    for n in names[200:400]:
        i = rnd.randrange(len(n) - 4)
        typos.append(n[:i] + rnd.choice(CHARS) + n[i + 1:])
    # Brands made of characters no loaded name uses: nothing should match.
    unknown = []
    for _ in range(200):
        brand = "".join(rnd.choice("甲乙丙丁戊己庚辛壬癸") for _ in range(3))
        unknown.append(f"{rnd.choice(PLACES)}{brand}{rnd.choice(TRADES)}{rnd.choice(SUFFIXES)}")
    return {"exact_respelled": respelled, "typo": typos, "no_match": unknown}


def measure(url: str, kinds: dict[str, list[str]]) -> dict[str, Any]:
    from fastapi.testclient import TestClient

    from salescrm.app import create_app
    from salescrm.config import Settings

    app = create_app(Settings(database_url=url, embedded_worker=False), start_worker=False)
    out: dict[str, Any] = {}
    with TestClient(app) as client:
        token = client.post("/api/v1/auth/login", json={
            "email": ADMIN_EMAIL, "password": ADMIN_PASSWORD}).json()["access_token"]
        client.cookies.clear()
        headers = {"Authorization": f"Bearer {token}"}
        for name in list(kinds["no_match"])[:20]:  # warm-up
            client.post("/api/v1/duplicates/check", headers=headers,
                        json={"object": "accounts", "record": {"name": name}})
        # The floor: an authenticated request that does almost nothing (GET /me).
        floor = []
        for _ in range(200):
            t0 = time.perf_counter()
            client.get("/api/v1/me", headers=headers)
            floor.append((time.perf_counter() - t0) * 1000)
        floor.sort()
        out["floor_get_me"] = {"n": len(floor), "p50_ms": round(statistics.median(floor), 2),
                               "p95_ms": round(floor[int(len(floor) * 0.95) - 1], 2)}
        for kind, names in kinds.items():
            times, found = [], 0
            for name in names:
                t0 = time.perf_counter()
                r = client.post("/api/v1/duplicates/check", headers=headers,
                                json={"object": "accounts", "record": {"name": name}})
                times.append((time.perf_counter() - t0) * 1000)
                assert r.status_code == 200, r.text
                found += bool(r.json()["matches"])
            times.sort()
            out[kind] = {"n": len(times), "p50_ms": round(statistics.median(times), 2),
                         "p95_ms": round(times[int(len(times) * 0.95) - 1], 2),
                         "with_matches": found}
    return out


def ensure_pg_database(url: str) -> None:
    """CREATE DATABASE when missing (the server must already run)."""
    from sqlalchemy import create_engine
    from sqlalchemy.engine import make_url

    from salescrm.db.engine import normalize_url

    target = make_url(normalize_url(url))
    admin = create_engine(target.set(database="postgres"), isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        if not conn.scalar(text("SELECT 1 FROM pg_database WHERE datname = :n"),
                           {"n": target.database}):
            conn.execute(text(f'CREATE DATABASE "{target.database}"'))
    admin.dispose()


def measure_service(url: str, tenant_id: str, kinds: dict[str, list[str]]) -> dict[str, Any]:
    """The same probes through the service alone (one session each, no HTTP): what the
    duplicate check itself costs, database round trips included."""
    from salescrm.platform.dedupe import service
    from salescrm.platform.tenancy.system import system_context

    factory = make_sessionmaker(get_engine(url))
    out: dict[str, Any] = {}
    for kind, names in kinds.items():
        times = []
        for name in names:
            with factory() as session:
                ctx = system_context(session, tenant_id)
                t0 = time.perf_counter()
                service.check(ctx, {"object": "accounts", "record": {"name": name}})
                times.append((time.perf_counter() - t0) * 1000)
                session.rollback()
        times.sort()
        out[kind] = {"p50_ms": round(statistics.median(times), 2),
                     "p95_ms": round(times[int(len(times) * 0.95) - 1], 2)}
    return out


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--url", required=True)
    parser.add_argument("--rows", type=int, default=1_000_000)
    args = parser.parse_args()
    if args.url.startswith("postgresql"):
        ensure_pg_database(args.url)
    upgrade(args.url)
    from salescrm.app import load_modules

    load_modules()
    tenant_id, names = load(args.url, args.rows)
    kinds = probes(names, random.Random(5))
    result = {"http": measure(args.url, kinds),
              "service": measure_service(args.url, tenant_id, kinds)}
    print(json.dumps({"url": args.url.split("@")[-1], "accounts": args.rows, **result},
                     ensure_ascii=False, indent=1))


if __name__ == "__main__":
    main()
