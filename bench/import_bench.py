"""Import benchmark: 100k contacts from a CSV file, duplicate-checked against 100k
existing contacts, through the real import job — next to the floor, a plain bulk
load of the same rows (PostgreSQL ``COPY``, SQLite ``executemany``).
``--case opportunities``: 100k opportunities with owner, account and product given by
name (bench/import_lookups.py), then the worker draining their events.

    uv run --frozen python bench/import_bench.py --url sqlite:////tmp/salescrm-import-bench/b.db
    uv run --frozen python bench/import_bench.py --url postgresql://postgres@127.0.0.1:5432/salescrm_import_bench
    uv run --frozen python bench/import_bench.py --case opportunities --url …

The database is recreated each run. The import runs in a child process so that its
peak RSS (``ru_maxrss``) is the import's own, not the data generator's. Prints a JSON
summary; docs/performance.md has figures from one run.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import random
import resource
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

from sqlalchemy import create_engine, event, insert, text
from sqlalchemy.engine import make_url

ADMIN_EMAIL = "import-bench@bench.salescrm.dev"
FAMILY = list("王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘")
GIVEN = list("伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰萍红鹏飞建国志")
TITLES = ["经理", "总监", "采购", "工程师", "总经理", "主管", "专员", "财务", "销售", "助理"]


def person(rnd: random.Random, i: int, offset: int) -> dict[str, str]:
    n = i + offset
    return {
        "name": rnd.choice(FAMILY) + rnd.choice(GIVEN) + rnd.choice(GIVEN) + f"{n:06d}",
        "mobile": f"1{rnd.choice('3589')}{n:09d}",
        "email": f"user{n:07d}@example.com",
        "title": rnd.choice(TITLES),
        "wechat": f"wx_{n:07d}",
    }


# --- database --------------------------------------------------------------------
def recreate(url: str) -> None:
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        path = Path(parsed.database or "")
        path.parent.mkdir(parents=True, exist_ok=True)
        for suffix in ("", "-wal", "-shm"):
            Path(str(path) + suffix).unlink(missing_ok=True)
        return
    admin = create_engine(parsed.set(drivername="postgresql+psycopg", database="postgres"),
                          isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{parsed.database}" WITH (FORCE)'))
        conn.execute(text(f'CREATE DATABASE "{parsed.database}"'))
    admin.dispose()


def new_tenant(url: str) -> tuple[Any, str, str]:
    """A fresh database with one tenant: (session factory, tenant id, admin id)."""
    from salescrm.app import load_modules
    from salescrm.db.engine import get_engine, make_sessionmaker
    from salescrm.db.migrate import upgrade
    from salescrm.platform.org.service import create_tenant

    recreate(url)
    upgrade(url)
    load_modules()
    factory = make_sessionmaker(get_engine(url))
    with factory() as session:
        session.info["tenant_id"] = None
        tenant, admin = create_tenant(session, "导入压测 Import Bench", ADMIN_EMAIL,
                                      "Tz8#kQ2mLw9v-salescrm", "Bench Admin", "zh-CN")
        session.commit()
        return factory, tenant.id, admin.id


def setup(url: str, existing: int, rows: int, workdir: Path) -> dict[str, Any]:
    from salescrm.models import Contact
    from salescrm.platform.dedupe import email_key, person_name_key, phone_key

    factory, tenant_id, admin_id = new_tenant(url)
    rnd = random.Random(11)
    started = time.perf_counter()
    with factory() as session:
        session.info["tenant_id"] = tenant_id
        from salescrm.db.types import new_id

        batch = []
        for i in range(existing):
            p = person(rnd, i, 0)
            batch.append({"id": new_id(), "tenant_id": tenant_id, "owner_id": admin_id,
                          "created_by": admin_id, "version": 1, "custom": {}, **p,
                          "name_key": person_name_key(p["name"]),
                          "mobile_key": phone_key(p["mobile"]),
                          "email_key": email_key(p["email"])})
            if len(batch) == 5000:
                session.execute(insert(Contact), batch)
                batch = []
        if batch:
            session.execute(insert(Contact), batch)
        session.commit()
    if make_url(url).get_backend_name() == "postgresql":
        with factory() as session:  # a table in use has statistics (autovacuum)
            session.execute(text("ANALYZE contacts"))
            session.commit()
    existing_seconds = time.perf_counter() - started
    csv_path = workdir / "contacts.csv"
    duplicates = bad = 0
    with csv_path.open("w", encoding="utf-8-sig", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(["姓名", "手机", "邮箱", "职务", "微信"])
        for i in range(rows):
            p = person(rnd, i, existing)
            if i % 100 == 37:  # 1 %: the mobile of an existing contact
                p["mobile"] = f"1{rnd.choice('3589')}{rnd.randrange(existing):09d}"
                duplicates += 1
            elif i % 200 == 11:  # 0.5 %: an address that is not one
                p["email"] = f"user{i}-at-example.com"
                bad += 1
            writer.writerow([p["name"], p["mobile"], p["email"], p["title"], p["wechat"]])
    return {"tenant_id": tenant_id, "admin_id": admin_id, "csv": str(csv_path),
            "csv_bytes": csv_path.stat().st_size, "existing_rows": existing,
            "existing_load_seconds": round(existing_seconds, 1),
            "planted_duplicates": duplicates, "planted_bad_emails": bad}


# --- the floor ---------------------------------------------------------------------
def _load(engine: Any, table: str, columns: tuple[str, ...], rows: list[tuple[Any, ...]]) -> str:
    with engine.begin() as conn:
        cur = conn.connection.dbapi_connection.cursor()
        if engine.dialect.name == "postgresql":
            with cur.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
            return "COPY"
        marks = ", ".join("?" * len(columns))
        cur.executemany(f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({marks})", rows)
        return "executemany"


def floor(url: str, csv_path: str, tenant_id: str, admin_id: str) -> dict[str, Any]:
    """The same rows, parsed and bulk-loaded with nothing else (no validation, duplicate
    check, audit or events): into a bare table, and into the contacts table itself with
    its indexes and foreign keys (the database's own share of the import's work)."""
    from salescrm.db.types import new_id, utcnow

    engine = create_engine(url.replace("postgresql://", "postgresql+psycopg://", 1))
    with engine.begin() as conn:
        conn.execute(text("DROP TABLE IF EXISTS floor_contacts"))
        conn.execute(text("CREATE TABLE floor_contacts (id varchar(36) primary key, "
                          "tenant_id varchar(36), owner_id varchar(36), created_by varchar(36),"
                          " name varchar(200), mobile varchar(40), email varchar(254), "
                          "title varchar(100), wechat varchar(100))"))
    out: dict[str, Any] = {}
    now = utcnow() if engine.dialect.name == "postgresql" else utcnow().replace(tzinfo=None)
    for target in ("floor_contacts", "contacts"):
        started = time.perf_counter()
        with open(csv_path, encoding="utf-8-sig", newline="") as fh:
            reader = csv.reader(fh)
            next(reader)
            rows = [(new_id(), tenant_id, admin_id, admin_id, *r) for r in reader]
        columns: tuple[str, ...] = ("id", "tenant_id", "owner_id", "created_by", "name",
                                    "mobile", "email", "title", "wechat")
        if target == "contacts":  # keys copied, not normalized: the floor does no work
            rows = [(*r, r[4], r[5], r[6], 1, "{}", now, now) for r in rows]
            columns += ("name_key", "mobile_key", "email_key", "version", "custom",
                        "created_at", "updated_at")
        method = _load(engine, target, columns, rows)
        seconds = time.perf_counter() - started
        out[target] = {"method": method, "rows": len(rows),
                       "rows_per_s": round(len(rows) / seconds)}
    engine.dispose()
    return out


# --- the import (child process) ------------------------------------------------------
def _server_cpu(pids: list[int]) -> float:
    """utime + stime of PostgreSQL backends on this machine (Linux /proc), seconds."""
    total = 0.0
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        total += (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    return total


def run_import_phase(url: str, csv_path: str, tenant_id: str, admin_id: str,
                     object_name: str = "contacts") -> dict[str, Any]:
    from salescrm.app import load_modules

    load_modules()
    from salescrm.db.engine import get_engine, make_sessionmaker
    from salescrm.models import ImportRun
    from salescrm.platform.imports.runner import run_import
    from salescrm.platform.imports.service import start_import
    from salescrm.platform.tenancy.system import system_context

    engine = get_engine(url)
    backends: list[int] = []
    if engine.dialect.name == "postgresql":
        event.listen(engine, "connect",
                     lambda conn, _rec: backends.append(conn.info.backend_pid))
    factory = make_sessionmaker(engine)
    baseline_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    started = time.perf_counter()
    with factory() as session, open(csv_path, "rb") as fh:
        ctx = system_context(session, tenant_id, admin_id)
        import_id = start_import(ctx, {"object": object_name}, Path(csv_path).name,
                                 fh)["id"]
        session.commit()
    uploaded = time.perf_counter()
    cpu = time.process_time()
    server_cpu = _server_cpu(backends)
    run_import(factory, tenant_id, import_id)
    cpu = time.process_time() - cpu
    server_cpu = _server_cpu(backends) - server_cpu
    finished = time.perf_counter()
    with factory() as session:
        session.info["tenant_id"] = tenant_id
        imp = session.get(ImportRun, import_id)
        assert imp is not None
        counts = {"status": imp.status, "created": imp.created, "failed": imp.failed,
                  "total": imp.total}
    seconds = finished - uploaded
    return {**counts, "upload_seconds": round(uploaded - started, 2),
            "job_seconds": round(seconds, 1), "rows_per_s": round(counts["total"] / seconds),
            # The machine is shared: CPU seconds show the import's own cost under load.
            "job_cpu_seconds": round(cpu, 1),
            "rows_per_cpu_s": round(counts["total"] / cpu),
            # PostgreSQL's own work for the import (its backends' CPU seconds): with the
            # Python side's, what the import costs on an idle machine.
            "server_cpu_seconds": round(server_cpu, 1) if backends else None,
            "rows_per_cpu_s_both": round(counts["total"] / (cpu + server_cpu))
            if backends else None,
            "baseline_rss_mb": round(baseline_kb / 1024),
            "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--url", required=True)
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--existing", type=int, default=100_000)
    parser.add_argument("--workdir", default="/tmp/salescrm-import-bench")
    parser.add_argument("--case", default="contacts", choices=["contacts", "opportunities"])
    parser.add_argument("--phase", default="all", choices=["all", "import", "drain"])
    parser.add_argument("--csv", default="")
    parser.add_argument("--no-drain", dest="drain", action="store_false",
                        help="opportunities: skip running the worker over the events")
    parser.add_argument("--tenant", default="")
    parser.add_argument("--admin", default="")
    args = parser.parse_args()
    if args.phase == "import":
        print(json.dumps(run_import_phase(args.url, args.csv, args.tenant, args.admin,
                                          args.case)))
        return
    import import_lookups  # bench/, beside this script (not a package import)

    if args.phase == "drain":
        print(json.dumps(import_lookups.drain_events(args.url, args.tenant)))
        return
    workdir = Path(args.workdir)
    workdir.mkdir(parents=True, exist_ok=True)
    if args.case == "opportunities":
        opportunities(args, workdir)
        return
    prepared = setup(args.url, args.existing, args.rows, workdir)
    result = _child(args, prepared, "import")
    floor_result = floor(args.url, prepared["csv"], prepared["tenant_id"], prepared["admin_id"])
    backend = make_url(args.url).get_backend_name()
    print(json.dumps({"backend": backend, "setup": prepared, "import": result,
                      "floor": floor_result,
                      "import_vs_floor_into_contacts": round(
                          result["rows_per_s"] / floor_result["contacts"]["rows_per_s"], 3)},
                     indent=2, ensure_ascii=False))


def _child(args: argparse.Namespace, prepared: dict[str, Any], phase: str) -> dict[str, Any]:
    child = subprocess.run(
        [sys.executable, __file__, "--url", args.url, "--case", args.case, "--phase", phase,
         "--csv", prepared["csv"], "--tenant", prepared["tenant_id"], "--admin",
         prepared["admin_id"]],
        capture_output=True, text=True, env={**os.environ, "PYTHONUNBUFFERED": "1"})
    if child.returncode != 0:
        sys.exit(child.stderr)
    return dict(json.loads(child.stdout.strip().splitlines()[-1]))


def opportunities(args: argparse.Namespace, workdir: Path) -> None:
    import import_lookups  # bench/, beside this script (not a package import)

    load = os.getloadavg()
    prepared = import_lookups.setup(args.url, args.rows, workdir, new_tenant)
    result = _child(args, prepared, "import")
    backlog = _child(args, prepared, "drain") if args.drain else None
    floor_result = import_lookups.floor(args.url, prepared["csv"], prepared["tenant_id"],
                                        prepared["admin_id"], _load)
    print(json.dumps({"backend": make_url(args.url).get_backend_name(), "setup": prepared,
                      "import": result, "event_backlog": backlog, "floor": floor_result,
                      "import_vs_floor": round(result["rows_per_s"]
                                               / floor_result["rows_per_s"], 3),
                      "load_average": {"start": [round(x, 1) for x in load],
                                       "end": [round(x, 1) for x in os.getloadavg()]}},
                     indent=2, ensure_ascii=False))


if __name__ == "__main__":
    main()
