"""search_terms: the search index (text in lower case + pinyin keys) with pg_trgm GIN
indexes on PostgreSQL and FTS5 tables (trigram, grams) on SQLite; backfilled here

Revision ID: 9d3f6b2a8c41
Revises: a9c3e1d5f702
Create Date: 2026-12-05 07:30:00

The backfill is a frozen copy of ``salescrm.platform.search`` as of this revision
(a migration never imports the app): the searchable fields of each built-in object,
every text value of a custom record, and the same terms and grams. ``salescrm search
reindex`` rebuilds the index with the live code whenever that changes.
"""
from __future__ import annotations

import itertools
import re
from collections.abc import Sequence
from datetime import date, datetime
from typing import Any

import sqlalchemy as sa
from alembic import op
from pypinyin import Style, lazy_pinyin, pinyin
from sqlalchemy.dialects import postgresql

revision: str = "9d3f6b2a8c41"
down_revision: str | None = "a9c3e1d5f702"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

JSONType = sa.JSON().with_variant(postgresql.JSONB(), "postgresql")
BATCH = 1000

# object → (table, [(field, is a date)]): the searchable fields and title of each
# built-in object at this revision.
SEARCHED: dict[str, tuple[str, list[tuple[str, bool]]]] = {
    "activities": ("activities", [("subject", False), ("content", False)]),
    "tasks": ("tasks", [("title", False)]),
    "exchange_rates": ("exchange_rates", [("currency", False)]),
    "accounts": ("accounts", [("name", False), ("phone", False)]),
    "contacts": ("contacts", [("name", False), ("mobile", False), ("email", False)]),
    "leads": ("leads", [("name", False), ("company", False), ("mobile", False),
                        ("email", False)]),
    "lead_assignment_rules": ("lead_assignment_rules", [("name", False)]),
    "campaigns": ("campaigns", [("name", False)]),
    "contracts": ("contracts", [("name", False), ("number", False)]),
    "orders": ("orders", [("number", False)]),
    "invoices": ("invoices", [("number", False), ("title", False)]),
    "payment_plans": ("payment_plans", [("due_date", True)]),
    "payments": ("payments", [("paid_on", True), ("reference", False)]),
    "pipelines": ("pipelines", [("name", False)]),
    "opportunities": ("opportunities", [("name", False)]),
    "products": ("products", [("name", False), ("code", False)]),
    "price_books": ("price_books", [("name", False)]),
    "price_book_entries": ("price_book_entries", [("product_id", False)]),
    "quotes": ("quotes", [("name", False)]),
    "users": ("users", [("name", False), ("email", False)]),
    "departments": ("departments", [("name", False)]),
    "roles": ("roles", [("name", False)]),
}

SQLITE_DDL = [
    "CREATE VIRTUAL TABLE search_terms_fts USING fts5(terms, content='search_terms', "
    "content_rowid='id', tokenize='trigram')",
    "CREATE VIRTUAL TABLE search_grams_fts USING fts5(grams, content='search_terms', "
    "content_rowid='id', tokenize='ascii')",
    """CREATE TRIGGER search_terms_ai AFTER INSERT ON search_terms BEGIN
        INSERT INTO search_terms_fts(rowid, terms) VALUES (new.id, new.terms);
        INSERT INTO search_grams_fts(rowid, grams) VALUES (new.id, new.grams);
    END""",
    """CREATE TRIGGER search_terms_ad AFTER DELETE ON search_terms BEGIN
        INSERT INTO search_terms_fts(search_terms_fts, rowid, terms)
            VALUES ('delete', old.id, old.terms);
        INSERT INTO search_grams_fts(search_grams_fts, rowid, grams)
            VALUES ('delete', old.id, old.grams);
    END""",
    """CREATE TRIGGER search_terms_au AFTER UPDATE ON search_terms BEGIN
        INSERT INTO search_terms_fts(search_terms_fts, rowid, terms)
            VALUES ('delete', old.id, old.terms);
        INSERT INTO search_grams_fts(search_grams_fts, rowid, grams)
            VALUES ('delete', old.id, old.grams);
        INSERT INTO search_terms_fts(rowid, terms) VALUES (new.id, new.terms);
        INSERT INTO search_grams_fts(rowid, grams) VALUES (new.id, new.grams);
    END""",
]


