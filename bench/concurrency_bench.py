"""Day-one load: colleagues reading while an import and its events run (issue 10.1).

A real ``salescrm serve`` (default: 2 processes, the embedded worker on) on a fresh
database with the demo company; 20 users sign in and keep opening their screens
(me, lists, the 360° view, forecast, funnel, dashboards) while the administrator
imports 10,000 opportunities (account and owner by name) and the worker drains the
events. Every answer is counted: the target is no answer outside 2xx.

    uv run --frozen python bench/concurrency_bench.py --url sqlite:////tmp/salescrm-load/b.db
    uv run --frozen python bench/concurrency_bench.py --url postgresql://postgres@127.0.0.1:5432/salescrm_load_bench

Prints a JSON summary (answers by status, latency by screen, import and drain times);
docs/performance.md has figures from one run.
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import os
import random
import socket
import statistics
import subprocess
import sys
import threading
import time
from collections import Counter, defaultdict
from pathlib import Path
from typing import Any

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from bench.import_bench import recreate

ADMIN = ("admin@demo.salescrm.dev", "demo12345")
PASSWORD = "load-bench-Pw-2026"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def cli(env: dict[str, str], *args: str) -> str:
    out = subprocess.run([sys.executable, "-m", "salescrm.cli", *args], env=env,
                         capture_output=True, text=True, timeout=900)
    if out.returncode != 0:
        raise SystemExit(f"salescrm {' '.join(args)} failed:\n{out.stdout}\n{out.stderr}")
    return out.stdout


def wait_up(base: str, proc: subprocess.Popen[bytes]) -> None:
    for _ in range(300):
        if proc.poll() is not None:
            raise SystemExit("the server exited")
        try:
            if httpx.get(base + "/api/health", timeout=1).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.2)
    raise SystemExit("the server did not come up")


def sign_in(client: httpx.Client, email: str, password: str) -> tuple[int, str | None]:
    r = client.post("/api/v1/auth/login", json={"email": email, "password": password})
    return r.status_code, (r.json()["access_token"] if r.status_code == 200 else None)


class Tally:
    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.status: Counter[int] = Counter()
        self.times: dict[str, list[float]] = defaultdict(list)
        self.failures: list[str] = []
        self.by_screen: Counter[str] = Counter()

    def add(self, screen: str, status: int, seconds: float, body: str) -> None:
        with self.lock:
            self.status[status] += 1
            self.times[screen].append(seconds * 1000)
            if not 200 <= status < 300:
                self.by_screen[f"{screen} {status}"] += 1
                if len(self.failures) < 20:
                    self.failures.append(f"{screen} {status} {body[:160]}")


def colleague(base: str, email: str, accounts: list[str], stop: threading.Event,
              tally: Tally) -> None:
    """Sign in, open the usual screens, sign in again now and then."""
    rnd = random.Random(email)
    with httpx.Client(base_url=base, timeout=120) as client:
        while not stop.is_set():
            started = time.perf_counter()
            status, token = sign_in(client, email, PASSWORD)
            tally.add("sign-in", status, time.perf_counter() - started, "")
            if token is None:
                time.sleep(0.5)
                continue
            headers = {"Authorization": f"Bearer {token}"}
            # The 360° view of accounts this colleague can see (others answer 404 by design).
            mine = [a["id"] for a in client.get("/api/v1/accounts?limit=50",
                                                headers=headers).json().get("items", [])]
            for _ in range(5):
                screens = [("me", "/api/v1/me"),
                           ("accounts", "/api/v1/accounts?limit=50"),
                           ("opportunities", "/api/v1/opportunities?limit=50"),
                           ("360", f"/api/v1/accounts/{rnd.choice(mine or accounts)}/overview"),
                           ("forecast", "/api/v1/analytics/forecast"),
                           ("funnel", "/api/v1/analytics/funnel"),
                           ("dashboards", "/api/v1/dashboards")]
                for screen, path in screens:
                    if stop.is_set():
                        return
                    started = time.perf_counter()
                    r = client.get(path, headers=headers)
                    tally.add(screen, r.status_code, time.perf_counter() - started, r.text)


def opportunities_csv(rows: int, accounts: list[str], owners: list[str]) -> bytes:
    rnd = random.Random(10)
    buf = io.StringIO()
    w = csv.writer(buf)
    w.writerow(["商机名称", "客户", "负责人", "金额", "预计成交日期"])
    for i in range(rows):
        w.writerow([f"导入商机 {i:06d}", rnd.choice(accounts), rnd.choice(owners),
                    f"{rnd.randint(1000, 900000)}.00", f"2027-0{rnd.randint(1, 9)}-15"])
    return buf.getvalue().encode("utf-8")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--url", required=True)
    ap.add_argument("--users", type=int, default=20)
    ap.add_argument("--rows", type=int, default=10_000)
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--after", type=float, default=20.0,
                    help="seconds of reading after the import has finished (events draining)")
    args = ap.parse_args()

    recreate(args.url)
    env = {**os.environ, "SALESCRM_DATABASE_URL": args.url, "SALESCRM_EMBEDDED_WORKER": "true"}
    cli(env, "migrate")
    cli(env, "demo")
    cli(env, "worker", "--once")  # the demo's own events are not part of the measurement
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    log = Path("/tmp/salescrm-concurrency-bench.log")
    with log.open("wb") as errors:
        server = subprocess.Popen([sys.executable, "-m", "salescrm.cli", "serve", "--host",
                                   "127.0.0.1", "--port", str(port), "--workers",
                                   str(args.workers)], env=env, stdout=subprocess.DEVNULL,
                                  stderr=errors)
        try:
            wait_up(base, server)
            summary = run(base, args)
        finally:
            server.terminate()
            server.wait(timeout=30)
    summary["server_errors_logged"] = log.read_text(errors="replace").count("Traceback")
    summary["url"] = args.url.split("@")[-1]
    summary["load_average"] = os.getloadavg()
    print(json.dumps(summary, ensure_ascii=False, indent=1))


def run(base: str, args: argparse.Namespace) -> dict[str, Any]:
    admin = httpx.Client(base_url=base, timeout=600)
    _status, token = sign_in(admin, *ADMIN)
    assert token, "the demo administrator could not sign in"
    headers = {"Authorization": f"Bearer {token}"}
    accounts = [a["id"] for a in admin.get("/api/v1/accounts?limit=200",
                                           headers=headers).json()["items"]]
    names = [a["name"] for a in admin.get("/api/v1/accounts?limit=200",
                                          headers=headers).json()["items"]]
    users = admin.get("/api/v1/users?limit=200", headers=headers).json()["items"]
    owners = [u["name"] for u in users if u.get("is_active", True)]
    emails = []
    for i in range(args.users):
        email = f"colleague{i:02d}@load.salescrm.dev"
        r = admin.post("/api/v1/users", headers=headers, json={
            "name": f"同事{i:02d}", "email": email, "password": PASSWORD,
            "roles": ["sales_manager" if i % 4 == 0 else "sales_rep"]})
        assert r.status_code == 201, r.text
        emails.append(email)

    tally, stop = Tally(), threading.Event()
    threads = [threading.Thread(target=colleague, args=(base, e, accounts, stop, tally))
               for e in emails]
    for t in threads:
        t.start()
    time.sleep(3)  # everyone is signed in and reading before the import starts
    started = time.monotonic()
    r = admin.post("/api/v1/imports", headers=headers, data={
        "object": "opportunities", "mode": "insert",
        "mapping": json.dumps({"商机名称": "name", "客户": "account_id", "负责人": "owner_id",
                               "金额": "amount", "预计成交日期": "close_date"})},
        files={"file": ("商机.csv", opportunities_csv(args.rows, names, owners), "text/csv")})
    assert r.status_code == 202, r.text
    import_id = r.json()["id"]
    state: dict[str, Any] = {}
    while time.monotonic() - started < 1800:
        state = admin.get(f"/api/v1/imports/{import_id}", headers=headers).json()
        if state["status"] in ("done", "failed"):
            break
        time.sleep(1)
    imported = time.monotonic() - started
    time.sleep(args.after)
    stop.set()
    for t in threads:
        t.join()
    answers = sum(tally.status.values())
    return {
        "users": args.users, "server_processes": args.workers,
        "import": {"rows": args.rows, "status": state.get("status"),
                   "created": state.get("created"), "failed": state.get("failed"),
                   "seconds": round(imported, 1)},
        "answers": answers,
        "by_status": dict(sorted(tally.status.items())),
        "non_2xx": sum(n for s, n in tally.status.items() if not 200 <= s < 300),
        "non_2xx_by_screen": dict(tally.by_screen),
        "failures": tally.failures,
        "ms_by_screen": {k: {"n": len(v), "p50": round(statistics.median(v), 1),
                             "p95": round(sorted(v)[int(len(v) * 0.95) - 1], 1),
                             "max": round(max(v), 1)}
                         for k, v in sorted(tally.times.items()) if v},
    }


if __name__ == "__main__":
    main()
