"""Resolve a bearer token or session cookie into a Context: the user, their tenant
and their merged permissions. Two or three small indexed queries per request."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from salescrm.db.types import utcnow
from salescrm.models import AuthToken, Role, Tenant, User, UserRole
from salescrm.platform.auth.tokens import SESSION_COOKIE, csrf_ok, token_hash
from salescrm.platform.errors import ProblemError
from salescrm.platform.permissions import department_user_ids, merge_roles
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


def authenticate(session: Session, creds: Credentials, method: str, locale: str) -> Context:
    """Build the Context for a request, or raise 401 (or 403 for a bad CSRF token)."""
    if not creds.token or len(creds.token) > 200:
        raise unauthenticated()
    session.info["tenant_id"] = None  # the token names the tenant; scope after
    row = session.execute(
        select(AuthToken.id, AuthToken.kind, AuthToken.scopes, AuthToken.expires_at,
               AuthToken.revoked_at, AuthToken.last_used_at, User.id.label("user_id"),
               User.tenant_id, User.name, User.email, User.department_id, User.manager_id,
               User.locale, User.is_active, User.deleted_at, Tenant.metadata_version)
        .join(User, User.id == AuthToken.user_id)
        .join(Tenant, Tenant.id == User.tenant_id)
        .where(AuthToken.token_hash == token_hash(creds.token))
    ).first()
    now = utcnow()
    if (row is None or row.revoked_at is not None or not row.is_active
            or row.deleted_at is not None or (row.expires_at and row.expires_at < now)):
        raise unauthenticated()
    if creds.from_cookie and method not in SAFE_METHODS and not csrf_ok(creds.token, creds.csrf):
        from salescrm.platform.auth.tokens import CSRF_HEADER

        raise ProblemError(403, "error.csrf", header=CSRF_HEADER)
    session.info["tenant_id"] = row.tenant_id
    roles = list(session.scalars(
        select(Role).join(UserRole, UserRole.role_id == Role.id)
        .where(UserRole.user_id == row.user_id, Role.deleted_at.is_(None))
    ))
    perms = merge_roles(roles)
    if perms.data_scope in ("department", "department_and_below"):
        perms.visible_owner_ids = department_user_ids(
            session, row.department_id, perms.data_scope == "department_and_below"
        )
    if row.kind == "api":
        perms.scopes = frozenset(s.strip() for s in row.scopes.split(",") if s.strip())
    if row.last_used_at is None or row.last_used_at < now - timedelta(hours=1):
        # Touch at most hourly: a write per read would cost more than the read.
        session.execute(update(AuthToken).where(AuthToken.id == row.id)
                        .values(last_used_at=now).execution_options(synchronize_session=False))
    user = CurrentUser(row.user_id, row.tenant_id, row.name, row.email, row.department_id,
                       row.manager_id, row.locale)
    return Context(session=session, tenant_id=row.tenant_id, user=user, permissions=perms,
                   metadata_version=row.metadata_version, locale=locale, token_kind=row.kind)
