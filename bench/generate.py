"""Generate a large sales history for the analytics benchmark.

    uv run --frozen python bench/generate.py --url postgresql://postgres@127.0.0.1:5432/salescrm_bench
    uv run --frozen python bench/generate.py --url sqlite:////tmp/salescrm-bench/a.db \\
        --opportunities 100000 --accounts 20000

Creates (migrating the database first) one tenant with 30 departments (a head office,
5 regions, 24 teams), 500 reps (one manager per department), N accounts, and N
opportunities walked through the default pipeline over three years — advancing,
falling back, stalling, lost, won — with one stage-history row per stay (about four
per deal). Rows go in with COPY on PostgreSQL and executemany on SQLite, bypassing
the services: this is a data set, not a workload. The figures are written to
``bench/out/analytics-<db>.json`` (tenant, admin sign-in) for ``analytics_bench.py``.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import time
from collections.abc import Callable, Iterator
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

from sqlalchemy import Table, select, text

ADMIN_EMAIL = "analytics-bench@bench.salescrm.dev"
ADMIN_PASSWORD = "bench-password-1"
OPEN = ["initial", "qualified", "proposal", "negotiation"]
PROB = {"initial": 10, "qualified": 30, "proposal": 60, "negotiation": 80, "won": 100,
        "lost": 0}
REGIONS = ["华东", "华南", "华北", "西南", "华中"]
PROVINCES = {"华东": ["上海", "江苏", "浙江", "山东"], "华南": ["广东", "福建", "广西"],
             "华北": ["北京", "天津", "河北"], "西南": ["四川", "重庆", "云南"],
             "华中": ["湖北", "湖南", "河南"]}
INDUSTRIES = ["制造", "IT", "零售", "医疗", "金融", "教育", "物流", "能源"]
SOURCES = ["web", "referral", "expo", "ads", "partner", "cold_call"]
LOST_REASONS = ["price", "competitor", "timing", "no_budget", "no_decision"]


def uid(kind: int, n: int) -> str:
    """Readable, unique, time-orderless ids: ``0000000k-0000-7000-8000-<n>``."""
    return f"{kind:08x}-0000-7000-8000-{n:012x}"


# --- writing rows ------------------------------------------------------------------
class Writer:
    """Bulk rows into a table: COPY on PostgreSQL, executemany on SQLite. Values are
    Python objects; money columns are stored as the Money type stores them."""

    def __init__(self, engine: Any) -> None:
        self.engine = engine
        self.dialect = engine.dialect.name

    def _template(self, table: Table) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for col in table.columns:
            default = col.default
            if default is not None and getattr(default, "is_scalar", False):
                out[col.name] = default.arg
            elif col.name == "custom":
                out[col.name] = {}
            else:
                out[col.name] = None
        return out

    def write(self, table: Table, rows: Iterator[dict[str, Any]]) -> int:
        names = [c.name for c in table.columns]
        money = {c.name for c in table.columns if type(c.type).__name__ == "Money"}
        template = self._template(table)
        if self.dialect == "postgresql":
            return self._copy(table.name, names, template, rows)
        return self._insert(table.name, names, money, template, rows)

    def _copy(self, name: str, names: list[str], template: dict[str, Any],
              rows: Iterator[dict[str, Any]]) -> int:
        raw = self.engine.raw_connection()
        count = 0
        try:
            with raw.cursor() as cur, cur.copy(
                    f"COPY {name} ({', '.join(names)}) FROM STDIN") as copy:
                buf: list[str] = []
                for row in rows:
                    full = {**template, **row}
                    buf.append("\t".join(_pg(full[n]) for n in names))
                    count += 1
                    if len(buf) >= 20000:
                        copy.write("\n".join(buf) + "\n")
                        buf = []
                if buf:
                    copy.write("\n".join(buf) + "\n")
            raw.commit()
        finally:
            raw.close()
        return count

    def _insert(self, name: str, names: list[str], money: set[str], template: dict[str, Any],
                rows: Iterator[dict[str, Any]]) -> int:
        raw = self.engine.raw_connection()
        sql = f"INSERT INTO {name} ({', '.join(names)}) VALUES ({', '.join('?' * len(names))})"
        count = 0
        try:
            cur = raw.cursor()
            cur.execute("BEGIN")
            batch: list[tuple[Any, ...]] = []
            for row in rows:
                full = {**template, **row}
                batch.append(tuple(_sqlite(full[n], n in money) for n in names))
                count += 1
                if len(batch) >= 20000:
                    cur.executemany(sql, batch)
                    batch = []
            if batch:
                cur.executemany(sql, batch)
            cur.execute("COMMIT")
        finally:
            raw.close()
        return count


def _pg(value: Any) -> str:
    if value is None:
        return "\\N"
    if isinstance(value, bool):
        return "t" if value else "f"
    if isinstance(value, (dict, list)):
        return json.dumps(value, ensure_ascii=False).replace("\\", "\\\\")
    if isinstance(value, (datetime, date)):
        return value.isoformat()
    text_value = str(value)
    return text_value.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n")


def _sqlite(value: Any, is_money: bool) -> Any:
    if value is None:
        return None
    if is_money:
        return int(Decimal(value) * 100)
    if isinstance(value, bool):
        return 1 if value else 0
    if isinstance(value, (dict, list)):
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, datetime):
        return value.astimezone(UTC).replace(tzinfo=None).isoformat(" ", "microseconds")
    if isinstance(value, date):
        return value.isoformat()
    return value


# --- the organisation --------------------------------------------------------------
def organisation(tenant_id: str, now: datetime, reps: int, departments: int,
                 role_ids: dict[str, str], password_hash: str
                 ) -> tuple[list[dict[str, Any]], list[dict[str, Any]], list[dict[str, Any]]]:
    """Departments (HQ → regions → teams), users (a manager heading each department,
    reps spread over the teams) and their roles."""
    base = {"tenant_id": tenant_id, "version": 1, "custom": {}, "created_at": now,
            "updated_at": now}
    depts = [{**base, "id": uid(1, 0), "name": "销售中心 Sales HQ", "parent_id": None}]
    regions = max(1, min(5, departments - 1))
    for r in range(regions):
        depts.append({**base, "id": uid(1, r + 1), "name": f"{REGIONS[r % 5]}大区",
                      "parent_id": depts[0]["id"]})
    for t in range(departments - 1 - regions):
        region = depts[1 + t % regions]
        depts.append({**base, "id": uid(1, len(depts)), "name": f"{region['name']}-{t + 1}组",
                      "parent_id": region["id"]})
    users, roles = [], []
    for i in range(reps):
        dept = depts[i] if i < len(depts) else depts[1 + regions + (i % max(1, len(depts) - 1
                                                                          - regions))]
        user_id = uid(2, i)
        users.append({**base, "id": user_id, "name": f"销售{i:03d}",
                      "email": f"rep{i:03d}-{tenant_id[-6:]}@bench.salescrm.dev",
                      "password_hash": password_hash, "department_id": dept["id"],
                      "locale": "zh-CN", "is_active": True})
        key = "sales_manager" if i < len(depts) else "sales_rep"
        if i < len(depts):
            dept["head_id"] = user_id
        roles.append({"tenant_id": tenant_id, "user_id": user_id, "role_id": role_ids[key]})
    return depts, users, roles


def accounts(tenant_id: str, rng: random.Random, n: int, owners: list[str],
             now: datetime) -> Iterator[dict[str, Any]]:
    for i in range(n):
        region = rng.choice(REGIONS)
        created = now - timedelta(seconds=rng.randint(0, 4 * 365 * 86400))
        yield {"id": uid(3, i), "tenant_id": tenant_id, "version": 1, "custom": {},
               "created_at": created, "updated_at": created, "owner_id": rng.choice(owners),
               "name": f"客户{i:06d}有限公司", "industry": rng.choice(INDUSTRIES),
               "level": rng.choice("ABCD"), "region": region,
               "province": rng.choice(PROVINCES[region]), "source": rng.choice(SOURCES)}


# --- the deals ------------------------------------------------------------------------
def walk(rng: random.Random, created: datetime, now: datetime
         ) -> list[tuple[str, datetime]]:
    """The stages a deal went through: mostly forward, sometimes back, lost or stalled."""
    idx = rng.choices((0, 1, 2), (85, 10, 5))[0]
    t = created
    path = [(OPEN[idx], t)]
    while True:
        t = t + timedelta(days=rng.expovariate(1 / 14) + 0.02)
        if t >= now:
            return path
        r = rng.random()
        if r < 0.05:
            return path
        if r < 0.21 and idx > 0:
            idx -= 1
            path.append((OPEN[idx], t))
        elif r < 0.31:
            path.append(("lost", t))
            return path
        elif idx == len(OPEN) - 1:
            path.append(("won", t))
            return path
        else:
            idx += 1
            path.append((OPEN[idx], t))


def stage_paths(path: list[tuple[str, datetime]]
                ) -> list[tuple[str, datetime, datetime | None, str]]:
    """Each stay with the deal's previous entry into its stage and the furthest stage
    entered from it on — what ``salescrm.modules.sales.stage_paths`` keeps."""
    rank = {**{k: n for n, k in enumerate(OPEN)}, "won": 10_000}
    last: dict[str, datetime] = {}
    priors = []
    for key, at in path:
        priors.append(last.get(key))
        last[key] = at
    out: list[tuple[str, datetime, datetime | None, str]] = []
    best: str | None = None
    for (key, at), prior in zip(reversed(path), reversed(priors), strict=True):
        if rank.get(key, -1) >= 0 and (best is None or rank[key] > rank[best]):
            best = key
        out.append((key, at, prior, best or key))
    return out[::-1]


def deals(tenant_id: str, pipeline_id: str, rng: random.Random, first: int, n: int,
          owners: list[str], weights: list[float], n_accounts: int, now: datetime,
          years: float, history: list[dict[str, Any]], h: int) -> Iterator[dict[str, Any]]:
    """Opportunity rows ``first`` … ``first + n − 1``; their stage-history rows (ids from
    ``h`` on) are appended to ``history``."""
    span = int(years * 365 * 86400)
    picks = rng.choices(owners, weights, k=n)
    for k in range(n):
        i = first + k
        created = now - timedelta(seconds=rng.randint(3600, span))
        path = walk(rng, created, now)
        amount = Decimal(int(rng.lognormvariate(11, 1.0))).quantize(Decimal("1"))
        stage, entered = path[-1]
        status = "won" if stage == "won" else "lost" if stage == "lost" else "open"
        opp_id = uid(4, i)
        for j, (key, at, prior, furthest) in enumerate(stage_paths(path)):
            left = path[j + 1][1] if j + 1 < len(path) else None
            history.append({"id": uid(5, h), "tenant_id": tenant_id, "opportunity_id": opp_id,
                            "pipeline_id": pipeline_id, "stage": key, "entered_at": at,
                            "left_at": left, "moved_by": picks[k], "amount": amount,
                            "prior_entry_at": prior, "furthest_stage": furthest,
                            "currency": "CNY"})
            h += 1
        yield {"id": opp_id, "tenant_id": tenant_id, "version": 1, "custom": {},
               "created_at": created, "updated_at": entered, "owner_id": picks[k],
               "name": f"商机{i:07d}", "account_id": uid(3, rng.randrange(n_accounts)),
               "pipeline_id": pipeline_id, "stage": stage, "status": status,
               "amount": amount, "currency": "CNY",
               "close_date": (entered.date() if status != "open" else
                              now.date() + timedelta(days=rng.randint(-60, 240))),
               "probability": PROB[stage], "source": rng.choice(SOURCES),
               "forecast_category": ("commit" if status == "won" else "omitted"
                                     if status == "lost" else
                                     rng.choice(["pipeline", "pipeline", "best_case", "commit"])),
               "stage_changed_at": entered, "closed_at": entered if status != "open" else None,
               "lost_reason": rng.choice(LOST_REASONS) if status == "lost" else None}


def drop_indexes(engine: Any, tables: list[str]) -> list[str]:
    """PostgreSQL: drop the secondary indexes of ``tables`` (COPY into an unindexed
    table, then build each index once, is several times faster); their definitions."""
    if engine.dialect.name != "postgresql":
        return []
    with engine.begin() as conn:
        defs = conn.execute(text(
            "SELECT indexname, indexdef FROM pg_indexes WHERE tablename = ANY(:t) "
            "AND indexname NOT LIKE 'pk\\_%'"), {"t": tables}).all()
        for name, _definition in defs:
            conn.execute(text(f'DROP INDEX "{name}"'))
    return [d for _n, d in defs]


def build_indexes(engine: Any, definitions: list[str]) -> None:
    with engine.begin() as conn:
        conn.execute(text("SET maintenance_work_mem = '512MB'"))
        for definition in definitions:
            conn.execute(text(definition))


def load_deals(writer: Writer, tenant_id: str, pipeline_id: str, seed: int, n: int,
               owners: list[str], weights: list[float], n_accounts: int, now: datetime,
               years: float) -> dict[str, int]:
    """Opportunities and their stage history, 100,000 deals at a time."""
    from salescrm.db.base import Base

    tables = Base.metadata.tables
    history: list[dict[str, Any]] = []
    counts = {"opportunities": 0, "history": 0}
    chunk = 100_000
    for first in range(0, n, chunk):
        size = min(chunk, n - first)
        part = deals(tenant_id, pipeline_id, random.Random(seed * 1_000_003 + first), first,
                     size, owners, weights, n_accounts, now, years, history, counts["history"])
        # The generator fills ``history`` while COPY drains it: write the deals first.
        counts["opportunities"] += writer.write(tables["opportunities"], part)
        counts["history"] += writer.write(tables["opportunity_stage_history"], iter(history))
        history.clear()
        print(f"  deals: {counts['opportunities']:,} opportunities, "
              f"{counts['history']:,} history rows", flush=True)
    return counts


def _timed(label: str, fn: Callable[[], int]) -> int:
    start = time.perf_counter()
    count = fn()
    print(f"  {label}: {count:,} rows in {time.perf_counter() - start:.1f} s", flush=True)
    return count


def generate(url: str, opportunities: int, n_accounts: int, reps: int, departments: int,
             years: float, seed: int) -> dict[str, Any]:
    from salescrm.app import load_modules
    from salescrm.db.base import Base
    from salescrm.db.engine import get_engine, make_sessionmaker
    from salescrm.db.migrate import upgrade
    from salescrm.models import Pipeline, Role, User
    from salescrm.platform.auth.passwords import hash_password
    from salescrm.platform.org.service import create_tenant

    upgrade(url)
    load_modules()
    engine = get_engine(url)
    factory = make_sessionmaker(engine)
    with factory() as session:
        session.info["tenant_id"] = None
        if session.scalar(select(User.id).where(User.email == ADMIN_EMAIL)) is not None:
            sys.exit(f"{url} already holds the benchmark tenant; use a fresh database")
        tenant, _admin = create_tenant(session, "分析压测 Analytics Bench", ADMIN_EMAIL,
                                      ADMIN_PASSWORD, "Bench Admin", "zh-CN")
        session.commit()
        session.info["tenant_id"] = tenant.id
        pipeline_id = session.scalar(select(Pipeline.id).where(Pipeline.is_default.is_(True)))
        role_ids = dict(session.execute(select(Role.key, Role.id)).all())
    tables = Base.metadata.tables
    writer = Writer(engine)
    rng = random.Random(seed)
    now = datetime.now(UTC).replace(microsecond=0)
    depts, users, roles = organisation(tenant.id, now, reps, departments, role_ids,
                                       hash_password("bench-rep-password"))
    heads = {d["id"]: d.pop("head_id", None) for d in depts}
    print(f"generating into {url.split('@')[-1]} (seed {seed})", flush=True)
    _timed("departments", lambda: writer.write(tables["departments"], iter(depts)))
    _timed("users", lambda: writer.write(tables["users"], iter(users)))
    _timed("user_roles", lambda: writer.write(tables["user_roles"], iter(roles)))
    with factory() as session:
        for dept_id, head in heads.items():
            session.execute(text("UPDATE departments SET head_id = :h WHERE id = :d"),
                            {"h": head, "d": dept_id})
        session.commit()
    owners = [u["id"] for u in users]
    _timed("accounts", lambda: writer.write(tables["accounts"],
                                            accounts(tenant.id, rng, n_accounts, owners, now)))
    dropped = drop_indexes(engine, ["opportunities", "opportunity_stage_history"])
    weights = [rng.paretovariate(2.0) for _ in owners]  # some reps carry far more deals
    counts = load_deals(writer, tenant.id, pipeline_id, seed, opportunities, owners, weights,
                        n_accounts, now, years)
    if dropped:
        _timed("indexes", lambda: build_indexes(engine, dropped) or len(dropped))
    with engine.connect() as conn:
        conn.execution_options(isolation_level="AUTOCOMMIT")
        conn.execute(text("VACUUM ANALYZE" if engine.dialect.name == "postgresql"
                          else "ANALYZE"))
        if engine.dialect.name == "sqlite":
            # Fold the write-ahead log into the file: reads through a 300 MB WAL are
            # half again as slow, and the benchmark would measure that instead.
            conn.execute(text("PRAGMA wal_checkpoint(TRUNCATE)"))
    return {"url": url, "tenant_id": tenant.id, "admin_email": ADMIN_EMAIL,
            "admin_password": ADMIN_PASSWORD, "pipeline_id": pipeline_id, "seed": seed,
            "generated_at": now.isoformat(), "opportunities": counts["opportunities"],
            "stage_history": counts["history"], "accounts": n_accounts, "reps": reps,
            "departments": len(depts),
            "manager_email": users[1]["email"] if len(users) > 1 else None,
            "rep_email": users[-1]["email"], "rep_password": "bench-rep-password"}


def meta_path(url: str) -> Path:
    name = url.rstrip("/").split("/")[-1].replace(".db", "")
    out = Path(__file__).parent / "out"
    out.mkdir(exist_ok=True)
    return out / f"analytics-{name}.json"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--url", required=True)
    parser.add_argument("--opportunities", type=int, default=1_000_000)
    parser.add_argument("--accounts", type=int, default=200_000)
    parser.add_argument("--reps", type=int, default=500)
    parser.add_argument("--departments", type=int, default=30)
    parser.add_argument("--years", type=float, default=3.0)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    started = time.perf_counter()
    meta = generate(args.url, args.opportunities, args.accounts, args.reps, args.departments,
                    args.years, args.seed)
    meta["seconds"] = round(time.perf_counter() - started, 1)
    meta_path(args.url).write_text(json.dumps(meta, ensure_ascii=False, indent=2))
    print(json.dumps(meta, ensure_ascii=False, indent=2))


if __name__ == "__main__":
    main()
