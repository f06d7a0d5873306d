"""Choices a cell names by key or by label, when they depend on the record: an
opportunity's stage is one of its pipeline's stages, written ``negotiation``,
``Negotiation`` or ``商务谈判``. A module names where the choices come from on
the object's behaviour (``Behaviour.import_choices``); the platform never imports modules.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from salescrm.platform.imports.rows import (
    CellInvalid,
    ParsedRow,
    RowError,
    chosen,
    options_by_name,
)
from salescrm.platform.records.behaviour import behaviour_for
from salescrm.platform.tenancy import Context


@dataclass(frozen=True)
class Choices:
    keys: tuple[str, ...]
    labels: dict[str, str]  # a label in either language → its key
    shown: dict[str, str]  # locale → the choices as listed in an error


@dataclass(frozen=True)
class ChoiceSource:
    # The part of a row the choices depend on (its pipeline), a cache key.
    scope: Callable[[Context, dict[str, Any]], str]
    choices: Callable[[Context, str], Choices | None]


def apply_choices(ctx: Context, object_name: str, rows: list[ParsedRow]) -> None:
    """Replace each registered field's label by its key, or report the row listing
    the valid choices (after lookups resolved: the choices depend on them)."""
    for field, source in behaviour_for(object_name).import_choices.items():
        # scope → the choices and their keys and labels folded (once, not per row)
        cache: dict[str, tuple[Choices, dict[str, str]] | None] = {}
        for row in rows:
            raw = row.body.get(field)
            if not isinstance(raw, str) or any(e.field == field for e in row.errors):
                continue
            scope = source.scope(ctx, row.body)
            if scope not in cache:
                choices = source.choices(ctx, scope)
                cache[scope] = None if choices is None else (
                    choices, options_by_name(choices.keys, choices.labels))
            held = cache[scope]
            if held is None:
                continue
            found, by_name = held
            try:
                row.body[field] = chosen(raw, by_name, found.keys, found.shown)
            except CellInvalid as exc:
                row.body.pop(field)
                row.errors.append(RowError(field, exc.key, exc.params))
