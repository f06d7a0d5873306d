"""What an object does when it is written, in one place per object (issue 12).

Every object — built-in or custom — resolves to exactly one :class:`Behaviour`.
An object whose module declared none gets :data:`GENERIC`: the records service's
own create/update/delete/restore and ``get_record``. A module declares the
behaviours of its objects in its ``wiring.py`` (``MODULE = Module(behaviours=...)``,
``platform/modules.py``) and the app registers them once, at start-up
(``salescrm.app.load_modules``); declaring two behaviours for one object is an
error, not a silent overwrite.

Callers never look a hook up themselves: they call ``records.create/update/delete/
restore/read`` (``platform/records/service.py``), which dispatch here. So "what
happens when an opportunity is saved" is the opportunities entry of
``modules/sales/wiring.py``'s ``MODULE``.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from salescrm.platform.metadata import ObjectDef
from salescrm.platform.tenancy import Context

if TYPE_CHECKING:  # the import and dedupe layers depend on records, not the other way round
    from salescrm.platform.dedupe.keys import DedupeSpec
    from salescrm.platform.imports.adapters import HistoryFile, ImportAdapter
    from salescrm.platform.imports.choices import ChoiceSource
    from salescrm.platform.imports.extras import ImportExtras

# fn(ctx, obj, body, params) -> the new ORM row; ``params`` are the request's query
# parameters (``allow_duplicate``, ``migration`` …), ``{}`` when there are none.
CreateHook = Callable[[Context, ObjectDef, Any, dict[str, str]], Any]
# fn(ctx, obj, record_id, body) -> the updated ORM row (``body`` carries ``version``).
UpdateHook = Callable[[Context, ObjectDef, str, Any], Any]
# fn(ctx, obj, record_id) -> None: to the recycle bin (or refused).
DeleteHook = Callable[[Context, ObjectDef, str], None]
# fn(ctx, obj, record_id) -> the record as the API shows it (computed fields added).
Reader = Callable[[Context, ObjectDef, str], dict[str, Any]]
# fn(ctx, object_name, record_id) -> timeline items ({"at", "kind", …}) of one record.
TimelineSource = Callable[[Context, str, str], list[dict[str, Any]]]
# fn(ctx, record_id): what an approval's move does to the record. The approvals engine
# owns ``POST /api/v1/<object>/{id}/submit`` and locks a record with a pending approval
# (409 to edits); it knows business objects only through these hooks.
ApprovalHook = Callable[[Any, str], None]


@dataclass(frozen=True)
class PoolKind:
    """An object whose records without an owner form a pool (公海) others may claim."""

    object: str
    default_max_held: int | None
    default_return_after_days: int | None
    # Statuses that count as "held" and may go back to the pool (None: every record).
    open_statuses: tuple[str, ...] | None = None


@dataclass(frozen=True)
class Behaviour:
    """The hooks of one object. ``None`` means "the generic records service"."""

    # Domain services that replace the generic write (they call the generic
    # ``create_record``/``insert_record``/``save_changes`` themselves, so permission,
    # version, field levels, pre-write checks, audit and events still apply).
    create: CreateHook | None = None
    update: UpdateHook | None = None
    delete: DeleteHook | None = None
    # How a record is shown after a write and on GET (default ``get_record``).
    reader: Reader | None = None
    # The OpenAPI input schema: rules across fields that no single field states ("an
    # order or a contract"), JSON Schemas joined to the create schema as ``allOf``;
    # and fn(schema, creating) for objects that take more than their fields (a
    # user's password and roles), run when the document is built.
    create_constraints: tuple[dict[str, Any], ...] = ()
    input_schema: Callable[[dict[str, Any], bool], None] | None = None
    # What the record's timeline shows besides its field changes and the sources every
    # object has (activities, comments, approvals): e.g. an opportunity's stages.
    timeline: TimelineSource | None = None
    # Imports: what the batched path adds so it stays faithful to ``create``; an
    # object with its own ``create`` and no adapter is imported row by row.
    import_adapter: ImportAdapter | None = None
    # ``migration=true`` imports: ``create`` writes history as given (dates, stages).
    import_history: bool = False
    # Files of history rows about imported records, by ``kind`` (e.g. stage_history).
    history_files: Mapping[str, HistoryFile] = field(default_factory=dict)
    # A field naming a record within its company: imports de-duplicate/upsert on it.
    natural_key: str | None = None
    # Choices a cell names by key or label when they depend on the record (a deal's
    # stage is one of its pipeline's), by field.
    import_choices: Mapping[str, ChoiceSource] = field(default_factory=dict)
    # What an import takes besides the fields (a user's roles, a first password).
    import_extras: ImportExtras | None = None
    # Which fields the duplicate check compares and their key columns (kept on every
    # insert and update of the model once the behaviour is registered).
    dedupe: DedupeSpec | None = None
    # Records without an owner form a pool: claim, release, cap, scheduled return.
    pool: PoolKind | None = None
    # Approvals: moment (submitted/approved/rejected/withdrawn) → hook, and the check
    # run before a record may be submitted (may raise ProblemError).
    approval_hooks: Mapping[str, ApprovalHook] = field(default_factory=dict)
    submit_check: ApprovalHook | None = None


GENERIC = Behaviour()

_BEHAVIOURS: dict[str, Behaviour] = {}


def register_behaviours(behaviours: Mapping[str, Behaviour]) -> None:
    """Declare objects' behaviours (called by ``platform.modules.install`` with each
    module's ``behaviours``). Registering the very same behaviour again is a no-op (the app
    may be created more than once in a process); a different one is an error."""
    for name, behaviour in behaviours.items():
        known = _BEHAVIOURS.get(name)
        if known is not None and known is not behaviour:
            raise RuntimeError(f"two behaviours declared for the object {name!r}")
        _BEHAVIOURS[name] = behaviour
        if behaviour.dedupe is not None:
            from salescrm.platform.dedupe.keys import keep_keys

            keep_keys(behaviour.dedupe)


def behaviour_for(obj: ObjectDef | str) -> Behaviour:
    """The one behaviour of an object (``GENERIC`` unless its module declared one;
    custom objects are always generic)."""
    if isinstance(obj, str):
        return _BEHAVIOURS.get(obj, GENERIC)
    if obj.custom:  # a custom object's name never picks up a module's hooks
        return GENERIC
    return _BEHAVIOURS.get(obj.api_name, GENERIC)


def declared() -> Mapping[str, Behaviour]:
    """Every declared behaviour by object (read-only view, for docs and tests)."""
    return dict(_BEHAVIOURS)
