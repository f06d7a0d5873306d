"""Issue-2 benchmark: SalesCRM's record API beside the reference probe, in one run.

    uv run --frozen python bench/issue2_records.py            # everything (~10 min)
    uv run --frozen python bench/issue2_records.py --only salescrm-sqlite1 --skip-reference

What it does, in order:
1. loads 100k accounts for one tenant into PostgreSQL (database ``salescrm_bench``) and
   SQLite (``$BENCH_WORK/salescrm.db``) with ``bench/load_accounts.py`` (idempotent);
2. runs the reference probe from ``../shared/bench-reference`` (its own ``setup_floor.sh``
   and ``bench_floor.py``): the floor (the same SQL straight to PostgreSQL) and the
   minimal FastAPI stack, PG x1, PG x2, SQLite x1;
3. starts the real server (``salescrm serve --workers 1|2``) on each database, signs in
   as the tenant admin over HTTP (real auth, tenancy and permissions on every request)
   and measures, with the probe's own client code (benchlib): p50/p95 of
   ``GET /api/v1/accounts/{id}`` (random ids), ``GET /api/v1/accounts?limit=50&sort=-created_at``
   (first page) and the same list at a cursor ~50k rows deep, then get-one throughput
   under ``wrk -t1 -c16 -d20s`` with random ids;
4. appends every row to one results JSON and prints the probe's markdown report.

No exact count is asked on any list call. Servers are started and stopped by PID.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
REFERENCE = Path(os.environ.get("BENCH_REFERENCE", REPO.parent / "shared" / "bench-reference"))
WORK = Path(os.environ.setdefault("BENCH_WORK", "/tmp/salescrm-bench-ref"))
PG_URL = os.environ.get("SALESCRM_BENCH_PG_URL",
                        "postgresql://postgres@127.0.0.1:5432/salescrm_bench")
SQLITE_URL = f"sqlite:///{WORK / 'salescrm.db'}"
PORT = 8102
sys.path.insert(0, str(REFERENCE))
import benchlib as B  # noqa: E402  (the reference probe's stdlib-only helpers)


def run_reference(out: Path, n: int, wrk_secs: int) -> None:
    subprocess.run(["bash", str(REFERENCE / "setup_floor.sh")], check=True,
                   env=dict(os.environ, BENCH_WORK=str(WORK)))
    subprocess.run([str(WORK / "floor-venv" / "bin" / "python"), str(REFERENCE / "bench_floor.py"),
                    "--out", str(out), "--n", str(n), "--wrk-secs", str(wrk_secs)],
                   check=True, env=dict(os.environ, BENCH_WORK=str(WORK)))


def load(url: str) -> dict[str, Any]:
    done = subprocess.run([sys.executable, str(REPO / "bench" / "load_accounts.py"), "--url", url],
                          check=True, capture_output=True, text=True, cwd=REPO)
    return json.loads(done.stdout.strip().splitlines()[-1])  # type: ignore[no-any-return]


def sample(url: str, tenant_id: str, count: int = 2000) -> tuple[list[str], str]:
    """Random account ids and the list cursor ~50k rows deep (as the API encodes it)."""
    from sqlalchemy import func, select

    from salescrm.db.engine import get_engine, make_sessionmaker
    from salescrm.models import Account
    from salescrm.platform.records.query import encode_cursor

    with make_sessionmaker(get_engine(url))() as s:
        s.info["tenant_id"] = tenant_id
        ids = list(s.scalars(select(Account.id).order_by(func.random()).limit(count)))
        deep = s.execute(select(Account.created_at, Account.id)
                         .order_by(Account.created_at.desc(), Account.id.desc())
                         .offset(50_000).limit(1)).one()
    return B.shuffled(ids), encode_cursor(deep.created_at, deep.id)


def sign_in(email: str, password: str) -> str:
    conn = http.client.HTTPConnection("127.0.0.1", PORT, timeout=30)
    conn.request("POST", "/api/v1/auth/login",
                 body=json.dumps({"email": email, "password": password}),
                 headers={"Content-Type": "application/json"})
    r = conn.getresponse()
    body = json.loads(r.read())
    conn.close()
    assert r.status == 200, body
    return str(body["access_token"])


def salescrm_rows(out: Path, db: str, workers: int, data: dict[str, Any], n: int,
                  wrk_secs: int) -> None:
    url = PG_URL if db == "postgres" else SQLITE_URL
    ids, deep_cursor = sample(url, data["tenant_id"])
    env = {"SALESCRM_DATABASE_URL": url, "SALESCRM_EMBEDDED_WORKER": "false",
           "PYTHONPATH": str(REPO / "src")}
    argv = [sys.executable, "-m", "salescrm.cli", "serve", "--port", str(PORT),
            "--workers", str(workers)]
    system = f"SalesCRM (auth+tenancy+permissions), serve --workers {workers}"
    name = f"salescrm-{db}-w{workers}"
    with B.Server(name, argv, env=env, cwd=str(REPO), port=PORT, health="/api/health"):
        hdr = {"Authorization": f"Bearer {sign_in(data['admin_email'], data['admin_password'])}"}
        base = "/api/v1/accounts"
        ops = (("get_one", [f"{base}/{i}" for i in ids]),
               ("list_50", [f"{base}?limit=50&sort=-created_at"]),
               ("list_50_cursor", [f"{base}?" + B.qs(limit=50, sort="-created_at",
                                                       cursor=deep_cursor)]))
        for op, paths in ops:
            r = B.http_latency(PORT, paths, hdr, n, warmup=200)
            row = {"system": system, "db": db, "workers": workers, "op": op, "mode": "latency",
                   "endpoint": f"GET {paths[0][:70]}", "headers": ["Authorization"], **r}
            print(json.dumps(row, ensure_ascii=False), flush=True)
            B.append_result(str(out), row)
        paths_file = WORK / f"paths-{name}.txt"
        B.write_lines(str(paths_file), ops[0][1])
        r = B.wrk(PORT, str(paths_file), hdr, connections=16, duration=wrk_secs)
        row = {"system": system, "db": db, "workers": workers, "op": "get_one",
               "mode": "throughput", **r}
        print(json.dumps(row, ensure_ascii=False), flush=True)
        B.append_result(str(out), row)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--out", default=str(WORK / "results-issue2.json"))
    ap.add_argument("--n", type=int, default=2000, help="latency samples per op")
    ap.add_argument("--wrk-secs", type=int, default=20)
    ap.add_argument("--skip-reference", action="store_true")
    ap.add_argument("--only", default="salescrm-postgres1,salescrm-postgres2,"
                    "salescrm-sqlite1,salescrm-sqlite2")
    a = ap.parse_args()
    WORK.mkdir(parents=True, exist_ok=True)
    out = Path(a.out)
    out.unlink(missing_ok=True)
    wanted = set(a.only.split(","))
    data = {db: load(url) for db, url in (("postgres", PG_URL), ("sqlite", SQLITE_URL))
            if any(w.startswith(f"salescrm-{db}") for w in wanted)}
    print(json.dumps(data, ensure_ascii=False))
    if not a.skip_reference:
        run_reference(out, a.n, a.wrk_secs)
    for db in ("postgres", "sqlite"):
        for workers in (1, 2):
            if f"salescrm-{db}{workers}" in wanted:
                salescrm_rows(out, db, workers, data[db], a.n, a.wrk_secs)
    subprocess.run([sys.executable, str(REFERENCE / "report.py"), str(out)], check=True)


if __name__ == "__main__":
    main()
