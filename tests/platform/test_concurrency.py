"""Concurrent writers: every request answers 2xx or a clear 409, never a 500, and no
update is lost (each accepted PATCH bumped the version exactly once)."""

from __future__ import annotations

import threading
from collections import Counter
from typing import Any

from fastapi.testclient import TestClient

from tests.factories import Api


def test_concurrent_writers_get_conflicts_not_errors(app: Any, admin: Api) -> None:
    account = admin.create("accounts", name="并发客户")
    statuses: list[int] = []

    def writer(n: int) -> None:
        client = TestClient(app)
        for i in range(8):
            r = client.post("/api/v1/contacts?allow_duplicate=true",
                            json={"name": f"联系人 {n}-{i}", "account_id": account["id"]},
                            headers=admin.headers)
            statuses.append(r.status_code)
            current = client.get(f"/api/v1/accounts/{account['id']}", headers=admin.headers)
            r = client.patch(f"/api/v1/accounts/{account['id']}",
                             json={"version": current.json()["version"], "city": f"城市{n}{i}"},
                             headers=admin.headers)
            statuses.append(r.status_code)

    threads = [threading.Thread(target=writer, args=(n,)) for n in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    counts = Counter(statuses)
    assert set(counts) <= {200, 201, 409}, counts
    assert counts[201] == 32
    final = admin.get(f"accounts/{account['id']}").json()
    assert final["version"] == 1 + counts[200]
    assert admin.get(f"contacts?account_id={account['id']}&count=true").json()["total"] == 32
