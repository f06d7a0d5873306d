"""Links between imported rows and records: lookups (a contact's account) and the
ids records had in the system they came from, resolved a batch at a time.

A lookup cell may hold our record id, the target's id in the source system
(a Salesforce ``AccountId``), or the target's name (or a user's email, or its
natural key: a product's code). Only records the importing user can see are found, as in
the records layer.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from typing import Any

from sqlalchemy import func, select

from salescrm.db.types import new_id, utcnow
from salescrm.models import ExternalId
from salescrm.platform.imports.templates import external_key
from salescrm.platform.metadata import ObjectDef
from salescrm.platform.records.api import RecordIdConvertor
from salescrm.platform.records.bulk import bulk_insert
from salescrm.platform.records.service import base_criteria
from salescrm.platform.tenancy import Context

IN_CHUNK = 900  # stays under SQLite's bound-parameter limit with room for criteria
# Record ids are uuid-shaped (the API addresses records by nothing else): a cell of
# another shape — a name, an email, a code — is not looked up as an id.
ID_SHAPE = re.compile(RecordIdConvertor.regex)
# Names a run remembers per target (then it starts over): bounds the memory of a file
# that names a million different accounts.
KNOWN_PER_TARGET = 50_000


def _chunks(values: list[str]) -> Iterable[list[str]]:
    for start in range(0, len(values), IN_CHUNK):
        yield values[start:start + IN_CHUNK]


def external_records(ctx: Context, object_name: str, system: str,
                     external_ids: Iterable[str]) -> dict[str, str]:
    """Source-system id → record id, for ids an earlier import kept."""
    wanted = sorted({e for e in external_ids if e})
    found: dict[str, str] = {}
    for part in _chunks(wanted):
        found.update(ctx.session.execute(
            select(ExternalId.external_id, ExternalId.record_id).where(
                ExternalId.object == object_name, ExternalId.system == system,
                ExternalId.external_id.in_(part))).all())
    return found


def remember(ctx: Context, object_name: str, system: str, pairs: list[tuple[str, str]]) -> None:
    """Keep (external id, record id) pairs; the caller has checked they are new."""
    if not pairs:
        return
    now = utcnow()
    bulk_insert(ctx.session, ExternalId.__table__, [
        {"id": new_id(), "tenant_id": ctx.tenant_id, "object": object_name, "system": system,
         "external_id": ext, "record_id": rid, "created_at": now} for ext, rid in pairs])


def forget_records(ctx: Context, object_name: str, system: str, external_ids: list[str]) -> None:
    """Drop links that point at records deleted since (they are imported afresh)."""
    from sqlalchemy import delete

    for part in _chunks(sorted(set(external_ids))):
        ctx.session.execute(delete(ExternalId).where(
            ExternalId.object == object_name, ExternalId.system == system,
            ExternalId.external_id.in_(part)).execution_options(synchronize_session=False))


def visible_ids(ctx: Context, target: ObjectDef, ids: Iterable[str]) -> set[str]:
    wanted = sorted({i for i in ids if i and len(i) <= 64})
    found: set[str] = set()
    for part in _chunks(wanted):
        found.update(ctx.session.scalars(select(target.model.id).where(
            target.model.id.in_(part), *base_criteria(ctx, target))))
    return found


def resolve_lookup(ctx: Context, target: ObjectDef, system: str | None,
                   raw_values: Iterable[str]) -> dict[str, str | None]:
    """raw cell → record id (None when nothing or more than one record matches)."""
    pending = {v for v in raw_values if v}
    out: dict[str, str | None] = {}
    for rid in visible_ids(ctx, target, (v for v in pending if ID_SHAPE.fullmatch(v))):
        out[rid] = rid
    pending -= set(out)
    if pending and system:
        by_key = {external_key(system, v): v for v in pending}
        linked = external_records(ctx, target.api_name, system, by_key)
        seen = visible_ids(ctx, target, linked.values())
        for key, rid in linked.items():
            if rid in seen:
                out[by_key[key]] = rid
        pending -= set(out)
    if pending:
        out.update(_by_name(ctx, target, pending))
    return out


class KnownLinks:
    """Lookups of one import run: what earlier batches resolved, so that the owners,
    products and accounts a file names again and again are queried once, not once
    per batch. Only unique matches are kept (a name that matched nothing or several
    records is asked again: a later batch may see it otherwise), and never for the
    object being imported, whose records the run itself creates (``earlier.py``)."""

    def __init__(self, object_name: str) -> None:
        self.object_name = object_name
        self.known: dict[str, dict[str, str]] = {}

    def resolve(self, ctx: Context, target: ObjectDef, system: str | None,
                raw_values: Iterable[str]) -> dict[str, str | None]:
        """As :func:`resolve_lookup`."""
        if target.api_name == self.object_name:
            return resolve_lookup(ctx, target, system, raw_values)
        known = self.known.setdefault(target.api_name, {})
        out: dict[str, str | None] = {}
        pending = set()
        for value in raw_values:
            rid = known.get(value)
            if rid is None:
                pending.add(value)
            else:
                out[value] = rid
        if pending:
            found = resolve_lookup(ctx, target, system, pending)
            out.update(found)
            if len(known) > KNOWN_PER_TARGET:
                known.clear()
            known.update((v, rid) for v, rid in found.items() if rid)
        return out


def _name_columns(target: ObjectDef) -> list[tuple[Any, Callable[[str], str]]]:
    """(column as compared, the cell as compared): the name exactly, a user's email in
    any case, then the target's natural key folded (a product's code, ``sku-1``)."""
    from salescrm.platform.imports import natural  # natural imports this module

    model = target.model
    if target.api_name == "users":
        return [(func.lower(model.email), str.lower), (model.name, str)]
    column = model.name if target.custom else getattr(model, target.name_field, None)
    out: list[tuple[Any, Callable[[str], str]]] = [(column, str)] if column is not None else []
    key = natural.natural_key(target.api_name)
    if key is not None:
        out.append((natural.column(target, key), natural.folded))
    return out


def _by_name(ctx: Context, target: ObjectDef, names: set[str]) -> dict[str, str | None]:
    """Exact name (or a user's email, a natural key): unique matches only."""
    out: dict[str, str | None] = {}
    for expr, fold in _name_columns(target):
        wanted = sorted(n for n in names if n not in out)
        if not wanted:
            break
        matches: dict[str, list[str]] = {}
        for part in _chunks(wanted):
            rows = ctx.session.execute(select(target.model.id, expr).where(
                expr.in_(sorted({fold(p) for p in part})), *base_criteria(ctx, target)))
            for rid, value in rows:
                matches.setdefault(value, []).append(rid)
        for name in wanted:
            ids = matches.get(fold(name))
            if ids:
                out[name] = ids[0] if len(ids) == 1 else None
    return out
