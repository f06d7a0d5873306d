"""Bulk-load N accounts for one tenant into a migrated SalesCRM database (SQLite or
PostgreSQL): the data set of the issue-2 benchmark.

    uv run --frozen python bench/load_accounts.py --url sqlite:////tmp/salescrm-bench/salescrm.db
    uv run --frozen python bench/load_accounts.py --url postgresql://postgres@127.0.0.1:5432/salescrm_bench

Idempotent: migrates, creates the tenant and its admin once, and loads only when the
tenant holds fewer than --rows accounts. Rows go in with SQLAlchemy Core executemany
(batched multi-row INSERTs), bypassing the records service on purpose: it is a data
set, not a test of the write path. Ids are uuid7 built from each row's created_at, as
``new_id()`` would have made them then. Prints a JSON summary (tenant, admin, counts).
"""

from __future__ import annotations

import argparse
import json
import os
import random
import time
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import func, insert, select, text

from salescrm.db.engine import get_engine, make_sessionmaker
from salescrm.db.migrate import upgrade

ADMIN_EMAIL = "bench-admin@bench.salescrm.dev"
ADMIN_PASSWORD = "Trout-canyon-58"  # passes the password policy (issue 11)
INDUSTRIES = ["制造业", "金融", "互联网", "零售", "教育", "医疗", "物流", "能源", "房地产", "农业"]
PROVINCES = ["广东", "浙江", "江苏", "上海", "北京", "四川", "湖北", "山东", "福建", "河南"]
CITIES = ["深圳", "杭州", "南京", "上海", "北京", "成都", "武汉", "青岛", "厦门", "郑州"]
WORDS = ["华信", "远景", "恒通", "嘉禾", "瑞丰", "新元", "东方", "博达", "中科", "天成", "宏图",
         "金桥", "海纳", "智联", "星河", "云帆"]
SUFFIX = ["科技有限公司", "贸易有限公司", "集团股份有限公司", "实业有限公司", "信息技术有限公司"]


def uuid7_at(moment: datetime, rnd: random.Random) -> str:
    ms = int(moment.timestamp() * 1000)
    value = (ms << 80) | rnd.getrandbits(80)
    value = (value & ~(0xF << 76)) | (0x7 << 76)
    value = (value & ~(0x3 << 62)) | (0x2 << 62)
    h = f"{value:032x}"
    return f"{h[:8]}-{h[8:12]}-{h[12:16]}-{h[16:20]}-{h[20:]}"


def ensure_tenant(factory: Any) -> tuple[str, str]:
    """The benchmark tenant and its admin, created once through the real service."""
    from salescrm.models import User
    from salescrm.platform.org.service import create_tenant

    with factory() as session:
        session.info["tenant_id"] = None
        user = session.scalars(select(User).where(User.email == ADMIN_EMAIL)).first()
        if user is not None:
            return user.tenant_id, user.id
        tenant, admin = create_tenant(session, "压测公司 Bench Co", ADMIN_EMAIL, ADMIN_PASSWORD,
                                      "Bench Admin", "zh-CN")
        session.commit()
        return tenant.id, admin.id


def account_rows(n: int, tenant_id: str, owner_id: str, seed: int = 7) -> list[dict[str, Any]]:
    rnd = random.Random(seed)
    start = datetime(2024, 1, 1, tzinfo=UTC)
    rows = []
    for i in range(n):
        created = start + timedelta(seconds=rnd.randint(0, 2 * 365 * 86400),
                                    microseconds=rnd.randint(0, 999_999))
        name = f"{rnd.choice(PROVINCES)}{rnd.choice(WORDS)}{rnd.choice(SUFFIX)}{i:06d}"
        rows.append({
            "id": uuid7_at(created, rnd), "tenant_id": tenant_id, "name": name,
            "industry": rnd.choice(INDUSTRIES), "level": rnd.choice("ABCD"),
            "province": rnd.choice(PROVINCES), "city": rnd.choice(CITIES),
            "phone": f"0{rnd.randint(10, 999)}-{rnd.randint(1000000, 99999999)}",
            "owner_id": owner_id, "created_by": owner_id, "version": 1,
            "custom": {"tier": rnd.choice("ABC"), "score": rnd.randint(0, 100)},
            "created_at": created, "updated_at": created + timedelta(days=rnd.randint(0, 30)),
        })
    return rows


def load(url: str, rows: int, batch: int = 5000) -> dict[str, Any]:
    from salescrm.app import load_modules
    from salescrm.models import Account

    upgrade(url)
    load_modules()
    engine = get_engine(url)
    factory = make_sessionmaker(engine)
    tenant_id, admin_id = ensure_tenant(factory)
    with factory() as session:
        session.info["tenant_id"] = tenant_id
        have = session.scalar(select(func.count()).select_from(Account)) or 0
    loaded_seconds = None
    if have < rows:
        started = time.perf_counter()
        data = account_rows(rows - have, tenant_id, admin_id, seed=have + 7)
        with engine.begin() as conn:
            for i in range(0, len(data), batch):
                conn.execute(insert(Account.__table__), data[i:i + batch])
        loaded_seconds = round(time.perf_counter() - started, 1)
        have = rows
    with engine.connect() as conn:
        conn = conn.execution_options(isolation_level="AUTOCOMMIT")
        conn.execute(text("ANALYZE"))
    return {"url": url.split("@")[-1], "tenant_id": tenant_id, "admin_id": admin_id,
            "admin_email": ADMIN_EMAIL, "admin_password": ADMIN_PASSWORD,
            "accounts": have, "loaded_seconds": loaded_seconds}


def ensure_pg_database(url: str) -> None:
    """CREATE DATABASE when missing (the server must already run)."""
    from sqlalchemy import create_engine
    from sqlalchemy.engine import make_url

    from salescrm.db.engine import normalize_url

    target = make_url(normalize_url(url))
    admin = create_engine(target.set(database="postgres"), isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        exists = conn.scalar(text("SELECT 1 FROM pg_database WHERE datname = :n"),
                             {"n": target.database})
        if not exists:
            conn.execute(text(f'CREATE DATABASE "{target.database}"'))
    admin.dispose()


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--url", required=True)
    ap.add_argument("--rows", type=int, default=100_000)
    a = ap.parse_args()
    os.environ.setdefault("SALESCRM_EMBEDDED_WORKER", "false")
    if a.url.startswith("postgres"):
        ensure_pg_database(a.url)
    print(json.dumps(load(a.url, a.rows), ensure_ascii=False))


if __name__ == "__main__":
    main()
