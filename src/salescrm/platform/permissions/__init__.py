"""Roles → per-object actions, data scope and field permissions, enforced in one place.

A record outside the caller's data scope is simply absent from every query the
records layer builds, so it answers 404 — never 403 with its data.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import Boolean, ColumnElement, false, or_, select, true
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.orm import Session
from sqlalchemy.sql.elements import Grouping
from sqlalchemy.sql.functions import FunctionElement

from salescrm.platform.auth.scopes import SESSION_SCOPES, allows_action
from salescrm.platform.errors import ProblemError
from salescrm.platform.metadata import ObjectDef

# Re-exported on purpose (callers import them from here); the `X as X` form marks
# that for mypy --strict (no implicit re-export).
from salescrm.platform.permissions.field_levels import (
    Withheld as Withheld,
)
from salescrm.platform.permissions.field_levels import (
    mask as mask,
)
from salescrm.platform.permissions.field_levels import (
    visible_changes as visible_changes,
)
from salescrm.platform.permissions.field_levels import (
    visible_values as visible_values,
)

ACTIONS = ("read", "create", "update", "delete", "export", "approve")
DATA_SCOPES = ("own", "department", "department_and_below", "all")
FIELD_LEVELS = ("hidden", "readonly", "masked")
# Wider scope wins when a user has several roles; looser field level wins likewise.
_SCOPE_RANK = {s: i for i, s in enumerate(DATA_SCOPES)}
_FIELD_RANK = {"hidden": 0, "masked": 1, "readonly": 2}


@dataclass
class Permissions:
    role_keys: tuple[str, ...]
    # One map per role: object (or "*" for any other object) → allowed actions.
    actions: tuple[dict[str, frozenset[str]], ...]
    data_scope: str
    field_levels: dict[str, dict[str, str]]
    # Owners whose records a department-scoped user sees (None when scope is own/all).
    visible_owner_ids: frozenset[str] | None = None
    # What the credentials allow (platform/auth/scopes.py); sessions and jobs hold all.
    scopes: frozenset[str] = SESSION_SCOPES
    # Objects with a record team (协作人) the user is on; None = not known (assume any).
    # Where the user is on no team, the data scope leaves the team clause out, so the
    # owners' records are read from their index alone.
    team_objects: frozenset[str] | None = None

    @property
    def is_admin(self) -> bool:
        return "admin" in self.role_keys

    def can(self, object_name: str, action: str) -> bool:
        if not allows_action(self.scopes, object_name, action):
            return False
        for role in self.actions:
            # A role's entry for the object is authoritative over its "*" entry.
            granted = role.get(object_name, role.get("*"))
            if granted and (action in granted or "*" in granted):
                return True
        return False

    def require(self, obj: ObjectDef, action: str) -> None:
        if not self.can(obj.api_name, action):
            from salescrm.platform.i18n import get_locale

            raise ProblemError(403, "error.forbidden_action", action=action,
                               object=obj.label(get_locale()))

    def field_level(self, object_name: str, field_name: str) -> str | None:
        return self.field_levels.get(object_name, {}).get(field_name)


def merge_roles(roles: list[Any]) -> Permissions:
    """Combine a user's roles: union of actions, widest scope, loosest field level."""
    scope = "own"
    levels: dict[str, dict[str, str]] = {}
    seen_fields: dict[str, dict[str, int]] = {}
    for role in roles:
        if _SCOPE_RANK.get(role.data_scope, 0) > _SCOPE_RANK[scope]:
            scope = role.data_scope
    for role in roles:
        for obj, fields in (role.field_permissions or {}).items():
            for fname, level in fields.items():
                rank = _FIELD_RANK.get(level, 3)
                prev = seen_fields.setdefault(obj, {}).get(fname)
                if prev is None or rank > prev:
                    seen_fields[obj][fname] = rank
                    levels.setdefault(obj, {})[fname] = level
    # A field only stays restricted when every role restricts it.
    for obj, fields in list(levels.items()):
        for fname in list(fields):
            if any(fname not in (r.field_permissions or {}).get(obj, {}) for r in roles):
                del fields[fname]
    return Permissions(
        role_keys=tuple(r.key for r in roles),
        actions=tuple({k: frozenset(v) for k, v in (r.permissions or {}).items()} for r in roles),
        data_scope=scope if roles else "own",
        field_levels=levels,
    )


