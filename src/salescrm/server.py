"""Run uvicorn, one or several processes on one port.

``uvicorn --workers N`` let one process take every keep-alive connection in the
reference benchmark; here each process binds its own SO_REUSEPORT socket so the
kernel balances connections between them. The parent supervises them: a process
that dies is started again (with a backoff), so one killed process does not leave
the port at half capacity until someone notices.
"""

from __future__ import annotations

import logging
import multiprocessing
import os
import signal
import socket
import time
from multiprocessing.connection import wait
from multiprocessing.process import BaseProcess

import uvicorn

log = logging.getLogger("salescrm.server")
# A dead process is replaced after 1 s, then 2, 4 … 30 s while replacements keep
# dying within a minute of their start.
RESTART_FIRST = 1.0
RESTART_MAX = 30.0
STABLE_SECONDS = 60.0


def _socket(host: str, port: int) -> socket.socket:
    sock = socket.socket(socket.AF_INET6 if ":" in host else socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEPORT, 1)
    sock.bind((host, port))
    sock.listen(2048)
    sock.set_inheritable(True)
    return sock


def _run(host: str, port: int, log_level: str, embedded_worker: bool) -> None:
    from salescrm.app import create_app

    app = create_app(start_worker=embedded_worker)
    config = uvicorn.Config(app, log_level=log_level, access_log=False, lifespan="on",
                            http="httptools", loop="uvloop")
    uvicorn.Server(config).run(sockets=[_socket(host, port)])


def serve(host: str, port: int, workers: int = 1, log_level: str = "warning") -> None:
    from salescrm.config import get_settings

    embedded = get_settings().embedded_worker
    if workers <= 1:
        _run(host, port, log_level, embedded)
        return
    Supervisor(host, port, workers, log_level, embedded).run()


class Supervisor:
    """Starts N server processes and keeps them at N: a process that dies (killed for
    memory, a crash in a C extension) is started again, after a backoff that doubles
    while its replacements keep dying soon after start (no crash loop at full speed).
    SIGTERM/SIGINT are passed on to the processes, which finish their requests."""

    def __init__(self, host: str, port: int, workers: int, log_level: str,
                 embedded: bool) -> None:
        self.args = (host, port, log_level)
        self.embedded = embedded
        self.context = multiprocessing.get_context("spawn")
        self.stopping = False
        self.procs: dict[int, BaseProcess] = {}
        self.started: dict[int, float] = {}
        self.delay: dict[int, float] = dict.fromkeys(range(workers), 0.0)
        self.restart_at: dict[int, float] = {}

    def _start(self, slot: int) -> None:
        host, port, log_level = self.args
        # Only the first process runs the embedded worker thread (its replacement too).
        proc = self.context.Process(target=_run, args=(host, port, log_level,
                                                       self.embedded and slot == 0))
        proc.start()
        self.procs[slot] = proc
        self.started[slot] = time.monotonic()

    def _stop(self, *_: object) -> None:
        self.stopping = True
        for proc in self.procs.values():
            if proc.pid and proc.is_alive():
                os.kill(proc.pid, signal.SIGTERM)

    def _notice_deaths(self) -> None:
        now = time.monotonic()
        for slot, proc in self.procs.items():
            if proc.is_alive() or slot in self.restart_at:
                continue
            lived = now - self.started[slot]
            delay = RESTART_FIRST if lived >= STABLE_SECONDS else min(
                max(self.delay[slot] * 2, RESTART_FIRST), RESTART_MAX)
            self.delay[slot] = delay
            self.restart_at[slot] = now + delay
            log.warning("server process %s exited with %s after %.0f s; restarting in %.0f s",
                        proc.pid, proc.exitcode, lived, delay)

    def run(self) -> None:
        for slot in self.delay:
            self._start(slot)
        signal.signal(signal.SIGTERM, self._stop)
        signal.signal(signal.SIGINT, self._stop)
        while not self.stopping:
            wait([p.sentinel for s, p in self.procs.items() if s not in self.restart_at],
                 timeout=0.5)
            if self.stopping:
                break
            self._notice_deaths()
            now = time.monotonic()
            for slot, at in list(self.restart_at.items()):
                if at <= now and not self.stopping:
                    del self.restart_at[slot]
                    self.procs[slot].close()
                    self._start(slot)
        for proc in self.procs.values():
            proc.join()
