"""reference data (pipelines, products, price books, campaigns, lead routing) is read-only
for the built-in sales managers and reps of existing tenants

Revision ID: b3d1f0a7c2e5
Revises: 9a4b6c8d0e12, 36e42b0bd0a6
Create Date: 2026-12-04 16:00:00
"""
from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy import Text
from sqlalchemy.dialects import postgresql

revision: str = "b3d1f0a7c2e5"
# Campaigns and lead assignment rules come with the leads module's branch. Until
# 4b8e604d2292 this was ``depends_on = "36e42b0bd0a6"``, which left 36e42b0bd0a6 a head
# nothing revises; as a second down revision it is one (alembic_version is the same).
down_revision: str | Sequence[str] | None = ("9a4b6c8d0e12", "36e42b0bd0a6")
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

JSON = sa.JSON().with_variant(postgresql.JSONB(astext_type=Text()), "postgresql")
# As platform/org/roles.py says for new tenants (copied: migrations do not import the app).
REFERENCE_DATA = ("pipelines", "products", "price_books", "price_book_entries", "campaigns",
                  "lead_assignment_rules")
ROLES = sa.table("roles", sa.column("id", sa.String), sa.column("key", sa.String),
                 sa.column("builtin", sa.Boolean), sa.column("permissions", JSON))


def _builtin_sales_roles() -> list[tuple[str, dict[str, list[str]]]]:
    conn = op.get_bind()
    rows = conn.execute(sa.select(ROLES.c.id, ROLES.c.permissions).where(
        ROLES.c.key.in_(("sales_manager", "sales_rep")), ROLES.c.builtin.is_(True))).all()
    return [(role_id, dict(permissions or {})) for role_id, permissions in rows]


def upgrade() -> None:
    """Only roles still granting everything through "*" change: an administrator who
    already named one of these objects in a built-in role keeps that choice."""
    conn = op.get_bind()
    for role_id, permissions in _builtin_sales_roles():
        if "*" not in permissions:
            continue
        added = {name: ["read"] for name in REFERENCE_DATA if name not in permissions}
        if added:
            conn.execute(ROLES.update().where(ROLES.c.id == role_id)
                         .values(permissions={**permissions, **added}))


def downgrade() -> None:
    conn = op.get_bind()
    for role_id, permissions in _builtin_sales_roles():
        kept = {k: v for k, v in permissions.items()
                if not (k in REFERENCE_DATA and v == ["read"])}
        if kept != permissions:
            conn.execute(ROLES.update().where(ROLES.c.id == role_id).values(permissions=kept))
