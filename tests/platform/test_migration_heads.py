"""One line of migrations: a single head, and databases made when there were eight
heads (alembic_version held six of them) upgrade onto it with their data, on SQLite
and PostgreSQL."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from alembic import command
from alembic.script import ScriptDirectory
from sqlalchemy import create_engine, insert, select, text
from sqlalchemy.engine import make_url

from salescrm.db.engine import normalize_url
from salescrm.db.migrate import alembic_config, upgrade

# What alembic_version held on every database upgraded before the merge revision.
OLD_HEADS = {"23e44937a598", "4e0055e477bd", "cba308d73e1d", "fd70213ead82",
             "b3d1f0a7c2e5", "c4e8a1f2b7d9"}
PG_URL = os.environ.get("SALESCRM_TEST_POSTGRES_URL", "")


def test_there_is_one_head() -> None:
    script = ScriptDirectory.from_config(alembic_config("sqlite://"))
    assert len(script.get_heads()) == 1, script.get_heads()


@pytest.fixture(params=[
    pytest.param("sqlite", id="sqlite"),
    pytest.param("postgresql", id="postgresql", marks=[
        pytest.mark.postgres,
        pytest.mark.skipif(not PG_URL, reason="SALESCRM_TEST_POSTGRES_URL is not set")]),
])
def empty_database(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """An empty database of its own (the tests' shared one must stay at the head)."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'heads.db'}"
        return
    name = f"salescrm_heads_{uuid.uuid4().hex[:8]}"
    admin = create_engine(normalize_url(PG_URL), isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield make_url(PG_URL).set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


def _versions(url: str) -> set[str]:
    engine = create_engine(normalize_url(url))
    try:
        with engine.connect() as conn:
            return set(conn.scalars(text("SELECT version_num FROM alembic_version")))
    finally:
        engine.dispose()


def test_a_database_at_the_old_heads_upgrades_onto_the_one_head(empty_database: str) -> None:
    from salescrm.models import Account, Tenant

    url = empty_database
    cfg = alembic_config(url)
    # Built head by head, as databases were before the merge revision existed.
    for head in sorted(OLD_HEADS):
        command.upgrade(cfg, head)
    assert _versions(url) == OLD_HEADS
    t0 = datetime(2026, 1, 1, tzinfo=UTC)
    engine = create_engine(normalize_url(url))
    try:
        with engine.begin() as conn:
            conn.execute(insert(Tenant.__table__).values(
                id="t1", name="Old", created_at=t0, updated_at=t0))
            conn.execute(insert(Account.__table__).values(
                id="a1", tenant_id="t1", version=1, custom={}, created_at=t0, updated_at=t0,
                name="旧客户"))
        upgrade(url)
        head = ScriptDirectory.from_config(cfg).get_current_head()
        assert _versions(url) == {head}
        with engine.connect() as conn:
            assert conn.scalar(select(Account.name).where(Account.id == "a1")) == "旧客户"
        upgrade(url)  # again: nothing to do
        assert _versions(url) == {head}
    finally:
        engine.dispose()
