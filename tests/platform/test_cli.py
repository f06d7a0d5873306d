"""The ``salescrm`` command line, run as a real process against a fresh database:
``migrate``, ``check``, ``tenant create``, ``user create`` and ``worker --once``."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import func, select

from salescrm.config import Settings
from tests.conftest import BACKENDS, PG_URL, _create_pg_database, _drop_pg_database
from tests.platform.test_server import cli_env, salescrm


@pytest.fixture(params=BACKENDS)
def fresh_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """An empty database (no schema yet) on each backend."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'cli.db'}"
        return
    assert PG_URL
    url = _create_pg_database()
    try:
        yield url
    finally:
        _drop_pg_database(url)


def sign_in(url: str, email: str, password: str) -> dict:
    from salescrm.app import create_app

    app = create_app(Settings(database_url=url, embedded_worker=False), start_worker=False)
    with TestClient(app) as client:
        r = client.post("/api/v1/auth/login", json={"email": email, "password": password})
        assert r.status_code == 200, r.text
        me = client.get("/api/v1/me", headers={
            "Authorization": f"Bearer {r.json()['access_token']}"})
        assert me.status_code == 200
        return me.json()  # type: ignore[no-any-return]


def tenant_count(url: str) -> int:
    from salescrm.db.engine import get_engine, make_sessionmaker
    from salescrm.models import Tenant

    with make_sessionmaker(get_engine(url))() as s:
        return int(s.scalar(select(func.count()).select_from(Tenant)) or 0)


def test_migrate_check_tenant_and_user_create_from_the_command_line(fresh_url: str) -> None:
    env = cli_env(fresh_url)
    before = salescrm(env, "check")
    assert before.returncode == 1, "check fails on a database without schema"
    assert "connection" in before.stdout

    migrated = salescrm(env, "migrate")
    assert migrated.returncode == 0, migrated.stdout + migrated.stderr
    assert "up to date" in migrated.stdout
    after = salescrm(env, "check")
    assert after.returncode == 0, after.stdout
    assert "ok" in after.stdout and "schema revision" in after.stdout
    assert "None" not in after.stdout

    # tenant create / user create give accounts that can sign in
    admin_email = f"owner-{uuid.uuid4().hex[:6]}@cli.example"
    created = salescrm(env, "tenant", "create", "--name", "命令行公司", "--admin-email",
                       admin_email, "--admin-password", "harbor-lights-1", "--locale", "en")
    assert created.returncode == 0, created.stdout + created.stderr
    tenant_id = created.stdout.split("tenant ", 1)[1].split()[0]
    admin = sign_in(fresh_url, admin_email, "harbor-lights-1")
    assert admin["tenant_id"] == tenant_id and "admin" in admin["roles"]

    rep_email = f"rep-{uuid.uuid4().hex[:6]}@cli.example"
    user = salescrm(env, "user", "create", "--tenant-id", tenant_id, "--name", "Li Lei",
                    "--email", rep_email, "--password", "rep-pass-12", "--role", "sales_manager")
    assert user.returncode == 0, user.stdout + user.stderr
    rep = sign_in(fresh_url, rep_email, "rep-pass-12")
    assert rep["tenant_id"] == tenant_id and rep["roles"] == ["sales_manager"]

    # The same e-mail again: a clear error, exit code 1, nothing written.
    again = salescrm(env, "tenant", "create", "--name", "Copy Co", "--admin-email",
                     admin_email, "--admin-password", "harbor-lights-1")
    assert again.returncode == 1
    assert "email" in again.stdout
    assert tenant_count(fresh_url) == 1

    bad = salescrm(env, "user", "create", "--tenant-id", tenant_id, "--name", "Short",
                   "--email", f"x-{uuid.uuid4().hex[:6]}@cli.example", "--password", "short")
    assert bad.returncode == 1 and "password" in bad.stdout

    worker = salescrm(env, "worker", "--once")
    assert worker.returncode == 0, worker.stdout + worker.stderr
    assert "ran" in worker.stdout
