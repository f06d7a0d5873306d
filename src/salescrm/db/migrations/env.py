from __future__ import annotations

from typing import Any, Literal

from alembic import context

import salescrm.models  # noqa: F401  (registers every table)
from salescrm.db.base import Base
from salescrm.db.engine import make_engine
from salescrm.db.types import Fixed, Money, UTCDateTime

config = context.config
target_metadata = Base.metadata


def render_item(type_: str, obj: Any, autogen_context: Any) -> str | Literal[False]:
    """Write our column types into new migrations as plain SQLAlchemy types with the same
    DDL, so a migration never imports the app (whose types may change later)."""
    if type_ != "type":
        return False
    if isinstance(obj, UTCDateTime):
        return "sa.DateTime(timezone=True)"
    if isinstance(obj, Money):
        return 'sa.Numeric(18, 2).with_variant(sa.BigInteger(), "sqlite")'
    if isinstance(obj, Fixed):
        return f'sa.Numeric(18, {obj.scale}).with_variant(sa.BigInteger(), "sqlite")'
    return False


def run_migrations_online() -> None:
    url = config.get_main_option("sqlalchemy.url")
    assert url
    engine = make_engine(url)
    with engine.connect() as connection:
        context.configure(
            connection=connection,
            target_metadata=target_metadata,
            render_as_batch=connection.dialect.name == "sqlite",
            compare_type=True,
            render_item=render_item,
        )
        with context.begin_transaction():
            context.run_migrations()
    engine.dispose()


run_migrations_online()
