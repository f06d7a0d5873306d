"""Alembic, configured in code (no alembic.ini to lose): ``upgrade(url)`` and friends."""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config

from salescrm.db.engine import normalize_url

MIGRATIONS = Path(__file__).parent / "migrations"


def alembic_config(url: str) -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    cfg.set_main_option("sqlalchemy.url", normalize_url(url).replace("%", "%%"))
    cfg.set_main_option("file_template", "%%(year)d_%%(month).2d_%%(day).2d_%%(rev)s_%%(slug)s")
    return cfg


def upgrade(url: str, revision: str = "heads") -> None:
    command.upgrade(alembic_config(url), revision)
    analyze(url)


def analyze(url: str) -> None:
    """Refresh planner statistics (SQLite has none until ANALYZE runs)."""
    from salescrm.db.engine import make_engine
    from salescrm.platform.jobs.maintenance import refresh_statistics

    engine = make_engine(url)
    try:
        with engine.begin() as conn:
            refresh_statistics(conn)
    finally:
        engine.dispose()


def revision(url: str, message: str) -> None:
    """Autogenerate a migration from the models (developers: ``make migration m=...``)."""
    command.revision(alembic_config(url), message=message, autogenerate=True)
