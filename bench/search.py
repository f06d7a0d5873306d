"""Issue 17.1: ``GET /api/v1/accounts?q=…`` and ``GET /api/v1/search?q=…`` over 100k
accounts on SQLite and PostgreSQL, beside the floor (the same SQL straight to the
database) and the full scan the index replaced.

    uv run --frozen python bench/search.py                  # both databases
    uv run --frozen python bench/search.py --only sqlite --rows 1000000

1. loads N accounts for one tenant with ``bench/load_accounts.py`` into databases of
   its own (``salescrm_bench_search`` and ``$BENCH_WORK/search.db``), then builds their
   search index with ``salescrm search reindex`` (timed: the backfill's throughput);
2. starts ``salescrm serve --workers 1``, signs in as the tenant admin and measures
   p50/p95 of each query through HTTP (real auth, tenancy, permissions);
3. runs the statement the list call runs, and the old ``lower(name) LIKE '%q%' OR …``
   scan, straight on the database (p50/p95 of the same number of runs).

Queries: a 6-digit suffix (one or two hits), a two-character Chinese fragment of
the names (云帆, ~6% of the rows), pinyin initials (zjyf: 浙江云帆, ~0.6%) and full
pinyin (yunfan). Prints one JSON line per measurement.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
from pathlib import Path
from typing import Any
from urllib.parse import quote

REPO = Path(__file__).resolve().parents[1]
REFERENCE = Path(os.environ.get("BENCH_REFERENCE", REPO.parent / "shared" / "bench-reference"))
WORK = Path(os.environ.setdefault("BENCH_WORK", "/tmp/salescrm-bench-search"))
PG_URL = os.environ.get("SALESCRM_BENCH_PG_URL",
                        "postgresql://postgres@127.0.0.1:5432/salescrm_bench_search")
SQLITE_URL = f"sqlite:///{WORK / 'search.db'}"
PORT = 8117
QUERIES = {"suffix_6_digits": "012345", "chinese_2_chars": "云帆",
           "pinyin_initials": "zjyf", "pinyin_full": "yunfan"}
sys.path.insert(0, str(REFERENCE))
sys.path.insert(0, str(REPO / "bench"))
import benchlib as B  # noqa: E402  (the reference probe's stdlib-only helpers)


def prepare(url: str, rows: int) -> dict[str, Any]:
    if url.startswith("postgres"):
        from load_accounts import ensure_pg_database

        ensure_pg_database(url)
    done = subprocess.run([sys.executable, str(REPO / "bench" / "load_accounts.py"), "--url", url,
                           "--rows", str(rows)], check=True, capture_output=True, text=True,
                          cwd=REPO)
    data: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    started = time.perf_counter()
    subprocess.run([sys.executable, "-m", "salescrm.cli", "search", "reindex",
                    "--object", "accounts"], check=True, cwd=REPO,
                   env={**os.environ, "SALESCRM_DATABASE_URL": url,
                        "PYTHONPATH": str(REPO / "src")})
    data["reindex_seconds"] = round(time.perf_counter() - started, 1)
    return data


def straight(url: str, tenant_id: str, q: str, n: int) -> dict[str, Any]:
    """p50/p95 of the list call's statement, and of the old scan, on the database."""
    from sqlalchemy import String, cast, or_, select

    from salescrm.app import load_modules
    from salescrm.db.engine import get_engine, make_sessionmaker
    from salescrm.platform.metadata import builtin_objects
    from salescrm.platform.permissions import Permissions
    from salescrm.platform.records.query import search_clause
    from salescrm.platform.search.index import searched_fields

    load_modules()
    obj = builtin_objects()["accounts"]
    perms = Permissions(role_keys=("admin",), actions=({"*": frozenset({"*"})},),
                        data_scope="all", field_levels={})
    model = obj.model
    page = (select(model.id, model.name, model.created_at)
            .order_by(model.created_at.desc(), model.id.desc()).limit(51))
    old = or_(*[cast(getattr(model, f.api_name), String).icontains(q, autoescape=True)
                for f in searched_fields(obj)])
    out = {}
    with make_sessionmaker(get_engine(url))() as s:
        s.info["tenant_id"] = tenant_id
        for name, where in (("indexed", search_clause(obj, q, perms)), ("old_scan", old)):
            stmt = page.where(model.deleted_at.is_(None), where)
            hits = len(s.execute(stmt).all())
            times = []
            for _ in range(n if name == "indexed" else max(5, n // 20)):
                t0 = time.perf_counter()
                s.execute(stmt).all()
                times.append((time.perf_counter() - t0) * 1000)
            out[name] = {"hits_in_page": hits, **B.summarize(times)}
    return out


def run(db: str, url: str, rows: int, n: int) -> None:
    data = prepare(url, rows)
    print(json.dumps({"db": db, **data}, ensure_ascii=False), flush=True)
    env = {"SALESCRM_DATABASE_URL": url, "SALESCRM_EMBEDDED_WORKER": "false",
           "PYTHONPATH": str(REPO / "src")}
    argv = [sys.executable, "-m", "salescrm.cli", "serve", "--port", str(PORT), "--workers", "1"]
    with B.Server(f"search-{db}", argv, env=env, cwd=str(REPO), port=PORT, health="/api/health"):
        import issue2_records
        from issue2_records import sign_in
        issue2_records.PORT = PORT
        hdr = {"Authorization": f"Bearer {sign_in(data['admin_email'], data['admin_password'])}"}
        for label, q in QUERIES.items():
            for path in (f"/api/v1/accounts?q={quote(q)}&limit=50",
                         f"/api/v1/search?q={quote(q)}&limit=5"):
                load_before = B.loadavg()
                r = B.http_latency(PORT, [path], hdr, n, warmup=20)
                print(json.dumps({"db": db, "rows": rows, "query": label, "q": q,
                                  "endpoint": path.split("?")[0], "load_before": load_before,
                                  **r}, ensure_ascii=False), flush=True)
            floor = straight(url, data["tenant_id"], q, n)
            print(json.dumps({"db": db, "rows": rows, "query": label, "q": q,
                              "endpoint": "straight to the database", **floor},
                             ensure_ascii=False), flush=True)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--rows", type=int, default=100_000)
    ap.add_argument("--n", type=int, default=300, help="latency samples per query")
    ap.add_argument("--only", default="sqlite,postgres")
    a = ap.parse_args()
    WORK.mkdir(parents=True, exist_ok=True)
    print(json.dumps({"load_average": B.loadavg(), "at": time.strftime("%Y-%m-%d %H:%M UTC",
                                                                        time.gmtime())}))
    for db in a.only.split(","):
        run(db, PG_URL if db == "postgres" else SQLITE_URL, a.rows, a.n)


if __name__ == "__main__":
    main()
