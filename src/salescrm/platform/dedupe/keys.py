"""Which fields of which object the duplicate check compares, and the key columns
that hold their normalized form.

A module declares the spec on its object's behaviour (``Behaviour.dedupe``, made
with ``dedupe_spec``); once the behaviour is registered the key columns
(``<field>_key``) are filled on every insert and update of the ORM model, whatever
path wrote the row (API, conversion, merge, import, demo data).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import event

from salescrm.platform.dedupe.normalize import NORMALIZERS


@dataclass(frozen=True)
class DedupeSpec:
    object: str
    model: Any
    # field api name → normalizer kind ("company", "person", "phone", "email")
    fields: dict[str, str]
    # Which fields block a write when a tenant has not configured its own rule.
    default_blocking: tuple[str, ...]
    # The field fuzzy candidates are searched on (its key column has a trigram index).
    fuzzy_field: str = "name"

    def key_column(self, field: str) -> Any:
        return getattr(self.model, f"{field}_key")

    def keys(self, values: dict[str, Any]) -> dict[str, str | None]:
        """Normalized keys of the fields present in ``values``."""
        return {name: NORMALIZERS[kind](values[name])
                for name, kind in self.fields.items() if name in values}


def dedupe_spec(object_name: str, model: Any, fields: dict[str, str],
                default_blocking: tuple[str, ...] | None = None) -> DedupeSpec:
    """A spec; ``default_blocking`` defaults to every compared field."""
    return DedupeSpec(object_name, model, fields,
                      tuple(fields) if default_blocking is None else default_blocking)


_KEPT: set[str] = set()  # objects whose models already keep their keys


def keep_keys(spec: DedupeSpec) -> None:
    """Fill the key columns on every insert and update of the model (once per object)."""
    if spec.object in _KEPT:
        return
    event.listen(spec.model, "before_insert", _sync_keys(spec))
    event.listen(spec.model, "before_update", _sync_keys(spec))
    _KEPT.add(spec.object)


def _sync_keys(spec: DedupeSpec) -> Any:
    def sync(_mapper: Any, _connection: Any, target: Any) -> None:
        for name, kind in spec.fields.items():
            setattr(target, f"{name}_key", NORMALIZERS[kind](getattr(target, name)))

    return sync


def spec_for(object_name: str) -> DedupeSpec | None:
    from salescrm.platform.records.behaviour import behaviour_for

    return behaviour_for(object_name).dedupe


def all_specs() -> list[DedupeSpec]:
    """Every object's spec, in object-name order."""
    from salescrm.platform.records.behaviour import declared

    return [b.dedupe for _name, b in sorted(declared().items()) if b.dedupe is not None]
