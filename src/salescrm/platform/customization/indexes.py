"""PostgreSQL indexes for custom fields marked ``filterable`` (or ``unique``).

A custom field lives in the ``custom`` JSON column, so its index is an expression
index on exactly the expression the list filters use (``records.query.column``):
the planner only uses an expression index whose expression matches the query's.
Each index is partial to one tenant (and, for custom records, one object): another
tenant may have a field of the same name but another type, whose values would not
cast. SQLite needs no index for the sizes it serves; nothing is done there.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable
from typing import cast

from sqlalchemy import text
from sqlalchemy.dialects import postgresql
from sqlalchemy.engine import Dialect

from salescrm.platform.metadata import FieldDef, ObjectDef
from salescrm.platform.records.query import column
from salescrm.platform.tenancy import Context

SAFE = re.compile(r"^[A-Za-z0-9_\-]+$")


def index_name(ctx: Context, obj: ObjectDef, f: FieldDef) -> str:
    key = f"{obj.model.__tablename__}|{ctx.tenant_id}|{obj.api_name}|{f.api_name}|{f.type}"
    return "ix_cf_" + hashlib.sha1(key.encode()).hexdigest()[:24]


def _is_postgres(ctx: Context) -> bool:
    return ctx.session.get_bind().dialect.name == "postgresql"


def index_sql(ctx: Context, obj: ObjectDef, f: FieldDef) -> str:
    table = obj.model.__tablename__
    # SQLAlchemy leaves its dialect constructors unannotated.
    dialect = cast("Callable[[], Dialect]", postgresql.dialect)()
    expr = str(column(obj, f).compile(dialect=dialect,
                                      compile_kwargs={"literal_binds": True}))
    expr = expr.replace(f"{table}.", "")
    parts = [ctx.tenant_id, obj.api_name, table]
    if not all(SAFE.match(p) for p in parts):  # names are checked on the way in; be sure
        raise ValueError("unsafe name in index definition")
    predicate = f"tenant_id = '{ctx.tenant_id}'"
    if obj.record_filter:
        predicate += f" AND {obj.record_filter[0]} = '{obj.api_name}'"
    # (value, created_at, id): an equality filter then reads the default order
    # (newest first) straight from the index and stops after one page.
    return (f"CREATE INDEX IF NOT EXISTS {index_name(ctx, obj, f)} ON {table} "
            f"(({expr}), created_at, id) WHERE {predicate}")


def ensure_index(ctx: Context, obj: ObjectDef, f: FieldDef) -> None:
    """Create the field's expression index (in this transaction: PostgreSQL DDL is
    transactional, so a failed request leaves no index behind)."""
    if _is_postgres(ctx):
        ctx.session.execute(text(index_sql(ctx, obj, f)))


def drop_index(ctx: Context, obj: ObjectDef, f: FieldDef) -> None:
    if _is_postgres(ctx):
        ctx.session.execute(text(f"DROP INDEX IF EXISTS {index_name(ctx, obj, f)}"))
