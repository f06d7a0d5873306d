"""People's writes go before background work's on SQLite (issue 10.1): an import batch
or a job that is about to take the one write lock waits while a colleague's write
waits for it — across threads and across processes — and only for a bounded time."""

from __future__ import annotations

import subprocess
import sys
import threading
from pathlib import Path

import pytest

from salescrm.db import sqlite_writers

HOLDER = ("import os, sys\n"
          "from salescrm.db import sqlite_writers\n"
          "with sqlite_writers.person_waiting(sys.argv[1]):\n"
          "    print('waiting', flush=True)\n"
          "    os.kill(os.getpid(), 9) if sys.argv[2] == 'die' else sys.stdin.readline()\n")


def _person_in_another_process(database: str, then: str) -> subprocess.Popen[str]:
    holder = subprocess.Popen([sys.executable, "-c", HOLDER, database, then],
                              stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    assert holder.stdout is not None and holder.stdout.readline().strip() == "waiting"
    return holder


def test_background_work_waits_while_a_persons_write_waits(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sqlite_writers, "BACKGROUND_YIELDS_AT_MOST", 30.0)
    database = str(tmp_path / "crm.db")
    person_in, background_done = threading.Event(), threading.Event()
    order: list[str] = []

    def person() -> None:
        with sqlite_writers.person_waiting(database):
            person_in.set()
            background_done.wait(0.3)  # the background writer must still be waiting
            order.append("person")

    def background() -> None:
        person_in.wait()
        sqlite_writers.let_people_go_first(database)
        order.append("background")
        background_done.set()

    threads = [threading.Thread(target=person), threading.Thread(target=background)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(10)
    assert order == ["person", "background"]


def test_a_person_waiting_in_another_process_is_seen(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """`salescrm serve --workers 2`: the import runs in one process, the sign-in in the
    other."""
    monkeypatch.setattr(sqlite_writers, "BACKGROUND_YIELDS_AT_MOST", 0.5)
    database = str(tmp_path / "crm.db")
    holder = _person_in_another_process(database, "wait")
    try:
        assert sqlite_writers.let_people_go_first(database) >= 0.5, \
            "background work went ahead of a waiting person"
        assert holder.stdin is not None
        holder.stdin.write("\n")
        holder.stdin.flush()
        assert holder.wait(10) == 0
        # The person got the lock: nobody waits now, background work goes at once.
        assert sqlite_writers.let_people_go_first(database) < 0.5
    finally:
        holder.kill()


def test_a_process_that_dies_while_waiting_leaves_no_one_waiting(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sqlite_writers, "BACKGROUND_YIELDS_AT_MOST", 5.0)
    database = str(tmp_path / "crm.db")
    _person_in_another_process(database, "die").wait(10)
    assert sqlite_writers.let_people_go_first(database) < 5.0


def test_in_memory_databases_have_no_signal_file() -> None:
    with sqlite_writers.person_waiting(":memory:"):
        assert sqlite_writers.let_people_go_first(":memory:") == 0.0
