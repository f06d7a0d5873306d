"""The search index: one row per (record, searchable field) with the text to match.

Kept by ``platform/search`` on every write of a record (decision 0161). ``terms`` is
the field's text in lower case followed by its pinyin keys; ``grams`` names each of
its one- and two-character pieces, for queries too short for a trigram index.
PostgreSQL indexes ``terms`` with pg_trgm and ``grams`` as an array (GIN); SQLite
keeps two FTS5 tables over this one (trigram, and the grams), filled by triggers.
"""

from __future__ import annotations

from sqlalchemy import BigInteger, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from salescrm.db.base import Base, TenantMixin


class SearchTerm(TenantMixin, Base):
    __tablename__ = "search_terms"
    __table_args__ = (Index("ix_search_terms_record", "record_id", "object"),)

    # An integer key: SQLite's FTS5 tables address their rows by it (the rowid).
    id: Mapped[int] = mapped_column(BigInteger().with_variant(Integer(), "sqlite"),
                                    primary_key=True, autoincrement=True)
    # No foreign key: the rows are derived from the records (which carry one) and are
    # rebuilt from them; a key would only slow every write of the index.
    tenant_id: Mapped[str] = mapped_column(String(36), nullable=False)
    object: Mapped[str] = mapped_column(String(64))
    record_id: Mapped[str] = mapped_column(String(36))
    field: Mapped[str] = mapped_column(String(64))
    terms: Mapped[str] = mapped_column(Text)
    grams: Mapped[str] = mapped_column(Text)
