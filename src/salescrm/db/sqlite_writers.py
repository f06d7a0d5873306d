"""SQLite's one write lock, shared so that people go before background work.

SQLite lets one transaction write at a time, and a writer that finds the lock taken
does not queue: its busy handler sleeps and polls (every 100 ms once it has waited a
while). A background writer that commits and begins again at once — an import's next
batch, the worker's next job — wins the lock back nearly every time, and a colleague's
sign-in or save polls until its busy timeout runs out and answers 503 (issue 10.1).

So a person's write says that it waits, and background work lets it go first. The
signal crosses processes (``salescrm serve --workers 2`` runs two, and the worker may
run apart): a person's writer holds a *shared* ``flock`` on ``<database>-writers``
while it waits for SQLite's lock; a background writer, before it begins, tries an
*exclusive* lock on the same file without blocking, and while that fails someone is
waiting: it sleeps a moment and tries again, up to ``BACKGROUND_YIELDS_AT_MOST`` so
that the import still moves while people keep writing. The kernel drops the locks of
a process that dies, so a crash leaves nobody waiting behind a stale signal.
"""

from __future__ import annotations

import fcntl
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import IO

# Background work waits at most this long for people's writes (then takes its turn).
BACKGROUND_YIELDS_AT_MOST = 2.0
POLL_SECONDS = 0.002

_files = threading.local()  # one open file per thread and database: flock is per file


def _signal_file(database: str) -> IO[bytes]:
    opened: dict[str, IO[bytes]] = getattr(_files, "opened", None) or {}
    _files.opened = opened
    f = opened.get(database)
    if f is None:
        # Closed with the thread's locals when the thread ends.
        f = opened[database] = open(f"{database}-writers", "ab")  # noqa: SIM115
    return f


def _signalled(database: str | None) -> bool:
    return database is not None and database not in ("", ":memory:") \
        and not database.startswith("file:")


@contextmanager
def person_waiting(database: str | None) -> Iterator[None]:
    """Around a person's BEGIN IMMEDIATE: background writers hold back meanwhile."""
    if not _signalled(database):
        yield
        return
    assert database is not None
    f = _signal_file(database)
    fcntl.flock(f, fcntl.LOCK_SH)  # blocks only for a background writer's instant probe
    try:
        yield
    finally:
        fcntl.flock(f, fcntl.LOCK_UN)


def let_people_go_first(database: str | None) -> float:
    """Before a background BEGIN IMMEDIATE: wait while someone's write waits (at most
    ``BACKGROUND_YIELDS_AT_MOST``). Returns the seconds waited."""
    if not _signalled(database):
        return 0.0
    assert database is not None
    f = _signal_file(database)
    started = time.monotonic()
    while True:
        try:
            fcntl.flock(f, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            waited = time.monotonic() - started
            if waited >= BACKGROUND_YIELDS_AT_MOST:
                return waited
            time.sleep(POLL_SECONDS)
            continue
        fcntl.flock(f, fcntl.LOCK_UN)
        return time.monotonic() - started
