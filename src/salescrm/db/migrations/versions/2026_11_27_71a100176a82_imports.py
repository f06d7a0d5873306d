"""imports: uploads, file chunks, row errors, saved mappings, external ids

Revision ID: 71a100176a82
Revises: 4f5c05b78cc2
Create Date: 2026-11-27 10:00:00
"""
from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "71a100176a82"
down_revision: str | None = "4f5c05b78cc2"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


# salescrm.db.types.JSONType, frozen here (a migration never imports the app): JSONB on
# PostgreSQL, JSON text on SQLite.
JSONType = sa.JSON().with_variant(postgresql.JSONB(), "postgresql")

UTC = sa.DateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "imports",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("tenant_id", sa.String(length=36), nullable=False),
        sa.Column("created_at", UTC, nullable=False),
        sa.Column("updated_at", UTC, nullable=False),
        sa.Column("created_by", sa.String(length=36), nullable=True),
        sa.Column("object", sa.String(length=64), nullable=False),
        sa.Column("filename", sa.String(length=255), nullable=False),
        sa.Column("file_format", sa.String(length=10), nullable=False),
        sa.Column("encoding", sa.String(length=20), nullable=True),
        sa.Column("size_bytes", sa.Integer(), nullable=False),
        sa.Column("mapping", JSONType, nullable=False),
        sa.Column("template", sa.String(length=20), nullable=True),
        sa.Column("system", sa.String(length=40), nullable=True),
        sa.Column("mode", sa.String(length=10), nullable=False),
        sa.Column("key", sa.String(length=64), nullable=True),
        sa.Column("dry_run", sa.Boolean(), nullable=False),
        sa.Column("allow_duplicates", sa.Boolean(), nullable=False),
        sa.Column("status", sa.String(length=10), nullable=False),
        sa.Column("total", sa.Integer(), nullable=False),
        sa.Column("created", sa.Integer(), nullable=False),
        sa.Column("updated", sa.Integer(), nullable=False),
        sa.Column("failed", sa.Integer(), nullable=False),
        sa.Column("resume_after", sa.Integer(), nullable=False),
        sa.Column("bytes_read", sa.Integer(), nullable=False),
        sa.Column("warnings", JSONType, nullable=False),
        sa.Column("failure", JSONType, nullable=True),
        sa.Column("started_at", UTC, nullable=True),
        sa.Column("finished_at", UTC, nullable=True),
        sa.ForeignKeyConstraint(["tenant_id"], ["tenants.id"],
                                name=op.f("fk_imports_tenant_id_tenants")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_imports")),
    )
    op.create_index("ix_imports_tenant_created", "imports", ["tenant_id", "created_at"])

    op.create_table(
        "import_file_chunks",
        sa.Column("tenant_id", sa.String(length=36), nullable=False),
        sa.Column("import_id", sa.String(length=36), nullable=False),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("data", sa.LargeBinary(), nullable=False),
        sa.ForeignKeyConstraint(["tenant_id"], ["tenants.id"],
                                name=op.f("fk_import_file_chunks_tenant_id_tenants")),
        sa.ForeignKeyConstraint(["import_id"], ["imports.id"], ondelete="CASCADE",
                                name=op.f("fk_import_file_chunks_import_id_imports")),
        sa.PrimaryKeyConstraint("import_id", "seq", name=op.f("pk_import_file_chunks")),
    )

    op.create_table(
        "import_errors",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("tenant_id", sa.String(length=36), nullable=False),
        sa.Column("import_id", sa.String(length=36), nullable=False),
        sa.Column("row", sa.Integer(), nullable=False),
        sa.Column("field", sa.String(length=255), nullable=False),
        sa.Column("code", sa.String(length=100), nullable=False),
        sa.Column("params", JSONType, nullable=False),
        sa.Column("cells", JSONType, nullable=True),
        sa.ForeignKeyConstraint(["tenant_id"], ["tenants.id"],
                                name=op.f("fk_import_errors_tenant_id_tenants")),
        sa.ForeignKeyConstraint(["import_id"], ["imports.id"], ondelete="CASCADE",
                                name=op.f("fk_import_errors_import_id_imports")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_import_errors")),
    )
    op.create_index("ix_import_errors_import_row", "import_errors",
                    ["tenant_id", "import_id", "row"])

    op.create_table(
        "import_mappings",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("tenant_id", sa.String(length=36), nullable=False),
        sa.Column("created_at", UTC, nullable=False),
        sa.Column("updated_at", UTC, nullable=False),
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.Column("object", sa.String(length=64), nullable=False),
        sa.Column("mapping", JSONType, nullable=False),
        sa.Column("system", sa.String(length=40), nullable=True),
        sa.Column("created_by", sa.String(length=36), nullable=True),
        sa.ForeignKeyConstraint(["tenant_id"], ["tenants.id"],
                                name=op.f("fk_import_mappings_tenant_id_tenants")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_import_mappings")),
        sa.UniqueConstraint("tenant_id", "object", "name",
                            name=op.f("uq_import_mappings_tenant_id_object_name")),
    )

    op.create_table(
        "external_ids",
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("tenant_id", sa.String(length=36), nullable=False),
        sa.Column("object", sa.String(length=64), nullable=False),
        sa.Column("system", sa.String(length=40), nullable=False),
        sa.Column("external_id", sa.String(length=255), nullable=False),
        sa.Column("record_id", sa.String(length=36), nullable=False),
        sa.Column("created_at", UTC, nullable=False),
        sa.ForeignKeyConstraint(["tenant_id"], ["tenants.id"],
                                name=op.f("fk_external_ids_tenant_id_tenants")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_external_ids")),
        sa.UniqueConstraint("tenant_id", "object", "system", "external_id",
                            name=op.f("uq_external_ids_tenant_id_object_system_external_id")),
    )
    op.create_index("ix_external_ids_record", "external_ids",
                    ["tenant_id", "object", "record_id"])


def downgrade() -> None:
    op.drop_table("external_ids")
    op.drop_table("import_mappings")
    op.drop_index("ix_import_errors_import_row", table_name="import_errors")
    op.drop_table("import_errors")
    op.drop_table("import_file_chunks")
    op.drop_index("ix_imports_tenant_created", table_name="imports")
    op.drop_table("imports")