def department_user_ids(session: Session, department_id: str | None, below: bool) -> frozenset[str]:
    """Users in a department (and, with ``below``, in every department under it)."""
    from salescrm.models import Department, User

    if department_id is None:
        return frozenset()
    dept_ids = {department_id}
    if below:
        rows = session.execute(select(Department.id, Department.parent_id)).all()
        children: dict[str | None, list[str]] = {}
        for dept_id, parent_id in rows:
            children.setdefault(parent_id, []).append(dept_id)
        stack = [department_id]
        while stack:
            for child in children.get(stack.pop(), []):
                if child not in dept_ids:
                    dept_ids.add(child)
                    stack.append(child)
    return frozenset(session.scalars(select(User.id).where(User.department_id.in_(dept_ids))))


def scope_criteria(obj: ObjectDef, perms: Permissions, user_id: str,
                   team: str | None = "read") -> ColumnElement[bool]:
    """The WHERE clause that limits ``obj`` to the records the user may see.

    Records whose team (协作人) the user is on count too: ``team="read"`` any member,
    ``team="edit"`` members with edit access (the write path), ``None`` nobody.
    """
    if not obj.owned or perms.data_scope == "all":
        return true()
    model = obj.model
    owner = model.owner_id
    if perms.data_scope == "own":
        clauses = [owner == user_id]
    else:
        ids = perms.visible_owner_ids or frozenset({user_id})
        clauses = [owner.in_(sorted(ids | {user_id}))]
    if obj.also_own_column:
        clauses.append(getattr(model, obj.also_own_column) == user_id)
    if obj.pool_visible:
        clauses.append(owner.is_(None))
    if team is not None and (perms.team_objects is None
                             or obj.api_name in perms.team_objects):
        clauses.append(_InSubquery(model.id, team_record_ids(obj.api_name, user_id, team)
                                   .scalar_subquery()))
    return or_(*clauses) if clauses else false()


def team_record_ids(object_name: str, user_id: str, access: str) -> Any:
    """Ids of the records of ``object_name`` whose team the user is on (an index-only
    subquery on (tenant_id, user_id, object, record_id, access))."""
    from salescrm.models import RecordTeamMember as M

    stmt = select(M.record_id).where(M.user_id == user_id, M.object == object_name)
    return stmt.where(M.access == "edit") if access == "edit" else stmt


class _InSubquery(FunctionElement[bool]):
    """``column IN (subquery)``; on PostgreSQL ``column = ANY(ARRAY(subquery))``: the
    array is computed once and the test stays an index condition inside an OR, where
    ``IN (subquery)`` would be a filter on every row (a sequential scan)."""

    type = Boolean()
    inherit_cache = True
    name = "in_subquery"

    def self_group(self, against: Any = None) -> Any:
        # A comparison already: no "= 1" for databases without a boolean type.
        return Grouping(self)


@compiles(_InSubquery)
def _in_subquery(element: _InSubquery, compiler: Any, **kw: Any) -> str:
    column, subquery = list(element.clauses)
    return f"{compiler.process(column, **kw)} IN {compiler.process(subquery, **kw)}"


@compiles(_InSubquery, "postgresql")
def _in_subquery_pg(element: _InSubquery, compiler: Any, **kw: Any) -> str:
    column, subquery = list(element.clauses)
    return f"{compiler.process(column, **kw)} = ANY(ARRAY{compiler.process(subquery, **kw)})"
