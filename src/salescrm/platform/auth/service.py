"""Sign-in, sign-out, sign-up and API tokens."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from salescrm.config import get_settings
from salescrm.db.types import new_id, utcnow
from salescrm.models import AuthToken, LoginAttempt, User
from salescrm.platform.auth.passwords import dummy_hash, verify_password
from salescrm.platform.auth.scopes import covers, normalize
from salescrm.platform.auth.tokens import new_token, token_hash
from salescrm.platform.errors import FieldError, ProblemError, validation_error
from salescrm.platform.tenancy import Context


def check_login_body(body: Any) -> tuple[str, str]:
    if not isinstance(body, dict):
        raise ProblemError(422, "error.body_not_object")
    email, password = body.get("email"), body.get("password")
    errors = []
    if not isinstance(email, str) or not email.strip() or len(email) > 254:
        errors.append(FieldError("email", "field.type_email"))
    if not isinstance(password, str) or not password or len(password) > 200:
        errors.append(FieldError("password", "field.required"))
    if errors:
        raise validation_error(errors)
    return email.strip().lower(), password  # type: ignore[union-attr,return-value]


def throttled(session: Session, email: str) -> bool:
    s = get_settings()
    since = utcnow() - timedelta(minutes=s.login_window_minutes)
    failures = session.scalar(select(func.count()).select_from(LoginAttempt)
                              .where(LoginAttempt.email == email, LoginAttempt.at >= since))
    return (failures or 0) >= s.login_max_failures


def record_failure(session: Session, email: str, ip: str | None) -> None:
    session.add(LoginAttempt(id=new_id(), email=email, at=utcnow(), ip=ip))


def login(session: Session, email: str, password: str) -> tuple[User, str] | None:
    """Return the user and a new session token, or None for wrong credentials."""
    user = check_credentials(session, email, password)
    return (user, open_session(session, user)) if user is not None else None


def check_credentials(session: Session, email: str, password: str) -> User | None:
    """The active user with this email and password, or None. Reads only: the slow
    password hash is checked before any write lock is taken."""
    user = session.scalars(select(User).where(func.lower(User.email) == email)).first()
    if user is None:
        verify_password(password, dummy_hash())
        return None
    if not verify_password(password, user.password_hash) or not user.is_active \
            or user.deleted_at is not None:
        return None
    return user


def open_session(session: Session, user: User) -> str:
    """A new session token for ``user`` (written in the caller's transaction)."""
    token = new_token("scs")
    days = get_settings().session_days
    session.add(AuthToken(id=new_id(), tenant_id=user.tenant_id, user_id=user.id,
                          token_hash=token_hash(token), kind="session",
                          expires_at=utcnow() + timedelta(days=days)))
    return token


def revoke(session: Session, token: str) -> None:
    session.execute(update(AuthToken).where(AuthToken.token_hash == token_hash(token))
                    .values(revoked_at=utcnow()).execution_options(synchronize_session=False))


def revoke_user_tokens(session: Session, user_id: str, keep: str | None = None) -> None:
    """Revoke every live session and API token of a user, except the token ``keep``."""
    stmt = update(AuthToken).where(AuthToken.user_id == user_id, AuthToken.revoked_at.is_(None))
    if keep:
        stmt = stmt.where(AuthToken.id != keep)
    session.execute(stmt.values(revoked_at=utcnow()).execution_options(
        synchronize_session=False))


def create_api_token(ctx: Context, body: Any) -> dict[str, Any]:
    """An integration token for the calling user, with scopes like ``accounts:read``
    (platform/auth/scopes.py), never more than the caller's own credentials hold."""
    if not isinstance(body, dict):
        raise ProblemError(422, "error.body_not_object")
    name = body.get("name")
    scopes = body.get("scopes", ["*"])
    errors = []
    if not isinstance(name, str) or not name.strip() or len(name) > 200:
        errors.append(FieldError("name", "field.required"))
    wanted: list[str | None] = []
    if not isinstance(scopes, list) or not scopes or len(scopes) > 50 or not all(
            isinstance(s, str) and 0 < len(s) <= 80 and "," not in s for s in scopes):
        errors.append(FieldError("scopes", "field.type_list"))
    else:
        wanted = [normalize(s) for s in scopes]
        errors += [FieldError(f"scopes.{i}", "auth.scope_unknown", scope=str(scopes[i])[:80])
                   for i, s in enumerate(wanted) if s is None]
    expires_days = body.get("expires_in_days")
    if isinstance(expires_days, float) and expires_days.is_integer():  # JSON's 30.0
        expires_days = int(expires_days)
    if expires_days is not None and (isinstance(expires_days, bool)
                                     or not isinstance(expires_days, int)
                                     or not 1 <= expires_days <= 3650):
        errors.append(FieldError("expires_in_days", "field.out_of_range", min=1, max=3650))
    if errors:
        raise validation_error(errors)
    granted = sorted({s for s in wanted if s})
    beyond = [s for s in granted if not covers(ctx.permissions.scopes, s)]
    if beyond:  # a token never mints a stronger one than itself
        raise ProblemError(403, "auth.scope_exceeds", scope=", ".join(beyond))
    token = new_token("sct")
    row = AuthToken(id=new_id(), tenant_id=ctx.tenant_id, user_id=ctx.user.id,
                    token_hash=token_hash(token), kind="api", name=name.strip(),  # type: ignore[union-attr]
                    scopes=",".join(granted),
                    expires_at=utcnow() + timedelta(days=expires_days) if expires_days else None)
    ctx.session.add(row)
    ctx.session.flush()
    return {**token_view(row), "token": token}


def token_view(row: AuthToken) -> dict[str, Any]:
    return {"id": row.id, "name": row.name, "scopes": row.scopes.split(","),
            "created_at": row.created_at.isoformat(),
            "expires_at": row.expires_at.isoformat() if row.expires_at else None,
            "revoked_at": row.revoked_at.isoformat() if row.revoked_at else None,
            "last_used_at": row.last_used_at.isoformat() if row.last_used_at else None}


def list_api_tokens(ctx: Context) -> list[dict[str, Any]]:
    rows = ctx.session.scalars(select(AuthToken).where(AuthToken.user_id == ctx.user.id,
                                                       AuthToken.kind == "api")
                               .order_by(AuthToken.created_at.desc()))
    return [token_view(r) for r in rows]


def revoke_api_token(ctx: Context, token_id: str) -> None:
    row = ctx.session.scalars(select(AuthToken).where(
        AuthToken.id == token_id, AuthToken.user_id == ctx.user.id,
        AuthToken.kind == "api")).first()
    if row is None:
        raise ProblemError(404, "error.not_found")
    row.revoked_at = utcnow()
