"""The real HTTP server: ``salescrm serve --workers 2`` as a subprocess on a free port.

Sign in, create and read an account over real HTTP; both processes answer (each
binds its own SO_REUSEPORT socket, the kernel spreads connections); SIGTERM shuts
everything down cleanly.
"""

from __future__ import annotations

import contextlib
import http.client
import json
import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

REPO = Path(__file__).resolve().parents[2]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def cli_env(database_url: str, **extra: str) -> dict[str, str]:
    return dict(os.environ, SALESCRM_DATABASE_URL=database_url,
                PYTHONPATH=os.pathsep.join([str(REPO), os.environ.get("PYTHONPATH", "")]),
                **extra)


def salescrm(env: dict[str, str], *args: str, timeout: float = 120
             ) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "salescrm.cli", *args], env=env, cwd=REPO,
                          capture_output=True, text=True, timeout=timeout)


def request(port: int, method: str, path: str, body: Any = None,
            token: str | None = None) -> tuple[int, Any, int]:
    """One request on a new connection; returns (status, JSON, pid of the server process)."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    headers = {"Content-Type": "application/json", "Accept-Language": "en"}
    if token:
        headers["Authorization"] = f"Bearer {token}"
    conn.request(method, path, body=json.dumps(body) if body is not None else None,
                 headers=headers)
    response = conn.getresponse()
    data = response.read()
    pid = serving_pid(port, conn.sock.getsockname()[1])
    conn.close()
    return response.status, json.loads(data) if data else None, pid


def serving_pid(server_port: int, client_port: int) -> int:
    """The process holding the server side of our TCP connection (from /proc)."""
    inode = None
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        with open(table) as f:
            for line in f.readlines()[1:]:
                parts = line.split()
                local, remote = parts[1], parts[2]
                if (int(local.rsplit(":", 1)[1], 16) == server_port
                        and int(remote.rsplit(":", 1)[1], 16) == client_port):
                    inode = parts[9]
    assert inode is not None, "no server-side socket for our connection"
    for pid in os.listdir("/proc"):
        if not pid.isdigit():
            continue
        try:
            fds = os.listdir(f"/proc/{pid}/fd")
            for fd in fds:
                if os.readlink(f"/proc/{pid}/fd/{fd}") == f"socket:[{inode}]":
                    return int(pid)
        except OSError:
            continue
    raise AssertionError("no process owns the server socket")


def children(pid: int) -> set[int]:
    with open(f"/proc/{pid}/task/{pid}/children") as f:
        return {int(p) for p in f.read().split()}


def server_processes(pid: int) -> set[int]:
    """The children that serve (not multiprocessing's resource tracker)."""
    found = set()
    for child in children(pid):
        try:
            with open(f"/proc/{child}/cmdline", "rb") as f:
                if b"spawn_main" in f.read():
                    found.add(child)
        except OSError:
            continue
    return found


def wait_until_up(port: int, proc: subprocess.Popen[bytes], timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        assert proc.poll() is None, "the server exited during start-up"
        try:
            if request(port, "GET", "/api/health")[0] == 200:
                return
        except (OSError, AssertionError):
            pass
        time.sleep(0.2)
    raise AssertionError("the server did not come up")


@pytest.fixture
def sqlite_database(tmp_path: Path) -> str:
    url = f"sqlite:///{tmp_path / 'serve.db'}"
    env = cli_env(url)
    assert salescrm(env, "migrate").returncode == 0
    created = salescrm(env, "tenant", "create", "--name", "HTTP Co",
                       "--admin-email", "boss@http.example", "--admin-password", "secret-pass-1")
    assert created.returncode == 0, created.stdout + created.stderr
    return url


@contextlib.contextmanager
def two_process_server(database_url: str, tmp_path: Path
                       ) -> Iterator[tuple[int, subprocess.Popen[bytes]]]:
    """``salescrm serve --workers 2`` on a free port, up and answering; killed after."""
    port = free_port()
    with (tmp_path / "serve.log").open("wb") as log:
        server = subprocess.Popen(
            [sys.executable, "-m", "salescrm.cli", "serve", "--port", str(port),
             "--workers", "2"], env=cli_env(database_url), cwd=REPO, stdout=log,
            stderr=subprocess.STDOUT, start_new_session=True)
        try:
            wait_until_up(port, server)
            yield port, server
        finally:
            if server.poll() is None:
                os.killpg(server.pid, signal.SIGKILL)
                server.wait(10)


def test_serve_with_two_processes_over_real_http(sqlite_database: str, tmp_path: Path) -> None:
    with two_process_server(sqlite_database, tmp_path) as (port, server):
        status, body, _ = request(port, "POST", "/api/v1/auth/login",
                                  {"email": "boss@http.example", "password": "secret-pass-1"})
        assert status == 200, body
        token = body["access_token"]

        status, account, _ = request(port, "POST", "/api/v1/accounts",
                                     {"name": "上海远景贸易有限公司", "province": "上海"}, token)
        assert status == 201, account
        status, got, _ = request(port, "GET", f"/api/v1/accounts/{account['id']}", None, token)
        assert status == 200 and got["name"] == "上海远景贸易有限公司"
        assert request(port, "GET", "/api/v1/me")[0] == 401

        # Each new connection is handed by the kernel to one of the two processes. The
        # second may still be starting on a busy machine (it listens once its app is
        # built): keep asking for up to a minute rather than a fixed number of times.
        workers = children(server.pid)
        served_by = set()
        deadline = time.monotonic() + 60
        while len(served_by) < 2 and time.monotonic() < deadline:
            status, got, pid = request(port, "GET", f"/api/v1/accounts/{account['id']}",
                                       None, token)
            assert status == 200 and got["id"] == account["id"]
            served_by.add(pid)
            if len(served_by) < 2:
                time.sleep(0.05)
        assert len(served_by) == 2 and served_by <= workers, (served_by, workers)

        server.send_signal(signal.SIGTERM)
        assert server.wait(30) == 0, "SIGTERM ends the server cleanly"
        # The processes are gone (multiprocessing's resource tracker, also a child,
        # exits on its own once the others have: give a loaded machine a moment).
        deadline = time.monotonic() + 15
        while time.monotonic() < deadline and not all(_gone(pid) for pid in workers):
            time.sleep(0.1)
        assert all(_gone(pid) for pid in workers)
        with pytest.raises(OSError):
            socket.create_connection(("127.0.0.1", port), timeout=2).close()


def _gone(pid: int) -> bool:
    return not Path(f"/proc/{pid}").exists() or _is_zombie(pid)


def _is_zombie(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat") as f:
            return f.read().split(")")[-1].split()[0] == "Z"
    except OSError:
        return True


def test_serve_restarts_a_server_process_that_dies(sqlite_database: str, tmp_path: Path) -> None:
    """One of two processes is SIGKILLed (as the kernel's OOM killer would): the port
    keeps answering from the other, and the parent starts a replacement."""
    with two_process_server(sqlite_database, tmp_path) as (port, server):
        before = server_processes(server.pid)
        assert len(before) == 2
        victim = request(port, "GET", "/api/health")[2]
        os.kill(victim, signal.SIGKILL)

        deadline = time.monotonic() + 60
        answered = 0
        while time.monotonic() < deadline:
            try:
                status, _, _ = request(port, "GET", "/api/health")
                answered += status == 200
            except (OSError, AssertionError):
                pass  # a connection the kernel had queued on the killed process's socket
            now = server_processes(server.pid)
            if len(now) == 2 and victim not in now and answered >= 3:
                break
            time.sleep(0.2)
        now = server_processes(server.pid)
        assert len(now) == 2 and victim not in now, (before, now)
        assert answered >= 3, "the port kept answering while the process was replaced"
        # The replacement serves too: new connections reach both processes again.
        served_by: set[int] = set()
        deadline = time.monotonic() + 60
        while served_by != now and time.monotonic() < deadline:
            served_by.add(request(port, "GET", "/api/health")[2])
        assert served_by == now

        server.send_signal(signal.SIGTERM)
        assert server.wait(30) == 0, "SIGTERM still ends the server cleanly"
