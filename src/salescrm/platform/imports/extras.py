"""What an object's import takes besides its fields: users come with their roles
(by key or name) and get a generated first password, never one from the file, and
only administrators import them. The org module names this on the users behaviour
(``Behaviour.import_extras``); the platform's import only knows the hooks.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # rows → mapping → extras: a type only
    from salescrm.platform.imports.rows import ParsedRow
    from salescrm.platform.tenancy import Context


@dataclass(frozen=True)
class ImportExtras:
    # Targets that are not fields (``roles``) → their labels {"en", "zh-CN"}.
    targets: dict[str, dict[str, str]] = field(default_factory=dict)
    admin_only: bool = False
    # After lookups resolve: turn extra targets into what the create/update service
    # takes, adding row errors (the rows are one segment of a batch).
    prepare: Callable[[Context, list[ParsedRow]], None] | None = None
    # The body key of a generated first password, handed to the uploader once.
    first_password: str | None = None
    # Other keys ``prepare`` adds for the create service alone (a user's
    # ``must_change_password``): not fields, so never checked as fields.
    service_keys: frozenset[str] = frozenset()
    # Whether an update changes what the record's version does not cover (a user's
    # roles), so the row counts as updated rather than unchanged.
    changes_beyond_fields: Callable[[Context, str, dict[str, Any]], bool] | None = None


def extras_for(object_name: str) -> ImportExtras:
    from salescrm.platform.records.behaviour import behaviour_for

    return behaviour_for(object_name).import_extras or ImportExtras()


def extra_fields(object_name: str) -> set[str]:
    """What never reaches ``validate``: the extra targets, the password and the keys
    only the create service reads."""
    found = extras_for(object_name)
    return set(found.targets) | set(found.service_keys) | (
        {found.first_password} if found.first_password else set())


def strip_extras(object_name: str, body: dict[str, Any]) -> dict[str, Any]:
    extra = extra_fields(object_name)
    return {k: v for k, v in body.items() if k not in extra}
