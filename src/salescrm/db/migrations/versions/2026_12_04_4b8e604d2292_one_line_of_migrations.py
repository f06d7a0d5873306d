"""one line of migrations: join the eight heads the modules grew from the initial schema

Every database upgraded before this revision holds these six heads in alembic_version;
the other two of the eight (36e42b0bd0a6, f26e342760c4) were reached only through
``depends_on`` and are now down revisions of b3d1f0a7c2e5 and 50f9e7edbaee. From here
on there is one head, and a new migration revises it.

Revision ID: 4b8e604d2292
Revises: 23e44937a598, 4e0055e477bd, cba308d73e1d, fd70213ead82, b3d1f0a7c2e5,
    c4e8a1f2b7d9
Create Date: 2026-12-04 18:38:31
"""
from __future__ import annotations

from collections.abc import Sequence

revision: str = "4b8e604d2292"
down_revision: str | Sequence[str] | None = (
    "23e44937a598",  # list views
    "4e0055e477bd",  # collaboration
    "cba308d73e1d",  # low-code platform
    "fd70213ead82",  # orders, activities → order lines snapshot
    "b3d1f0a7c2e5",  # analytics → … → reference data read-only
    "c4e8a1f2b7d9",  # imports → … → job priority
)
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    pass  # a merge point: no schema change


def downgrade() -> None:
    pass
