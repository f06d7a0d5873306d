"""How an import creates an object's records.

An object without its own create service is imported in batches by the generic
path (validate, duplicate check, insert, audit, events — what ``create_record``
does, a thousand rows per flush). An object whose create goes through a domain
service (its behaviour's ``create``: an opportunity's pipeline and stage history,
an order's totals) is imported row by row through ``records.create``, unless its
behaviour names an ``import_adapter`` saying what the batched path must add to be
faithful (lead assignment rules, the customer-pool clock). Modules declare these in
their behaviours (``platform/records/behaviour.py``); the platform never imports
modules.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from salescrm.platform.metadata import ObjectDef
from salescrm.platform.records.behaviour import behaviour_for, declared
from salescrm.platform.tenancy import Context


@dataclass(frozen=True)
class ImportAdapter:
    # Complete a row's validated values before insert (e.g. assignment rules set the owner).
    prepare: Callable[[Context, ObjectDef, dict[str, Any]], None] | None = None
    # The new ORM row, values applied, before the batch is flushed (e.g. ownership clock).
    finish: Callable[[Context, ObjectDef, Any], None] | None = None
    # The batch's rows after the flush (e.g. notify the users leads were assigned to).
    after_flush: Callable[[Context, ObjectDef, list[Any]], None] | None = None


@dataclass(frozen=True)
class HistoryFile:
    """A file of history rows about records already imported (``kind=<name>``,
    migration only): e.g. the stage entries of deals. ``targets``: each target and
    the headers that name it; ``write`` adds a batch of rows (line, {target: cell})
    and returns the errors of the rows it did not write, by line."""

    targets: dict[str, tuple[str, ...]]
    required: tuple[str, ...]
    write: Callable[[Context, list[tuple[int, dict[str, str]]], str | None],
                    dict[int, list[Any]]]


def adapter_for(object_name: str, has_create_service: bool) -> ImportAdapter | None:
    """The batched path's adapter, or None when rows must go through the service."""
    found = behaviour_for(object_name).import_adapter
    if found is not None:
        return found
    return None if has_create_service else ImportAdapter()


def history_file(object_name: str, kind: str) -> HistoryFile | None:
    """The object's file of history rows of this ``kind`` (e.g. stage_history)."""
    return behaviour_for(object_name).history_files.get(kind)


def history_kinds(object_name: str) -> list[str]:
    return sorted(behaviour_for(object_name).history_files)


def keeps_history(object_name: str) -> bool:
    """Whether the object's create service can write a migrated history
    (``migration=true``: created/closed dates and stage entries), e.g. opportunities."""
    return behaviour_for(object_name).import_history


def history_objects() -> list[str]:
    return sorted(name for name, b in declared().items() if b.import_history)
