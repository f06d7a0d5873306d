"""End-to-end fixtures: a real `salescrm serve` on a free port with a temporary SQLite
database, the built web app, and Debian's Chromium driven by Playwright.

Every test signs up its own company (tenants are isolated), so tests share one server
and never see each other's data. Each test leaves a screenshot in tests/e2e/artifacts/.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
import pytest
from playwright.sync_api import expect

CHROMIUM = "/usr/bin/chromium"
ROOT = Path(__file__).resolve().parents[2]
WEB = ROOT / "web"
ARTIFACTS = Path(__file__).parent / "artifacts"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    # One worker runs them all: they share the server and the browser.
    for item in items:
        if item.get_closest_marker("e2e"):
            item.add_marker(pytest.mark.xdist_group("e2e"))
            if not Path(CHROMIUM).exists():
                item.add_marker(pytest.mark.skip(
                    reason=f"{CHROMIUM} is missing: apt-get install -y chromium"))


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _ensure_web_built() -> None:
    if (WEB / "dist" / "index.html").is_file():
        return
    if not (WEB / "node_modules").is_dir():
        subprocess.run(["npm", "ci", "--no-audit", "--no-fund"], cwd=WEB, check=True)
    subprocess.run(["npm", "run", "build"], cwd=WEB, check=True)


@dataclass
class Server:
    url: str
    log: Path
    env: dict[str, str] = field(default_factory=dict)

    def run_jobs(self) -> None:
        """Run the queued background jobs (an import) once: the server runs no worker."""
        subprocess.run([sys.executable, "-m", "salescrm.cli", "worker", "--once"],
                       env=self.env, check=True, capture_output=True, timeout=120)

    def signup(self, company: str | None = None) -> dict[str, Any]:
        """A new company with its admin; returns email, password and the token."""
        email = f"admin-{uuid.uuid4().hex[:10]}@e2e.test"
        password = "Tr0ut-canyon-58"
        r = httpx.post(f"{self.url}/api/v1/signup", json={
            "company": company or f"E2E {uuid.uuid4().hex[:6]}", "email": email,
            "password": password, "name": "Ada Admin"})
        assert r.status_code == 201, r.text
        return {"email": email, "password": password, "token": r.json()["access_token"]}

    def api(self, token: str, method: str, path: str, json: Any = None) -> Any:
        r = httpx.request(method, f"{self.url}/api/v1/{path}", json=json,
                          headers={"Authorization": f"Bearer {token}",
                                   "Accept-Language": "en"})
        assert r.status_code < 400, f"{method} {path}: {r.status_code} {r.text}"
        return r.json() if r.content else None


@pytest.fixture(scope="session")
def live_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    if not Path(CHROMIUM).exists():
        pytest.skip(f"{CHROMIUM} is missing: apt-get install -y chromium")
    _ensure_web_built()
    tmp = tmp_path_factory.mktemp("e2e")
    env = {**os.environ,
           "SALESCRM_DATABASE_URL": f"sqlite:///{tmp / 'salescrm.db'}",
           "SALESCRM_ALLOW_SIGNUP": "true",
           # The in-process job worker writes while requests write; on SQLite that races
           # ("database is locked" on a read→write upgrade). The flows here need no jobs.
           "SALESCRM_EMBEDDED_WORKER": "false",
           "SALESCRM_WEB_DIST": str(WEB / "dist"),
           "SALESCRM_PASSWORD_TIME_COST": "1",
           "SALESCRM_PASSWORD_MEMORY_COST": "8192"}
    subprocess.run([sys.executable, "-m", "salescrm.cli", "migrate"], env=env, check=True,
                   capture_output=True)
    port = _free_port()
    log = tmp / "server.log"
    with log.open("w") as out:
        proc = subprocess.Popen([sys.executable, "-m", "salescrm.cli", "serve", "--host",
                                 "127.0.0.1", "--port", str(port)], env=env, stdout=out,
                                stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                if httpx.get(f"{url}/api/openapi.json", timeout=2).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            if proc.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"server did not start:\n{log.read_text()[-3000:]}")
            time.sleep(0.3)
        yield Server(url, log, env)
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()


@pytest.fixture(scope="session")
def browser(live_server: Server) -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield b
        b.close()


def _new_page(browser: Any, request: pytest.FixtureRequest, full_page: bool = True,
              **context: Any) -> Iterator[Any]:
    ctx = browser.new_context(**{"viewport": {"width": 1366, "height": 860}, "locale": "en-US",
                                 **context})
    # CI runs the suite on two cores beside the server under test and Chromium: a
    # step that takes a second on a quiet machine can take ten. Waits are generous;
    # a real failure only takes longer to report.
    ctx.set_default_timeout(30_000)
    expect.set_options(timeout=15_000)
    page = ctx.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    yield page
    ARTIFACTS.mkdir(exist_ok=True)
    name = request.node.name.replace("/", "_")
    try:
        page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=full_page)
    finally:
        ctx.close()
    assert not errors, f"uncaught errors in the page: {errors}"


@pytest.fixture
def page(browser: Any, request: pytest.FixtureRequest) -> Iterator[Any]:
    yield from _new_page(browser, request)


@pytest.fixture
def phone(browser: Any, request: pytest.FixtureRequest) -> Iterator[Any]:
    """A 390×844 phone (touch, mobile user agent) in Chinese."""
    # What the person sees on the screen (a full-page capture misplaces sticky bars).
    yield from _new_page(browser, request, full_page=False, viewport={"width": 390, "height": 844},
                         device_scale_factor=2, is_mobile=True, has_touch=True,
                         locale="zh-CN")


@pytest.fixture
def company(live_server: Server) -> dict[str, Any]:
    return live_server.signup()


def sign_in(page: Any, server: Server, company: dict[str, Any]) -> None:
    page.goto(f"{server.url}/login")
    page.locator("#email").fill(company["email"])
    page.locator("#password").fill(company["password"])
    page.locator("button[type=submit]").click()
    page.get_by_test_id("my-day").wait_for()


def choose_option(page: Any, select: Any, text: str) -> None:
    """Open an Ant Design select and pick the option whose whole text is ``text``.

    On a loaded machine a click during the drop-down's opening animation can miss, and
    the select keeps its old value: check that it shows the choice, else try again."""
    import re

    from playwright.sync_api import TimeoutError as PlaywrightTimeout
    from playwright.sync_api import expect

    option = page.locator(".ant-select-item-option:visible").filter(
        has_text=re.compile(f"^{re.escape(text)}$")).first
    for attempt in range(3):
        select.click()
        try:
            option.click(timeout=5000)
            expect(select).to_contain_text(text, timeout=5000)
            return
        except (PlaywrightTimeout, AssertionError):
            if attempt == 2:
                raise
            page.keyboard.press("Escape")


@dataclass
class DemoCompany:
    """The demo company (a tenth of its customers) on the e2e server: its admin and a rep."""

    admin: dict[str, Any]
    rep: dict[str, Any]


def _login(server: Server, email: str) -> dict[str, Any]:
    password = "Tr0ut-canyon-58"
    r = httpx.post(f"{server.url}/api/v1/auth/login", json={"email": email, "password": password})
    assert r.status_code == 200, r.text
    return {"email": email, "password": password, "token": r.json()["access_token"]}


@pytest.fixture(scope="session")
def demo_company(live_server: Server) -> DemoCompany:
    """Loaded once through the demo seeder (`salescrm demo`), in Chinese."""
    domain = f"{uuid.uuid4().hex[:8]}.demo.e2e"
    script = ("import sys\nfrom salescrm.cli import _sessions\nfrom salescrm.demo import load_demo\n"
              "with _sessions()() as s:\n"
              "    load_demo(s, email=sys.argv[1], password=sys.argv[2], scale=0.1)\n"
              "    s.commit()\n")
    subprocess.run([sys.executable, "-c", script, f"admin@{domain}", "Tr0ut-canyon-58"],
                   env=live_server.env, check=True, capture_output=True, timeout=300)
    return DemoCompany(_login(live_server, f"admin@{domain}"),
                       _login(live_server, f"east.rep1@{domain}"))
