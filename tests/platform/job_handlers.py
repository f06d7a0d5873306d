"""Job handlers used by the jobs tests.

Imported by the tests directly and, in worker subprocesses, through
``SALESCRM_EXTRA_MODULES=tests.platform.job_handlers`` (the documented hook in
``salescrm.app.load_modules``). Not collected by pytest (no ``test_`` prefix).
"""

from __future__ import annotations

import os
import threading
import time
from pathlib import Path
from typing import Any

from sqlalchemy.orm import Session

from salescrm.models import Job
from salescrm.platform.jobs import handler

# What ran in this process: (kind, marker, worker thread name), in order.
RUNS: list[tuple[str, str, str]] = []
_lock = threading.Lock()


def _record(job: Job) -> None:
    with _lock:
        RUNS.append((job.kind, str(job.payload.get("marker")), threading.current_thread().name))


def ran(marker: str) -> list[tuple[str, str, str]]:
    return [r for r in RUNS if r[1] == marker]


@handler("test.note")
def note(_session: Session, job: Job) -> None:
    _record(job)


@handler("test.fail")
def fail(_session: Session, job: Job) -> None:
    _record(job)
    raise RuntimeError(f"boom {job.payload.get('marker')}")


@handler("test.slow")
def slow(_session: Session, job: Job) -> None:
    _record(job)
    time.sleep(float(job.payload.get("seconds", 0.1)))


@handler("test.block")
def block(_session: Session, job: Job) -> None:
    """Say "started" in a file, then wait until the test drops the release file."""
    payload: dict[str, Any] = job.payload
    Path(payload["started"]).write_text(f"{os.getpid()} attempt {job.attempts}")
    release = Path(payload["release"])
    deadline = time.monotonic() + 60
    while not release.exists():
        if time.monotonic() > deadline:
            raise TimeoutError("never released")
        time.sleep(0.05)
    Path(payload["finished"]).write_text(str(os.getpid()))
