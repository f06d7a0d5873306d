"""The request boundary: one threadpool hop per request that opens a session,
authenticates, runs the service, commits (or rolls back) and serializes once.

Endpoints are ``async def`` and call :func:`run`; FastAPI's sync dependencies would
each cost another threadpool hop (see bench-reference lessons).
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any, TypeVar, cast

import orjson
from fastapi import Request
from sqlalchemy.exc import DBAPIError, IntegrityError
from sqlalchemy.orm import Session, sessionmaker
from starlette.concurrency import run_in_threadpool
from starlette.responses import Response

from salescrm.db.engine import begin_write
from salescrm.platform.auth import scopes
from salescrm.platform.auth.context import SAFE_METHODS, authenticate, credentials_from
from salescrm.platform.errors import FieldError, ProblemError
from salescrm.platform.i18n import get_locale, set_locale
from salescrm.platform.tenancy import Context

T = TypeVar("T")
MAX_BODY_BYTES = 2 * 1024 * 1024


def sessions(request: Request) -> sessionmaker[Session]:
    return cast("sessionmaker[Session]", request.app.state.sessions)


def is_json(request: Request) -> bool:
    media = request.headers.get("content-type", "").split(";")[0].strip().lower()
    return media == "application/json" or (media.startswith("application/")
                                           and media.endswith("+json"))


async def read_json(request: Request, *, json_only: bool = False) -> Any:
    """The request body as JSON; 400 when malformed, 413 when too large.

    ``json_only``: 415 unless the body says it is JSON. A browser posts text/plain and
    forms to any site without asking (no CORS preflight): sign-in and sign-up take
    JSON alone, so another page cannot sign a visitor into the attacker's account."""
    if json_only and not is_json(request):
        raise ProblemError(415, "error.json_required")
    body = await request.body()
    if len(body) > MAX_BODY_BYTES:
        raise ProblemError(413, "problem.413")
    if not body.strip():
        raise ProblemError(400, "error.malformed_json",
                           errors=[FieldError("body", "error.malformed_json")])
    try:
        return orjson.loads(body)
    except orjson.JSONDecodeError as exc:
        raise ProblemError(400, "error.malformed_json",
                           errors=[FieldError("body", "error.malformed_json")]) from exc


def _database_problem(exc: DBAPIError) -> Exception:
    """Database refusals that are the client's input (422) or a passing lock (503)."""
    # 22P05: a \u0000 inside JSON, which jsonb cannot store (text NUL is caught below).
    if getattr(exc.orig, "sqlstate", "") in ("22003", "22001", "22P02", "22007", "22P05"):
        return ProblemError(422, "error.validation")
    if "NUL (0x00)" in str(exc.orig):  # psycopg refuses NUL in text before sending it
        return ProblemError(422, "error.validation")
    if _transient(exc):
        # Serialization failure, deadlock or lock timeout: safe to retry the request.
        return ProblemError(503, "error.busy", headers={"Retry-After": "1"})
    return exc


def route_scope(request: Request) -> str:
    """The scope the matched route declares (``x-scope``), its parameters filled in."""
    route = request.scope.get("route")
    declared = (getattr(route, "openapi_extra", None) or {}).get("x-scope")
    if not declared:  # fail closed: a route that states nothing serves nobody
        raise RuntimeError(f"route {getattr(route, 'path', '?')} declares no scope")
    return scopes.resolve(declared, {**request.query_params, **request.path_params})


# A route that a user who must change their password may still call with a write
# (the change itself, signing out) says so in its openapi_extra.
BEFORE_PASSWORD_CHANGE = "x-before-password-change"


def allowed_before_password_change(request: Request) -> bool:
    route = request.scope.get("route")
    return bool((getattr(route, "openapi_extra", None) or {}).get(BEFORE_PASSWORD_CHANGE))


def _transient(exc: DBAPIError) -> bool:
    """A lock or snapshot conflict that the same work, run again, would not meet."""
    return "database is locked" in str(exc.orig) or getattr(exc.orig, "sqlstate", "") in (
        "40001", "40P01", "55P03")


# A read is tried again when it met a write conflict: on SQLite a read transaction
# that has to write (a cache it fills, a job it queues) cannot be upgraded once
# another writer has committed; the retry takes the write lock first and queues.
READ_ATTEMPTS = 3


async def run(request: Request, fn: Callable[[Context], T], *, write: bool = False) -> T:
    """Authenticate, check the route's scope against the credentials' and run
    ``fn(ctx)`` in one unit of work, in one worker thread."""
    creds = credentials_from(dict(request.headers), dict(request.cookies))
    needed = route_scope(request)
    method = request.method
    query = dict(request.query_params)
    locale = get_locale()
    factory = sessions(request)
    safe = method in SAFE_METHODS
    pending_ok = safe or allowed_before_password_change(request)

    def attempt(take_write_lock: bool) -> tuple[T, Context]:
        with factory() as session:
            try:
                if take_write_lock:
                    begin_write(session)
                ctx = authenticate(session, creds, method, locale)
                if not scopes.covers(ctx.permissions.scopes, needed):
                    raise ProblemError(403, "error.scope_missing", scope=needed)
                if ctx.must_change_password and not pending_ok:
                    raise ProblemError(403, "auth.password_change_required")
                ctx.query = query
                result = fn(ctx)
                session.commit()
            except BaseException:
                session.rollback()
                raise
        return result, ctx

    def work() -> T:
        set_locale(locale)
        for n in range(1, READ_ATTEMPTS + 1):
            try:
                result, ctx = attempt(take_write_lock=not safe or n > 1)
                break
            except IntegrityError as exc:
                # Two reads filling the same cache at once: the second one reads it.
                if safe and n < READ_ATTEMPTS:
                    continue
                raise ProblemError(409, "error.duplicate", field="—") from exc
            except DBAPIError as exc:
                if safe and n < READ_ATTEMPTS and _transient(exc):
                    time.sleep(0.05 * n)
                    continue
                raise _database_problem(exc) from exc
        for callback in ctx.after_commit:
            callback()
        return result

    return await run_in_threadpool(work)


async def run_public(request: Request, fn: Callable[[Session], T], *,
                     write: bool = True) -> T:
    """A unit of work without a signed-in user (login, signup); ``write=False`` for one
    that only reads (checking a password must not hold the write lock)."""
    locale = get_locale()
    factory = sessions(request)

    def work() -> T:
        set_locale(locale)
        with factory() as session:
            session.info["tenant_id"] = None
            try:
                if write:
                    begin_write(session)
                result = fn(session)
                session.commit()
            except IntegrityError:
                session.rollback()
                raise
            except DBAPIError as exc:  # the write lock stayed taken: busy, not broken
                session.rollback()
                raise _database_problem(exc) from exc
            except BaseException:
                session.rollback()
                raise
        return result

    return await run_in_threadpool(work)


def json_response(data: Any, status: int = 200, headers: dict[str, str] | None = None) -> Response:
    return Response(orjson.dumps(data), status_code=status, media_type="application/json",
                    headers=headers)
