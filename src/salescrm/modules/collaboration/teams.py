"""Record teams (协作人): colleagues who work on a record outside their data scope.

A member sees the record (``access = "read"``) or may also edit it (``"edit"``)
— the generic data scope (``platform.permissions.scope_criteria``) reads the
``record_team_members`` table. Role permissions still apply: the team widens
*which* records a user reaches, not *what* they may do with an object. Deleting
and restoring stay with the owner's side. Only the owner, a manager above the
owner or an administrator may change the team; a member may leave it.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from salescrm.db.types import utcnow
from salescrm.models import Department, RecordTeamMember, User
from salescrm.modules.collaboration.collab_access import (
    people,
    person_name,
    readers,
    record_title,
    visible_record,
)
from salescrm.modules.collaboration.service import notify
from salescrm.platform.errors import FieldError, ProblemError, validation_error
from salescrm.platform.i18n import t
from salescrm.platform.metadata import ObjectDef
from salescrm.platform.records import service as records
from salescrm.platform.tenancy import Context

ACCESS = ("read", "edit")
MAX_CHAIN = 50  # manager and department hops: enough for any org chart, safe on cycles


def _members(ctx: Context, obj: ObjectDef, record_id: str) -> list[RecordTeamMember]:
    return list(ctx.session.scalars(select(RecordTeamMember).where(
        RecordTeamMember.object == obj.api_name, RecordTeamMember.record_id == record_id)
        .order_by(RecordTeamMember.created_at, RecordTeamMember.id)))


def view(m: RecordTeamMember, names: dict[str, str]) -> dict[str, Any]:
    return {"user_id": m.user_id, "name": names.get(m.user_id), "access": m.access,
            "added_by": m.added_by, "added_at": m.created_at.isoformat(),
            "updated_at": m.updated_at.isoformat()}


def list_team(ctx: Context, object_name: str, record_id: str) -> dict[str, Any]:
    """The record's team, for whoever can read the record."""
    obj, record = visible_record(ctx, object_name, record_id)
    rows = _members(ctx, obj, record["id"])
    names = {p.id: p.name for p in people(ctx.session, {m.user_id for m in rows}).values()}
    return {"items": [view(m, names) for m in rows],
            "can_manage": may_manage(ctx, obj, record["id"])}


def _owner(ctx: Context, obj: ObjectDef, record_id: str) -> str | None:
    if not obj.owned:
        return None
    return ctx.session.scalar(select(obj.model.owner_id).where(obj.model.id == record_id))


def managers_above(ctx: Context, user_id: str) -> set[str]:
    """The user's managers up the chain, and the heads of their department and of every
    department above it."""
    found: set[str] = set()
    current: str | None = user_id
    for _ in range(MAX_CHAIN):
        current = ctx.session.scalar(select(User.manager_id).where(User.id == current))
        if not current or current in found:
            break
        found.add(current)
    dept = ctx.session.scalar(select(User.department_id).where(User.id == user_id))
    seen: set[str] = set()
    for _ in range(MAX_CHAIN):
        if not dept or dept in seen:
            break
        seen.add(dept)
        row = ctx.session.execute(select(Department.head_id, Department.parent_id)
                                  .where(Department.id == dept)).first()
        if row is None:
            break
        if row.head_id and row.head_id != user_id:
            found.add(row.head_id)
        dept = row.parent_id
    return found


def may_manage(ctx: Context, obj: ObjectDef, record_id: str) -> bool:
    if ctx.permissions.is_admin:
        return True
    owner = _owner(ctx, obj, record_id)
    return owner is not None and (owner == ctx.user.id or ctx.user.id in managers_above(
        ctx, owner))


