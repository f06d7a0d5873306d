"""Natural keys: a field that names a record within its company, so an import
neither creates a second record with it nor needs to be told which field to upsert
on. Products are known by their code: ``SKU-1``, ``sku-1`` and ``ＳＫＵ－１`` (full
width) are one product. An object's key is its behaviour's ``natural_key``.
"""

from __future__ import annotations

import unicodedata
from typing import Any

from sqlalchemy import func, select

from salescrm.platform.imports.links import IN_CHUNK
from salescrm.platform.imports.rows import ParsedRow, RowError
from salescrm.platform.metadata import ObjectDef
from salescrm.platform.records.behaviour import behaviour_for
from salescrm.platform.records.query import column as field_column
from salescrm.platform.tenancy import Context


def natural_key(object_name: str) -> str | None:
    return behaviour_for(object_name).natural_key


def folded(value: Any) -> str:
    return unicodedata.normalize("NFKC", str(value)).strip().lower()


def column(obj: ObjectDef, field: str) -> Any:
    """The key's column as compared: lower case (the file's side is folded)."""
    return func.lower(field_column(obj, obj.fields[field]))


class NaturalKeys:
    """Insert mode: a row whose key an existing record (or an earlier row) has is a
    duplicate, reported as the duplicate check reports it."""

    def __init__(self, ctx: Context, obj: ObjectDef) -> None:
        self.ctx, self.obj = ctx, obj
        self.field = natural_key(obj.api_name)
        self.seen: dict[str, int] = {}

    def check(self, rows: list[ParsedRow], label: dict[str, str]) -> None:
        field = self.field
        if field is None:
            return
        keyed = [(row, folded(row.body[field])) for row in rows
                 if not row.errors and not row.existing_id
                 and isinstance(row.body.get(field), str) and row.body[field].strip()]
        existing = self._existing([k for _r, k in keyed])
        for row, key in keyed:
            if key in existing:
                row.errors.append(RowError(field, "import.duplicate_existing",
                                           {"field": label}))
            elif key in self.seen:
                row.errors.append(RowError(field, "import.duplicate_in_file",
                                           {"field": label, "row": self.seen[key]}))
            else:
                self.seen[key] = row.line

    def _existing(self, keys: list[str]) -> set[str]:
        """Keys live records have, visible to the importer or not (as on create)."""
        assert self.field is not None
        col = column(self.obj, self.field)
        wanted = sorted(set(keys))
        found: set[str] = set()
        for start in range(0, len(wanted), IN_CHUNK):
            found.update(self.ctx.session.scalars(select(col).where(
                col.in_(wanted[start:start + IN_CHUNK]), self.obj.model.deleted_at.is_(None))))
        return found
