"""The one write path of definition objects (issue 12): list views, saved reports,
dashboards, targets, automation rules, approval flows, webhooks, duplicate rules,
layouts, validation rules, custom objects and fields, pool settings.

Records go through ``platform/records``; definitions are configuration, not records
(no owner, no field levels, no import), but every write of one still needs the same
bookkeeping, and hand-written copies of it drifted (one delete bumped the version, its
twin did not; none emitted an event). A kind declares itself once as a
:class:`Definitions` and its service keeps only what is its own (checking a body,
shaping an answer); ``create``/``update``/``delete`` here do the rest, in this order:

- the admin check (``custom.admin_only``), when the kind is administrators' business;
- on update, the version check: a stale ``version`` is 409 ``error.stale_version`` with
  ``current_version``; a kind whose PATCH always required ``version`` answers 422
  without it, the others accept a PATCH without one (as their clients always could);
- the version bump (create starts at 1; update and delete add one);
- one audit row with each field's ``[old, new]`` (the kind's ``snapshot``);
- one event, ``<kind>.created|updated|deleted``, through the job queue like a record's,
  so webhooks subscribed to ``*`` hear of configuration changes too.

``KINDS`` lists every kind, so tests parametrized over it cover a new kind at once.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any, Generic, TypeVar

from sqlalchemy import ColumnElement, select

from salescrm.db.base import RecordMixin
from salescrm.db.types import utcnow
from salescrm.platform.audit import record_change
from salescrm.platform.errors import ProblemError, not_found
from salescrm.platform.jobs import emit_event
from salescrm.platform.tenancy import Context

M = TypeVar("M", bound=RecordMixin)
Snapshot = Callable[[Any], dict[str, Any]]


def require_admin(ctx: Context) -> None:
    """Company configuration is administrators' business."""
    if not ctx.permissions.is_admin:
        raise ProblemError(403, "custom.admin_only")


def check_sent_version(row: RecordMixin, body: Any, *, required: bool) -> None:
    """409 when the body names a version other than the row's. With ``required``, the
    records layer's rule (422 without one, or with a non-integer)."""
    if required:
        from salescrm.platform.records.service import check_version

        check_version(row, body)
        return
    sent = body.get("version") if isinstance(body, dict) else None
    if sent is not None and sent != row.version:
        raise ProblemError(409, "error.stale_version", sent=sent, current=row.version,
                           extra={"current_version": row.version})


def diff(old: dict[str, Any], new: dict[str, Any]) -> dict[str, list[Any]]:
    """Each field whose value changed, as ``[old, new]``."""
    return {k: [old.get(k), new.get(k)] for k in {**old, **new}
            if old.get(k) != new.get(k)}


class Definitions(Generic[M]):
    """One definition kind: its table, its audit/event name and what it records.

    ``kind`` names the audit rows' object and the events (``webhooks.created``).
    ``snapshot(row)`` is what the audit row compares: JSON values, no secrets.
    ``path`` is the API collection (tests find every kind's endpoints by it), None for
    a kind kept at one address per object (a page layout).
    ``after_write(ctx)`` runs after each write (a kind cached per metadata version
    bumps it).
    ``hard_delete``: delete removes the row (a kind unique per object, whose next save
    must be able to take its place), still with its audit row and event.
    """

    def __init__(self, kind: str, model: type[M], *, snapshot: Snapshot,
                 path: str | None, admin_only: bool = True, version_required: bool = False,
                 after_write: Callable[[Context], Any] | None = None,
                 hard_delete: bool = False) -> None:
        self.kind, self.model, self.snapshot, self.path = kind, model, snapshot, path
        self.admin_only, self.version_required = admin_only, version_required
        self.after_write, self.hard_delete = after_write, hard_delete
        KINDS[kind] = self

    # --- reading --------------------------------------------------------------------
    def require(self, ctx: Context) -> None:
        if self.admin_only:
            require_admin(ctx)

    def get(self, ctx: Context, row_id: str, *where: ColumnElement[bool]) -> M:
        """A live row (soft-deleted ones are 404, as is an id too long to be one)."""
        row = ctx.session.scalars(select(self.model).where(
            self.model.id == row_id[:64], self.model.deleted_at.is_(None), *where)).first()
        if row is None:
            raise not_found()
        return row

    def list(self, ctx: Context, *where: ColumnElement[bool],
             order_by: Iterable[Any] = (), limit: int | None = None) -> list[M]:
        stmt = select(self.model).where(self.model.deleted_at.is_(None), *where)
        stmt = stmt.order_by(*order_by) if order_by else stmt.order_by(self.model.created_at)
        return list(ctx.session.scalars(stmt.limit(limit) if limit else stmt))

    # --- writing ----------------------------------------------------------------------
    def create(self, ctx: Context, row: M) -> M:
        """Insert a checked row: version 1, its creator, audit, ``<kind>.created``."""
        row.version = 1
        if row.created_by is None and ctx.user is not None:
            row.created_by = ctx.user.id
        if row.custom is None:
            row.custom = {}
        ctx.session.add(row)
        ctx.session.flush()
        changes = {k: [None, v] for k, v in self.snapshot(row).items() if v is not None}
        self._written(ctx, row, "create", "created", changes)
        return row

    def update(self, ctx: Context, row: M, body: Any, apply: Callable[[], Any]) -> M:
        """Check the sent version, ``apply()`` the kind's checked changes to the row, then
        bump, audit and emit ``<kind>.updated`` (with the changes)."""
        check_sent_version(row, body, required=self.version_required)
        old = self.snapshot(row)
        apply()
        row.version = row.version + 1
        row.updated_at = utcnow()
        ctx.session.flush()
        self._written(ctx, row, "update", "updated", diff(old, self.snapshot(row)))
        return row

    def delete(self, ctx: Context, row: M) -> None:
        """Soft delete: ``deleted_at``, the version bumped (every kind alike), audit and
        ``<kind>.deleted``."""
        if self.hard_delete:
            ctx.session.delete(row)
        else:
            row.deleted_at = utcnow()
            row.version = row.version + 1
        ctx.session.flush()
        self._written(ctx, row, "delete", "deleted", {})

    def restore(self, ctx: Context, row: M) -> M:
        """Back from a soft delete: the version bumped, audit and ``<kind>.restored``."""
        row.deleted_at = None
        row.version = row.version + 1
        ctx.session.flush()
        self._written(ctx, row, "restore", "restored", {})
        return row

    def _written(self, ctx: Context, row: M, action: str, event: str,
                 changes: dict[str, Any]) -> None:
        record_change(ctx, action, self.kind, row.id, changes)
        data: dict[str, Any] = {"id": row.id, "object": self.kind,
                                "user_id": ctx.user.id if ctx.user else None}
        if action == "update":
            data["changes"] = changes
        emit_event(ctx.session, ctx.tenant_id, f"{self.kind}.{event}", data)
        if self.after_write is not None:
            self.after_write(ctx)


KINDS: dict[str, Definitions[Any]] = {}


def kind_of(model: type[M]) -> Definitions[M]:
    """The kind whose rows live in ``model`` (for code shared by several kinds)."""
    return next(k for k in KINDS.values() if k.model is model)