def _parse(ctx: Context, data: Any, owner: str | None) -> tuple[str, str]:
    if not isinstance(data, dict):
        raise ProblemError(422, "error.body_not_object",
                           errors=[FieldError("body", "error.body_not_object")])
    errors: list[dict[str, Any]] = [FieldError(str(k)[:64], "field.unknown") for k in data
                                    if k not in ("user_id", "access")]
    user_id, access = data.get("user_id"), data.get("access", "read")
    if user_id is None:
        errors.append(FieldError("user_id", "field.required"))
    elif not isinstance(user_id, str):
        errors.append(FieldError("user_id", "field.type_text"))
    else:
        person = people(ctx.session, [user_id]).get(user_id)
        if person is None:
            errors.append(FieldError("user_id", "field.lookup",
                                     target=ctx.object("users").label(ctx.locale)))
        elif not person.active:
            errors.append(FieldError("user_id", "collab.user_inactive"))
        elif user_id == owner:
            errors.append(FieldError("user_id", "collab.team_owner"))
    if access not in ACCESS:
        errors.append(FieldError("access", "collab.access_invalid"))
    if errors:
        raise validation_error(errors)
    return str(user_id), str(access)


def check_manager(ctx: Context, obj: ObjectDef, record: dict[str, Any]) -> None:
    """403 unless the caller may change the team of this record (which they can see)."""
    if not may_manage(ctx, obj, record["id"]):
        raise ProblemError(403, "collab.team_forbidden")


def put_member(ctx: Context, obj: ObjectDef, record: dict[str, Any], data: Any
               ) -> tuple[dict[str, Any], bool]:
    """Add a member or change their access; ``(member, created)``. Audited on the record,
    and the member is told (in-app) when they gain access."""
    rid = record["id"]
    check_manager(ctx, obj, record)
    user_id, access = _parse(ctx, data, _owner(ctx, obj, rid))
    row = next((m for m in _members(ctx, obj, rid) if m.user_id == user_id), None)
    created = row is None
    if row is None:
        row = RecordTeamMember(tenant_id=ctx.tenant_id, object=obj.api_name, record_id=rid,
                               user_id=user_id, access=access, added_by=ctx.user.id)
        ctx.session.add(row)
    elif row.access != access:
        records.note_action(ctx, "team_update", obj.api_name, rid, {"team": [
            {"user_id": user_id, "access": row.access}, {"user_id": user_id, "access": access}]})
        row.access, row.updated_at = access, utcnow()
    else:
        return view(row, _names(ctx, row)), False
    ctx.session.flush()
    if created:
        records.note_action(ctx, "team_add", obj.api_name, rid,
                      {"team": [None, {"user_id": user_id, "access": access}]})
    _tell_member(ctx, obj, rid, user_id, access)
    return view(row, _names(ctx, row)), created


def remove_member(ctx: Context, object_name: str, record_id: str, user_id: str) -> None:
    """Take a member off the team (a member may also leave on their own)."""
    obj, record = visible_record(ctx, object_name, record_id)
    rid = record["id"]
    if user_id != ctx.user.id and not may_manage(ctx, obj, rid):
        raise ProblemError(403, "collab.team_forbidden")
    row = next((m for m in _members(ctx, obj, rid) if m.user_id == user_id[:64]), None)
    if row is None:
        raise ProblemError(404, "collab.team_not_member")
    records.note_action(ctx, "team_remove", obj.api_name, rid,
                  {"team": [{"user_id": row.user_id, "access": row.access}, None]})
    ctx.session.delete(row)
    ctx.session.flush()


def _names(ctx: Context, row: RecordTeamMember) -> dict[str, str]:
    return {p.id: p.name for p in people(ctx.session, [row.user_id]).values()}


def _tell_member(ctx: Context, obj: ObjectDef, rid: str, user_id: str, access: str) -> None:
    if user_id == ctx.user.id:
        return
    for reader in readers(ctx.session, ctx.tenant_id, obj, rid, [user_id]).values():
        notify(ctx.session, ctx.tenant_id, user_id, "team_added", "collab.notify.team.title",
               object=obj.api_name, record_id=rid,
               params={"author": person_name(ctx.session, ctx.user.id, reader.locale),
                       "object": obj.label(reader.locale),
                       "name": record_title(obj, reader.record),
                       "access": t(f"collab.access.{access}", locale=reader.locale)})
