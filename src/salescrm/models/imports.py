"""Imports: the uploaded file, its progress and per-row errors, saved column
mappings, and the ids records had in the system they were imported from."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import Boolean, ForeignKey, Index, Integer, LargeBinary, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from salescrm.db.base import Base, IdMixin, TenantMixin, TimestampMixin
from salescrm.db.types import JSONType, utcnow


class ImportRun(IdMixin, TenantMixin, TimestampMixin, Base):
    """One upload: what to import and how, and where the job has got to.

    ``resume_after`` is the last file line whose outcome is committed: a worker
    that dies mid-file leaves the next one to continue from there, so no row is
    written twice.
    """

    __tablename__ = "imports"
    __table_args__ = (Index("ix_imports_tenant_created", "tenant_id", "created_at"),)

    created_by: Mapped[str | None] = mapped_column(String(36), nullable=True)
    object: Mapped[str] = mapped_column(String(64))
    filename: Mapped[str] = mapped_column(String(255), default="")
    file_format: Mapped[str] = mapped_column(String(10))  # csv|xlsx
    encoding: Mapped[str | None] = mapped_column(String(20), nullable=True)
    size_bytes: Mapped[int] = mapped_column(Integer, default=0)
    # file column → target (a field, ``external_id``, ``name.first`` …)
    mapping: Mapped[dict[str, Any]] = mapped_column(default=dict)
    template: Mapped[str | None] = mapped_column(String(20), nullable=True)
    # The system the file comes from: its record ids are kept in external_ids.
    system: Mapped[str | None] = mapped_column(String(40), nullable=True)
    mode: Mapped[str] = mapped_column(String(10), default="insert")  # insert|upsert
    key: Mapped[str | None] = mapped_column(String(64), nullable=True)
    dry_run: Mapped[bool] = mapped_column(Boolean, default=False)
    allow_duplicates: Mapped[bool] = mapped_column(Boolean, default=False)
    status: Mapped[str] = mapped_column(String(10), default="queued")  # queued|running|done|failed
    total: Mapped[int] = mapped_column(Integer, default=0)
    created: Mapped[int] = mapped_column(Integer, default=0)
    updated: Mapped[int] = mapped_column(Integer, default=0)
    failed: Mapped[int] = mapped_column(Integer, default=0)
    # Upserted rows whose values were all the record's already ("updated" counts the rest).
    unchanged: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    # Users imported with a generated first password: [{"row","email","password"}],
    # handed to the uploader once (GET /imports/{id}/passwords.csv) and then erased.
    first_passwords: Mapped[list[Any] | None] = mapped_column(JSONType, nullable=True)
    resume_after: Mapped[int] = mapped_column(Integer, default=0)
    bytes_read: Mapped[int] = mapped_column(Integer, default=0)
    # Notes on the file as a whole (ignored columns …): [{"row","field","code","params"}]
    warnings: Mapped[list[Any]] = mapped_column(JSONType, default=list)
    failure: Mapped[dict[str, Any] | None] = mapped_column(nullable=True)
    started_at: Mapped[datetime | None] = mapped_column(nullable=True)
    finished_at: Mapped[datetime | None] = mapped_column(nullable=True)


class ImportFileChunk(TenantMixin, Base):
    """The uploaded file, in pieces, in the database: every worker can read it and
    the job survives a restart; read back one piece at a time (constant memory)."""

    __tablename__ = "import_file_chunks"

    import_id: Mapped[str] = mapped_column(
        ForeignKey("imports.id", ondelete="CASCADE"), primary_key=True)
    seq: Mapped[int] = mapped_column(Integer, primary_key=True)
    data: Mapped[bytes] = mapped_column(LargeBinary)


class ImportRowError(IdMixin, TenantMixin, Base):
    """One problem with one row; messages are rendered in the reader's language."""

    __tablename__ = "import_errors"
    __table_args__ = (Index("ix_import_errors_import_row", "tenant_id", "import_id", "row"),)

    import_id: Mapped[str] = mapped_column(ForeignKey("imports.id", ondelete="CASCADE"))
    row: Mapped[int] = mapped_column(Integer)
    field: Mapped[str] = mapped_column(String(255), default="")
    code: Mapped[str] = mapped_column(String(100))
    params: Mapped[dict[str, Any]] = mapped_column(default=dict)
    # The row as it was in the file (first error of a row only), for errors.csv.
    cells: Mapped[list[Any] | None] = mapped_column(JSONType, nullable=True)


class ImportMapping(IdMixin, TenantMixin, TimestampMixin, Base):
    """A saved column mapping, reused for the next file of the same shape."""

    __tablename__ = "import_mappings"
    __table_args__ = (UniqueConstraint("tenant_id", "object", "name"),)

    name: Mapped[str] = mapped_column(String(100))
    object: Mapped[str] = mapped_column(String(64))
    mapping: Mapped[dict[str, Any]] = mapped_column(default=dict)
    # file column → how its dates are written (``DD/MM/YYYY`` …), chosen with the preview
    # and reused with the mapping.
    date_formats: Mapped[dict[str, Any] | None] = mapped_column(JSONType, nullable=True)
    system: Mapped[str | None] = mapped_column(String(40), nullable=True)
    created_by: Mapped[str | None] = mapped_column(String(36), nullable=True)


class ExternalId(IdMixin, TenantMixin, Base):
    """A record's id in another system (Salesforce, HubSpot, an old ERP), so later
    files that refer to it (a Salesforce ``AccountId``) link to the right record."""

    __tablename__ = "external_ids"
    __table_args__ = (
        UniqueConstraint("tenant_id", "object", "system", "external_id"),
        Index("ix_external_ids_record", "tenant_id", "object", "record_id"),
    )

    object: Mapped[str] = mapped_column(String(64))
    system: Mapped[str] = mapped_column(String(40))
    external_id: Mapped[str] = mapped_column(String(255))
    record_id: Mapped[str] = mapped_column(String(36))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
