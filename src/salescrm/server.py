"""Run uvicorn, one or several processes on one port.

``uvicorn --workers N`` let one process take every keep-alive connection in the
reference benchmark; here each process binds its own SO_REUSEPORT socket so the
kernel balances connections between them.
"""

from __future__ import annotations

import multiprocessing
import os
import signal
import socket

import uvicorn


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
    ctx = multiprocessing.get_context("spawn")
    # Only the first process runs the embedded worker thread.
    procs = [ctx.Process(target=_run, args=(host, port, log_level, embedded and i == 0))
             for i in range(workers)]
    for p in procs:
        p.start()

    def stop(*_: object) -> None:
        for p in procs:
            if p.pid:
                os.kill(p.pid, signal.SIGTERM)

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    for p in procs:
        p.join()
