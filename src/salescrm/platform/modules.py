"""What a module brings to the app, declared in one place (issue 12).

Each module's ``wiring.py`` holds one ``MODULE = Module(...)``: its objects, what they
do when written (their behaviours), its background jobs and schedules, the events it
listens to, the checks it adds to every write, its timeline sources, what a new
tenant gets, and its HTTP routes. ``salescrm.app`` lists the modules and
:func:`install` registers every declaration once, at start-up. Importing a module
registers nothing: reading its ``MODULE`` tells everything it adds, and the order
of the modules does not matter (each object has one owner; a check that must run
before the others says so with ``first=True``).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from sqlalchemy.orm import Session

from salescrm.platform.metadata import ObjectDef
from salescrm.platform.tenancy import Context

if TYPE_CHECKING:
    from salescrm.models import Job
    from salescrm.platform.records.behaviour import Behaviour, TimelineSource

# fn(ctx, obj, row, changes, action): refuses a write by raising ProblemError (see
# ``records.service.run_pre_write_checks``).
Check = Callable[[Context, ObjectDef, Any, dict[str, Any], str], None]


@dataclass(frozen=True)
class JobKind:
    """A kind of background job: its handler, and how often it runs by itself."""

    run: Callable[[Session, Job], None]
    every_seconds: int | None = None
    # The handler commits as it goes (an import, batch by batch).
    own_transactions: bool = False


@dataclass(frozen=True)
class Subscription:
    """An event listener (idempotent), and optionally whether it cares about events of
    a type for a tenant — asked once per type, so ignored events cost no query."""

    on_event: Callable[[Session, dict[str, Any]], None]
    interest: Callable[[Session, str, str], bool] | None = None


@dataclass(frozen=True)
class PreWriteCheck:
    check: Check
    # Runs before every other check (a record locked by a pending approval is refused
    # as locked, whatever else is wrong with the write).
    first: bool = False


@dataclass(frozen=True)
class Module:
    objects: Sequence[ObjectDef] = ()
    behaviours: Mapping[str, Behaviour] = field(default_factory=dict)
    jobs: Mapping[str, JobKind] = field(default_factory=dict)
    subscriptions: Sequence[Subscription] = ()
    pre_write_checks: Sequence[PreWriteCheck] = ()
    # Timeline items every object's records may have (activities, comments, approvals).
    timeline_sources: Sequence[TimelineSource] = ()
    # Run for every new tenant, after its administrator exists (idempotent).
    tenant_setup: Sequence[Callable[[Context], None]] = ()
    # The module's HTTP routers, built when the app is (after every module is installed:
    # some routes are made per registered object, pool or duplicate rule).
    routers: Callable[[], Sequence[Any]] | None = None


_installed: list[Module] = []


def install(module: Module) -> None:
    """Register a module's declarations (once: installing it again does nothing)."""
    if any(m is module for m in _installed):
        return
    from salescrm.platform import jobs
    from salescrm.platform.audit.api import TIMELINE_SOURCES
    from salescrm.platform.metadata import register
    from salescrm.platform.org.service import TENANT_SETUP
    from salescrm.platform.records.behaviour import register_behaviours
    from salescrm.platform.records.service import PRE_WRITE_CHECKS

    for obj in module.objects:
        register(obj)
    register_behaviours(module.behaviours)
    for kind, job in module.jobs.items():
        jobs.register_job(kind, job.run, every_seconds=job.every_seconds,
                          own_transactions=job.own_transactions)
    for sub in module.subscriptions:
        jobs.subscribe(sub.on_event, sub.interest)
    for pre in module.pre_write_checks:
        if pre.check not in PRE_WRITE_CHECKS:
            # The ``first`` checks go in front, the others after, in declaration order.
            firsts = sum(1 for c in PRE_WRITE_CHECKS if c in _first_checks)
            PRE_WRITE_CHECKS.insert(firsts if pre.first else len(PRE_WRITE_CHECKS), pre.check)
            if pre.first:
                _first_checks.add(pre.check)
    TIMELINE_SOURCES.extend(s for s in module.timeline_sources if s not in TIMELINE_SOURCES)
    TENANT_SETUP.extend(s for s in module.tenant_setup if s not in TENANT_SETUP)
    _installed.append(module)


_first_checks: set[Check] = set()


def routers() -> list[Any]:
    """Every installed module's routers, in the order the modules were installed (the
    routes of different modules never overlap: record ids only match id-shaped
    segments, so ``/opportunities/kanban`` and ``/accounts/export`` reach theirs)."""
    out: list[Any] = []
    for module in _installed:
        if module.routers is not None:
            out.extend(module.routers())
    return out
