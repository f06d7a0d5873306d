"""Reads never fail because something else writes (issue 10.1).

Ten colleagues sign in and open their screens while an administrator keeps writing and
the worker drains the events: every read answers 2xx. On SQLite a read transaction that
writes (a token's first use, a forecast's rate cache) cannot be upgraded once another
writer has committed; the request boundary must not let that reach the user.
"""

from __future__ import annotations

import threading
import time
from collections import Counter
from typing import Any

from fastapi.testclient import TestClient

from tests.factories import Api

READ_PATHS = ("/api/v1/me", "/api/v1/accounts?limit=20", "/api/v1/opportunities?limit=20",
              "/api/v1/analytics/forecast", "/api/v1/analytics/funnel")


def _writer(client: TestClient, admin: Api, stop: threading.Event, counts: Counter[int]) -> None:
    n = 0
    while not stop.is_set():
        n += 1
        r = client.post("/api/v1/accounts", json={"name": f"写入客户 {n}", "city": "杭州"},
                        headers=admin.headers)
        counts[r.status_code] += 1


def _drainer(sessions: Any, stop: threading.Event) -> None:
    from salescrm.platform.jobs.worker import Worker

    worker = Worker(sessions, name="drainer")
    while not stop.is_set():
        if not worker.run_one():
            time.sleep(0.01)


def _fresh_reader(app: Any, email: str, statuses: list[tuple[str, int, str]]) -> None:
    """Sign in, then open five screens at once, as the web app does after login."""
    client = TestClient(app)
    for _ in range(3):
        r = client.post("/api/v1/auth/login", json={"email": email, "password": "Tr0ut-canyon-58"})
        statuses.append(("login", r.status_code, r.text[:200]))
        if r.status_code != 200:
            continue
        headers = {"Authorization": f"Bearer {r.json()['access_token']}"}
        threads = [threading.Thread(target=lambda p=p, h=headers: statuses.append(
            (p, *_get(client, p, h)))) for p in READ_PATHS]
        for t in threads:
            t.start()
        for t in threads:
            t.join()


def _get(client: TestClient, path: str, headers: dict[str, str]) -> tuple[int, str]:
    r = client.get(path, headers=headers)
    return r.status_code, r.text[:200]


def test_reads_after_sign_in_never_fail_while_others_write(app: Any, tenant: Any,
                                                            sessions: Any) -> None:
    admin = tenant.admin
    for i in range(3):
        admin.create("opportunities", name=f"商机 {i}", amount="1000.00",
                     account_id=admin.create("accounts", name=f"客户 {i}")["id"])
    emails = []
    for i in range(6):
        api = tenant.user(f"Rep{i}", roles=["sales_manager" if i % 2 else "sales_rep"])
        emails.append(api.user["email"])

    stop = threading.Event()
    writes: Counter[int] = Counter()
    background = [threading.Thread(target=_writer, args=(TestClient(app), admin, stop, writes)),
                  threading.Thread(target=_drainer, args=(sessions, stop))]
    for t in background:
        t.start()
    statuses: list[tuple[str, int, str]] = []
    readers = [threading.Thread(target=_fresh_reader, args=(app, e, statuses)) for e in emails]
    try:
        for t in readers:
            t.start()
        for t in readers:
            t.join()
    finally:
        stop.set()
        for t in background:
            t.join()
    failed = [s for s in statuses if not 200 <= s[1] < 300]
    assert not failed, failed[:5]
    assert len(statuses) == len(emails) * 3 * (1 + len(READ_PATHS))
    assert writes[201] > 0 and set(writes) == {201}, writes


def test_a_read_answers_while_another_writer_holds_the_lock(app: Any, admin: Api,
                                                             sessions: Any) -> None:
    """A token's first use is a read: it must not wait for (or fail on) the write lock."""
    from sqlalchemy import text

    from salescrm.platform.auth import usage

    made = admin.post("api_tokens", {"name": "集成", "scopes": ["*"]})
    assert made.status_code == 201, made.text
    token = made.json()["token"]
    engine = sessions.kw["bind"]
    with engine.connect().execution_options(salescrm_write=True) as holder, holder.begin():
        # Holds SQLite's one write lock / PostgreSQL's row lock on the token until the end.
        holder.execute(text("UPDATE auth_tokens SET name = name WHERE id = :id"),
                       {"id": made.json()["id"]})
        answers: list[Any] = []
        reader = threading.Thread(target=lambda: answers.append(admin.client.get(
            "/api/v1/me", headers={"Authorization": f"Bearer {token}"})), daemon=True)
        reader.start()
        reader.join(timeout=8)  # (SQLite gives up after 10 s) a read that waited for the lock would still be waiting
        waited = reader.is_alive()
    reader.join()
    assert not waited, "a read waited for another writer's lock"
    assert answers[0].status_code == 200, answers[0].text
    usage.flush(engine)
    listed = {t["id"]: t for t in admin.get("api_tokens").json()["items"]}
    assert listed[made.json()["id"]]["last_used_at"] is not None


def test_a_colleague_signs_in_while_a_slow_import_writes(tenant: Any, worker: Any,
                                                         monkeypatch: Any) -> None:
    """An import commits in batches that hold the write lock briefly, so a sign-in
    (which writes its session token) does not queue behind a whole 1,000-row batch."""
    from salescrm.platform.imports.batch import Batch
    from tests.platform.imports.helpers import run_import

    slow_process = Batch.process

    def process(self: Any, rows: list[Any]) -> Any:
        time.sleep(0.01 * len(rows))  # a slow machine: 100 rows a second
        return slow_process(self, rows)

    monkeypatch.setattr(Batch, "process", process)
    rep = tenant.user("Colleague")
    csv = "name\n" + "".join(f"慢速导入客户{i:04d}\n" for i in range(1500))
    finished: list[dict[str, Any]] = []
    importer = threading.Thread(target=lambda: finished.append(
        run_import(tenant.admin, worker, "accounts", csv.encode())))
    importer.start()
    waits = []
    try:
        time.sleep(1.5)  # the import is writing
        for _ in range(3):
            started = time.monotonic()
            r = tenant.client.post("/api/v1/auth/login", json={
                "email": rep.user["email"], "password": "Tr0ut-canyon-58"})
            waits.append(time.monotonic() - started)
            assert r.status_code == 200, r.text
    finally:
        importer.join()
    assert finished and finished[0]["created"] == 1500, finished
    assert max(waits) < 3, waits  # a 1,000-row batch would have held the lock ~10 s
