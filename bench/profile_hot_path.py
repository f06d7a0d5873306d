"""Profile the get-one / list hot path in-process (cProfile), without HTTP parsing.

    uv run --frozen python bench/profile_hot_path.py --url sqlite:////tmp/salescrm-bench-ref/salescrm.db

Drives the ASGI app directly (one event loop, the same ``run()`` threadpool hop as
the server) as the benchmark tenant's admin and prints the top functions by
cumulative time, so a change to the request path can be judged before a full run.
"""

from __future__ import annotations

import argparse
import asyncio
import cProfile
import os
import pstats
import time
from typing import Any

os.environ.setdefault("SALESCRM_EMBEDDED_WORKER", "false")


async def call(app: Any, path: str, token: str) -> tuple[int, bytes]:
    path, _, query = path.partition("?")
    scope = {"type": "http", "asgi": {"version": "3.0"}, "http_version": "1.1", "method": "GET",
             "scheme": "http", "path": path, "raw_path": path.encode(),
             "query_string": query.encode(), "root_path": "",
             "headers": [(b"host", b"bench"), (b"authorization", f"Bearer {token}".encode())],
             "client": ("127.0.0.1", 1), "server": ("127.0.0.1", 80)}
    out: dict[str, Any] = {"body": b""}

    async def receive() -> dict[str, Any]:
        return {"type": "http.request", "body": b"", "more_body": False}

    async def send(message: dict[str, Any]) -> None:
        if message["type"] == "http.response.start":
            out["status"] = message["status"]
        elif message["type"] == "http.response.body":
            out["body"] += message.get("body", b"")

    await app(scope, receive, send)
    return out["status"], out["body"]


async def main_async(url: str, n: int, what: str) -> None:
    from fastapi.testclient import TestClient

    from bench.issue2_records import sample
    from bench.load_accounts import ADMIN_EMAIL, ADMIN_PASSWORD
    from salescrm.app import create_app
    from salescrm.config import Settings

    app = create_app(Settings(database_url=url, embedded_worker=False), start_worker=False)
    with TestClient(app) as client:
        r = client.post("/api/v1/auth/login", json={"email": ADMIN_EMAIL,
                                                    "password": ADMIN_PASSWORD})
        token = r.json()["access_token"]
        tenant_id = r.json()["user"]["tenant_id"]
    ids, deep = sample(url, tenant_id, 500)
    paths = {"get": [f"/api/v1/accounts/{i}" for i in ids],
             "list": ["/api/v1/accounts?limit=50&sort=-created_at"],
             "deep": [f"/api/v1/accounts?limit=50&sort=-created_at&cursor={deep}"]}[what]
    for i in range(100):
        status, _ = await call(app, paths[i % len(paths)], token)
        assert status == 200, status
    prof = cProfile.Profile()
    started = time.perf_counter()
    prof.enable()
    for i in range(n):
        await call(app, paths[i % len(paths)], token)
    prof.disable()
    print(f"{what}: {(time.perf_counter() - started) / n * 1000:.2f} ms per request (profiled)")
    pstats.Stats(prof).sort_stats("cumulative").print_stats(45)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--url", required=True)
    ap.add_argument("--n", type=int, default=1000)
    ap.add_argument("--what", choices=["get", "list", "deep"], default="get")
    a = ap.parse_args()
    asyncio.run(main_async(a.url, a.n, a.what))


if __name__ == "__main__":
    main()