def upgrade() -> None:
    dialect = op.get_bind().dialect.name
    if dialect == "postgresql":
        op.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    op.create_table(
        "search_terms",
        sa.Column("id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"),
                  primary_key=True, autoincrement=True),
        sa.Column("tenant_id", sa.String(36), nullable=False),
        sa.Column("object", sa.String(64), nullable=False),
        sa.Column("record_id", sa.String(36), nullable=False),
        sa.Column("field", sa.String(64), nullable=False),
        sa.Column("terms", sa.Text(), nullable=False),
        sa.Column("grams", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_search_terms"),
    )
    op.create_index("ix_search_terms_record", "search_terms", ["record_id", "object"])
    if dialect == "postgresql":
        op.execute("CREATE INDEX ix_search_terms_trgm ON search_terms "
                   "USING gin (terms gin_trgm_ops)")
        op.execute("CREATE INDEX ix_search_terms_grams ON search_terms "
                   "USING gin (string_to_array(grams, ' '))")
    else:
        for ddl in SQLITE_DDL:
            op.execute(ddl)
    _backfill(op.get_bind())


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        for name in ("search_terms_ai", "search_terms_ad", "search_terms_au"):
            op.execute(f"DROP TRIGGER IF EXISTS {name}")
        op.execute("DROP TABLE IF EXISTS search_terms_fts")
        op.execute("DROP TABLE IF EXISTS search_grams_fts")
    op.drop_index("ix_search_terms_record", table_name="search_terms")
    op.drop_table("search_terms")


# --- the backfill (frozen copy of platform/search/terms.py and index.py) -----------
SEP = "\x1f"
PINYIN_MAX_CHARS = 64
MAX_READINGS = 8
_HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")


def _pinyin_keys(text: str) -> list[str]:
    if len(text) > PINYIN_MAX_CHARS or not _HAN.search(text):
        return []
    keys: list[str] = []
    for style in (Style.NORMAL, Style.FIRST_LETTER):
        readings = ["".join(lazy_pinyin(text, style=style)).lower()]
        per_char = pinyin(text, style=style, heteronym=True)
        for combo in itertools.islice(itertools.product(*per_char), MAX_READINGS * 4):
            joined = "".join(combo).lower()
            if joined not in readings:
                readings.append(joined)
            if len(readings) >= MAX_READINGS:
                break
        keys.extend(readings)
    return list(dict.fromkeys(k for k in keys if k))


def _terms(value: str) -> str:
    text = value.lower().replace(SEP, " ")
    return SEP.join([text, *[k for k in _pinyin_keys(value) if k != text]])


def _grams(terms: str) -> str:
    pieces: dict[str, None] = {}
    for part in terms.split(SEP):
        for i, ch in enumerate(part):
            pieces[ch] = None
            if i + 1 < len(part):
                pieces[part[i:i + 2]] = None
    return " ".join("g" + p.encode("utf-8").hex() for p in pieces)


def _text(value: Any) -> str | None:
    if value is None or isinstance(value, (bool, list, dict)):
        return None
    if isinstance(value, (datetime, date)):
        return value.isoformat()
    text = value if isinstance(value, str) else str(value)
    return text if text.strip() else None


def _backfill(conn: Any) -> None:
    terms = sa.table("search_terms", *(sa.column(c) for c in (
        "tenant_id", "object", "record_id", "field", "terms", "grams")))
    sources = [(name, table, [sa.column(f, sa.Date if is_date else sa.String)
                              for f, is_date in fields])
               for name, (table, fields) in SEARCHED.items()]
    sources.append(("", "custom_records", [sa.column("object"), sa.column("custom", JSONType)]))
    for name, table_name, columns in sources:
        table = sa.table(table_name, sa.column("id"), sa.column("tenant_id"), *columns)
        last = ""
        while True:
            rows = conn.execute(sa.select(table).where(table.c.id > last)
                                .order_by(table.c.id).limit(BATCH)).mappings().all()
            if not rows:
                break
            last = rows[-1]["id"]
            out = []
            for row in rows:
                if name:
                    obj, values = name, {c.name: row[c.name] for c in columns}
                else:
                    obj, values = row["object"], dict(row["custom"] or {})
                for field, value in values.items():
                    text = _text(value)
                    if text is not None:
                        t = _terms(text)
                        out.append({"tenant_id": row["tenant_id"], "object": obj,
                                    "record_id": row["id"], "field": field, "terms": t,
                                    "grams": _grams(t)})
            if out:
                conn.execute(terms.insert(), out)
