"""Web app load benchmark: headless Chromium, demo data, a warm server.

    uv run --frozen python bench/web_load.py [--runs 7] [--db /tmp/salescrm-web-bench/b.db]

Builds the web app if needed, migrates a SQLite database, loads `salescrm demo`
(idempotent), serves it with `salescrm serve` on a free port, signs in once, then
times in Debian's Chromium, from navigation start:

- accounts list: until the table shows 50 rows (the first page) and is usable;
- sales dashboard: until the funnel chart has rendered.

The first visit runs with an empty browser cache ("cold"); the others reuse it, as
a user's second visit does ("warm"). Prints JSON; figures go to docs/performance.md.
Targets (issue 6): accounts list ≤ 1.0 s, dashboard ≤ 1.5 s with a warm server.
"""

from __future__ import annotations

import argparse
import json
import os
import socket
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import httpx

ROOT = Path(__file__).resolve().parents[1]
CHROMIUM = "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run"]
EMAIL, PASSWORD = "admin@demo.salescrm.dev", "demo12345"
ROWS = "document.querySelectorAll('[data-testid=list-accounts] tr.ant-table-row').length"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def start_server(db: Path) -> tuple[subprocess.Popen[bytes], str]:
    if not (ROOT / "web/dist/index.html").is_file():
        subprocess.run(["npm", "run", "build"], cwd=ROOT / "web", check=True)
    db.parent.mkdir(parents=True, exist_ok=True)
    env = {**os.environ, "SALESCRM_DATABASE_URL": f"sqlite:///{db}",
           "SALESCRM_EMBEDDED_WORKER": "false", "SALESCRM_WEB_DIST": str(ROOT / "web/dist")}
    cli = [sys.executable, "-m", "salescrm.cli"]
    subprocess.run([*cli, "migrate"], env=env, check=True, capture_output=True)
    subprocess.run([*cli, "demo"], env=env, check=True, capture_output=True)
    port = free_port()
    proc = subprocess.Popen([*cli, "serve", "--port", str(port)], env=env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            if httpx.get(f"{url}/api/openapi.json", timeout=2).status_code == 200:
                return proc, url
        except httpx.HTTPError:
            time.sleep(0.3)
    proc.kill()
    raise RuntimeError("server did not start")


def busy(cdp: Any) -> float:
    """Main-thread task time of the current document (s); Chromium counts it per document,
    so right after a navigation it is what that page load cost, whatever the machine load."""
    metrics = cdp.send("Performance.getMetrics")["metrics"]
    return float(next(m["value"] for m in metrics if m["name"] == "TaskDuration"))


def timed(page: Any, cdp: Any, url: str, ready_js: str) -> tuple[float, float]:
    """Seconds from navigation start until `ready_js` is true (measured in the page),
    and the main-thread time spent meanwhile."""
    page.goto(url, wait_until="commit")
    page.wait_for_function(ready_js, timeout=30_000, polling="raf")
    return float(page.evaluate("performance.now()")) / 1000, busy(cdp)


def measure(url: str, runs: int) -> dict[str, Any]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        ctx = browser.new_context(viewport={"width": 1366, "height": 860}, locale="zh-CN")
        page = ctx.new_page()
        cdp = ctx.new_cdp_session(page)
        cdp.send("Performance.enable")
        page.goto(f"{url}/login")
        page.locator("#email").fill(EMAIL)
        page.locator("#password").fill(PASSWORD)
        page.locator("button[type=submit]").click()
        page.get_by_test_id("my-day").wait_for()
        total = httpx.get(f"{url}/api/v1/accounts?limit=1&count=true", cookies={
            c["name"]: c["value"] for c in ctx.cookies()}).json().get("total", 0)
        rows = min(50, total)
        page.evaluate("caches && caches.keys().then(ks => ks.forEach(k => caches.delete(k)))")
        lists, dashboards = [], []
        for _ in range(runs + 1):
            lists.append(timed(page, cdp, f"{url}/o/accounts", f"{ROWS} >= {rows}"))
            dashboards.append(timed(page, cdp, f"{url}/analytics",
                                    "document.querySelector('[data-testid=funnel-chart]"
                                    "[data-rendered=true] canvas') !== null"))
        browser.close()
    load = os.getloadavg()[0]

    def summary(runs_: list[tuple[float, float]]) -> dict[str, float]:
        wall = [w for w, _ in runs_]
        cpu = [c for _, c in runs_]
        return {"cold": round(wall[0], 3), "warm_p50": round(statistics.median(wall[1:]), 3),
                "warm_max": round(max(wall[1:]), 3),
                "main_thread_cpu_warm_p50": round(statistics.median(cpu[1:]), 3)}

    return {"accounts_in_db": total, "rows_shown": rows, "load_average": round(load, 1),
            "accounts_list_s": summary(lists), "dashboard_s": summary(dashboards)}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--runs", type=int, default=7)
    ap.add_argument("--db", type=Path, default=Path("/tmp/salescrm-web-bench/b.db"))
    args = ap.parse_args()
    proc, url = start_server(args.db)
    try:
        print(json.dumps(measure(url, args.runs), indent=2))
    finally:
        proc.terminate()
        proc.wait(timeout=10)


if __name__ == "__main__":
    main()
