"""Resolve a bearer token or session cookie into a Context: the user, their tenant
and their merged permissions. Two or three small indexed queries per request."""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass, replace
from datetime import timedelta
from typing import Any

from sqlalchemy import bindparam, event, select
from sqlalchemy.orm import ORMExecuteState, Session

from salescrm.db.types import utcnow
from salescrm.models import (
    AuthToken,
    Department,
    RecordTeamMember,
    Role,
    Tenant,
    User,
    UserRole,
)
from salescrm.platform.auth import usage
from salescrm.platform.auth.scopes import parse as parse_scopes
from salescrm.platform.auth.tokens import CSRF_HEADER, SESSION_COOKIE, csrf_ok, token_hash
from salescrm.platform.errors import ProblemError
from salescrm.platform.permissions import Permissions, department_user_ids, merge_roles
from salescrm.platform.tenancy import Context, CurrentUser

SAFE_METHODS = {"GET", "HEAD", "OPTIONS"}


@dataclass(frozen=True)
class Credentials:
    token: str | None
    from_cookie: bool
    csrf: str | None


def credentials_from(headers: dict[str, str], cookies: dict[str, str]) -> Credentials:
    auth = headers.get("authorization", "")
    if auth[:7].lower() == "bearer ":
        return Credentials(auth[7:].strip() or None, False, None)
    cookie = cookies.get(SESSION_COOKIE)
    return Credentials(cookie or None, bool(cookie), headers.get("x-csrf-token"))


def unauthenticated() -> ProblemError:
    return ProblemError(401, "error.not_authenticated", headers={"WWW-Authenticate": "Bearer"})


# The token lookup, built once: constructing a statement costs more than running it.
_TOKEN_QUERY = (
    select(AuthToken.id, AuthToken.kind, AuthToken.scopes, AuthToken.expires_at,
           AuthToken.revoked_at, AuthToken.last_used_at, User.id.label("user_id"),
           User.tenant_id, User.name, User.email, User.department_id, User.manager_id,
           User.locale, User.is_active, User.deleted_at, User.must_change_password,
           Tenant.metadata_version)
    .join(User, User.id == AuthToken.user_id)
    .join(Tenant, Tenant.id == User.tenant_id)
    .where(AuthToken.token_hash == bindparam("token_hash"))
)

# Resolved permissions (roles merged, department members) per user, kept a few seconds.
# Every request still reads its token (revocation, deactivation and expiry act at once);
# a change to roles, users, departments or record teams empties this process's cache on
# flush, and
# other processes see it within PERMISSIONS_TTL_SECONDS.
PERMISSIONS_TTL_SECONDS = 5.0
_ORG_MODELS = (Role, UserRole, User, Department, RecordTeamMember)
_permissions_cache: dict[tuple[Any, ...], tuple[float, Permissions]] = {}
_org_generation = 0
_cache_lock = threading.Lock()


def forget_permissions() -> None:
    """Drop every cached permission set of this process (org data changed)."""
    global _org_generation
    with _cache_lock:
        _org_generation += 1
        _permissions_cache.clear()


@event.listens_for(Session, "after_flush")
def _org_flushed(session: Session, _ctx: Any) -> None:
    if any(isinstance(o, _ORG_MODELS)
           for group in (session.new, session.dirty, session.deleted) for o in group):
        forget_permissions()


@event.listens_for(Session, "do_orm_execute")
def _org_bulk_write(state: ORMExecuteState) -> None:
    if (state.is_update or state.is_delete) and any(
            m.class_ in _ORG_MODELS for m in state.all_mappers):
        forget_permissions()


def _resolve_permissions(session: Session, user_id: str, tenant_id: str,
                         department_id: str | None) -> Permissions:
    key = (tenant_id, user_id, department_id, _org_generation)
    now = time.monotonic()
    hit = _permissions_cache.get(key)
    if hit is not None and hit[0] > now:
        return replace(hit[1])  # each request gets its own copy to adjust
    roles = list(session.scalars(
        select(Role).join(UserRole, UserRole.role_id == Role.id)
        .where(UserRole.user_id == user_id, Role.deleted_at.is_(None))
    ))
    perms = merge_roles(roles)
    perms.team_objects = frozenset(session.scalars(
        select(RecordTeamMember.object).where(RecordTeamMember.user_id == user_id).distinct()))
    if perms.data_scope in ("department", "department_and_below"):
        perms.visible_owner_ids = department_user_ids(
            session, department_id, perms.data_scope == "department_and_below")
    with _cache_lock:
        if key[-1] == _org_generation:  # not invalidated while we were reading
            if len(_permissions_cache) > 10_000:
                _permissions_cache.clear()
            _permissions_cache[key] = (now + PERMISSIONS_TTL_SECONDS, perms)
    return replace(perms)


def authenticate(session: Session, creds: Credentials, method: str, locale: str) -> Context:
    """Build the Context for a request, or raise 401 (or 403 for a bad CSRF token)."""
    if not creds.token or len(creds.token) > 200:
        raise unauthenticated()
    session.info["tenant_id"] = None  # the token names the tenant; scope after
    row = session.execute(_TOKEN_QUERY, {"token_hash": token_hash(creds.token)}).first()
    now = utcnow()
    if (row is None or row.revoked_at is not None or not row.is_active
            or row.deleted_at is not None or (row.expires_at and row.expires_at < now)):
        raise unauthenticated()
    if creds.from_cookie and method not in SAFE_METHODS and not csrf_ok(creds.token, creds.csrf):
        raise ProblemError(403, "error.csrf", header=CSRF_HEADER)
    session.info["tenant_id"] = row.tenant_id
    perms = _resolve_permissions(session, row.user_id, row.tenant_id, row.department_id)
    if row.kind == "api":
        perms.scopes = parse_scopes(row.scopes)
    if row.last_used_at is None or row.last_used_at < now - timedelta(hours=1):
        # At most hourly, and never in this transaction: a read must stay a read.
        usage.note_use(session.get_bind(), row.id, now)  # type: ignore[arg-type]
    user = CurrentUser(row.user_id, row.tenant_id, row.name, row.email, row.department_id,
                       row.manager_id, row.locale)
    return Context(session=session, tenant_id=row.tenant_id, user=user, permissions=perms,
                   metadata_version=row.metadata_version, locale=locale, token_kind=row.kind,
                   token_id=row.id, must_change_password=bool(row.must_change_password))
