"""Lookups to rows earlier in the same file: a parent account, a department's parent
department, a user's manager, listed above the rows that name them.

Lookups are resolved a batch at a time, before the batch is written, so a row
could not find a record that an earlier row of the same batch was about to
create. A batch is therefore cut into segments where a row names (by name, email
or source id) a row of the segment being built; each segment is resolved and
written before the next, so the earlier record exists when the later row is
resolved. A file without such references stays one segment.

A dry run rolls each batch back, so rows of earlier batches never exist: their
names are remembered and a reference to one counts as resolved (and is left out
of the row, which is written only to be rolled back).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from salescrm.platform.imports.rows import ParsedRow
from salescrm.platform.metadata import FieldDef, ObjectDef


class EarlierRows:
    def __init__(self, obj: ObjectDef, lookups: dict[str, FieldDef]) -> None:
        self.obj = obj
        # The lookups that point at the object being imported.
        self.fields = [name for name, f in lookups.items() if f.target == obj.api_name]
        self.dry_run_keys: set[str] = set()

    def keys(self, row: ParsedRow) -> set[str]:
        """What a later row may call this one: its name, email, source id."""
        out = set()
        for value in (row.body.get(self.obj.name_field), row.body.get("email"),
                      row.external_id):
            if isinstance(value, str) and value:
                out |= {value, value.lower()}
        return out

    def references(self, row: ParsedRow, candidates: Any) -> set[str]:
        out = set()
        for name in self.fields:
            for value in candidates(row, name):
                out |= {value, value.lower()}
        return out

    def segments(self, rows: list[ParsedRow], candidates: Any) -> Iterator[list[ParsedRow]]:
        """The batch in order, cut before each row that names a row of its segment."""
        if not self.fields:
            yield rows
            return
        segment: list[ParsedRow] = []
        provided: set[str] = set()
        for row in rows:
            if segment and self.references(row, candidates) & provided:
                yield segment
                segment, provided = [], set()
            segment.append(row)
            provided |= self.keys(row)
        if segment:
            yield segment

    def remember(self, rows: list[ParsedRow]) -> None:
        """Dry run: the rows just written (and about to be rolled back)."""
        for row in rows:
            if not row.errors:
                self.dry_run_keys |= self.keys(row)

    def known(self, value: str) -> bool:
        return value in self.dry_run_keys or value.lower() in self.dry_run_keys
