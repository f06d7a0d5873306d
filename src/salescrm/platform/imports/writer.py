"""New records of a batch, built and inserted the way ``records.insert_record``
would, a thousand at a time.

A record is built as a plain row (the values ``apply_values`` would set on a new
ORM object, the audit changes it would return), passed to the pre-write checks
and the object's import adapter, completed with its duplicate-check keys (the
same ``DedupeSpec.keys`` the key-sync listener uses), and inserted with one
multi-row INSERT. The unit of work is skipped because it costs more than the
rest of the import together. A model with other insert listeners (or server-side
defaults) is written through the ORM instead, so that nothing it relies on is
bypassed.
"""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

from sqlalchemy import inspect

from salescrm.db.types import new_id, utcnow
from salescrm.platform.dedupe import spec_for
from salescrm.platform.imports.adapters import ImportAdapter
from salescrm.platform.metadata import ObjectDef
from salescrm.platform.records import service as records
from salescrm.platform.records import titles
from salescrm.platform.records.bulk import bulk_insert
from salescrm.platform.records.values import to_custom_storage, to_json
from salescrm.platform.search.index import index_values
from salescrm.platform.tenancy import Context


class RecordWriter:
    def __init__(self, ctx: Context, obj: ObjectDef, adapter: ImportAdapter) -> None:
        self.ctx, self.obj, self.adapter = ctx, obj, adapter
        self.spec = spec_for(obj.api_name)
        mapper = inspect(obj.model)
        self.table = mapper.local_table
        expected = 1 if self.spec is not None else 0
        self.plain = (len(mapper.dispatch.before_insert) <= expected
                      and all(a.key == a.columns[0].key for a in mapper.column_attrs)
                      and not mapper.dispatch.after_insert
                      and not any(c.server_default is not None for c in self.table.columns))

    def build(self, values: dict[str, Any], dedupe_keys: dict[str, Any] | None = None
              ) -> tuple[Any, dict[str, Any]]:
        """A new record (plain row or ORM object) and its audit changes, not yet written.

        ``dedupe_keys``: the values' duplicate-check keys, when the caller has them."""
        obj, ctx = self.obj, self.ctx
        if self.adapter.prepare:
            self.adapter.prepare(ctx, obj, values)
        if obj.owned and values.get("owner_id") is None and "owner_id" not in values:
            values["owner_id"] = ctx.user.id
        now = utcnow()
        base: dict[str, Any] = {"id": new_id(), "tenant_id": ctx.tenant_id,
                                "created_by": ctx.user.id, "version": 1,
                                "created_at": now, "updated_at": now}
        if obj.record_filter:
            base[obj.record_filter[0]] = obj.record_filter[1]
        if obj.custom:
            titles.number_new_record(ctx, obj, values)
            base["name"] = titles.title_of(obj, values)
        if self.plain:
            row: Any = SimpleNamespace(**base, custom={})
            changes = _apply_new(obj, row, values)
        else:
            row = obj.model(**base, custom={})
            changes = records.apply_values(obj, row, values)
        records.run_pre_write_checks(ctx, obj, row, changes, "create")
        if self.adapter.finish:
            self.adapter.finish(ctx, obj, row)
        if self.plain and self.spec is not None:
            keys = dedupe_keys if dedupe_keys is not None else self.spec.keys(values)
            for f in self.spec.fields:
                setattr(row, self.spec.key_column(f).key, keys.get(f))
        return row, changes

    def insert(self, rows: list[Any]) -> None:
        """Write built records (flushes them; the caller holds the savepoint)."""
        if not rows:
            return
        session = self.ctx.session
        if not self.plain:
            session.add_all(rows)
            session.flush()
            return
        bulk_insert(session, self.table, _complete(self.table, [vars(r) for r in rows]))
        # The multi-row INSERT skips the ORM, so its flush listener: index here.
        index_values(session, self.obj, ((r.tenant_id, r.id, r) for r in rows))


def _apply_new(obj: ObjectDef, row: Any, values: dict[str, Any]) -> dict[str, list[Any]]:
    """``records.apply_values`` for a row that has no values yet: set them and return
    the audit changes ``{field: [None, new]}``."""
    changes: dict[str, list[Any]] = {}
    for name, value in values.items():
        f = obj.fields[name]
        if f.custom:
            stored = to_custom_storage(f, value)
            if stored is not None:
                row.custom[name] = stored
                changes[name] = [None, stored]
            continue
        setattr(row, name, value)
        shown = to_json(f, value)
        if shown is not None:
            changes[name] = [None, shown]
    return changes


def _complete(table: Any, rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """One executemany needs the same keys in every row: a key some rows lack gets
    the column's default there (what an INSERT without it would have stored)."""
    keys = set().union(*rows)
    for key in keys:
        column = table.c[key]
        default = column.default
        for row in rows:
            if key in row:
                continue
            if default is None:
                row[key] = None
            elif default.is_callable:
                row[key] = default.arg(None)
            else:
                row[key] = default.arg
    return rows
