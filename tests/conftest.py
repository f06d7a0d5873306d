"""Test fixtures: every database test runs on SQLite and, when
``SALESCRM_TEST_POSTGRES_URL`` is set, on a throwaway PostgreSQL database too.

Each test builds its own tenant (tenants are isolated by design), so tests never
see each other's data even though they share one migrated database per backend.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path

# Cheap password hashing and no background thread: set before salescrm is imported.
os.environ.setdefault("SALESCRM_PASSWORD_TIME_COST", "1")
os.environ.setdefault("SALESCRM_PASSWORD_MEMORY_COST", "8192")
os.environ["SALESCRM_EMBEDDED_WORKER"] = "false"
os.environ["SALESCRM_ALLOW_SIGNUP"] = "true"
# Webhook tests post to receivers on 127.0.0.1 (test_webhook_destinations.py turns it off).
os.environ["SALESCRM_WEBHOOK_ALLOW_PRIVATE"] = "true"

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from salescrm.config import Settings, get_settings
from tests.factories import Api, TenantFactory

get_settings.cache_clear()
PG_URL = os.environ.get("SALESCRM_TEST_POSTGRES_URL", "")
BACKENDS = [
    pytest.param("sqlite", id="sqlite"),
    pytest.param("postgresql", id="postgresql", marks=[
        pytest.mark.postgres,
        pytest.mark.skipif(not PG_URL, reason="SALESCRM_TEST_POSTGRES_URL is not set"),
    ]),
]


def _create_pg_database() -> str:
    name = f"salescrm_test_{os.getpid()}_{uuid.uuid4().hex[:8]}"
    admin = create_engine(PG_URL.replace("postgresql://", "postgresql+psycopg://", 1),
                          isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    admin.dispose()
    return make_url(PG_URL).set(database=name).render_as_string(hide_password=False)


def _drop_pg_database(url: str) -> None:
    from salescrm.db.engine import get_engine

    get_engine.cache_clear()
    name = make_url(url).database
    admin = create_engine(PG_URL.replace("postgresql://", "postgresql+psycopg://", 1),
                          isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


@pytest.fixture(scope="session", params=BACKENDS)
def database_url(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
                 ) -> Iterator[str]:
    """A migrated database for the whole run, one per backend."""
    from salescrm.db.migrate import upgrade

    if request.param == "sqlite":
        path: Path = tmp_path_factory.mktemp("db") / "salescrm.db"
        url = f"sqlite:///{path}"
        upgrade(url)
        yield url
        return
    url = _create_pg_database()
    try:
        upgrade(url)
        yield url
    finally:
        _drop_pg_database(url)


@pytest.fixture(scope="session")
def settings(database_url: str) -> Settings:
    return Settings(database_url=database_url, embedded_worker=False, allow_signup=True)


@pytest.fixture(scope="session")
def app(settings: Settings):  # type: ignore[no-untyped-def]
    from salescrm.app import create_app

    return create_app(settings, start_worker=False)


@pytest.fixture(scope="session")
def client(app) -> Iterator[TestClient]:  # type: ignore[no-untyped-def]
    with TestClient(app) as c:
        yield c


@pytest.fixture
def sessions(app):  # type: ignore[no-untyped-def]
    return app.state.sessions


@pytest.fixture
def tenants(client: TestClient, sessions) -> TenantFactory:  # type: ignore[no-untyped-def]
    """Make tenants: ``t = tenants.new()``; ``t.admin`` is an Api signed in as admin."""
    return TenantFactory(client, sessions)


@pytest.fixture
def tenant(tenants: TenantFactory):  # type: ignore[no-untyped-def]
    return tenants.new()


@pytest.fixture
def admin(tenant) -> Api:  # type: ignore[no-untyped-def]
    return tenant.admin


@pytest.fixture
def worker(sessions):  # type: ignore[no-untyped-def]
    from salescrm.platform.jobs.worker import Worker

    return Worker(sessions, name="test-worker")
