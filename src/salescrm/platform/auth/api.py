"""``/auth/login``, ``/auth/logout``, ``/me``, ``/signup`` and ``/api_tokens``."""

from __future__ import annotations

from typing import Any, cast

from fastapi import APIRouter, Request
from sqlalchemy import select
from sqlalchemy.orm import Session
from starlette.responses import Response

from salescrm.config import get_settings
from salescrm.models import Tenant, User
from salescrm.platform.auth import service
from salescrm.platform.auth.context import credentials_from
from salescrm.platform.auth.scopes import SCOPE_PATTERN, needs
from salescrm.platform.auth.tokens import CSRF_HEADER, SESSION_COOKIE, csrf_for
from salescrm.platform.boundary import (
    BEFORE_PASSWORD_CHANGE,
    json_response,
    read_json,
    run,
    run_public,
)
from salescrm.platform.errors import FieldError, ProblemError, validation_error
from salescrm.platform.org.docs import PASSWORD
from salescrm.platform.org.service import (
    SIGNUP_FIELDS,
    change_own_password,
    create_tenant,
    user_roles,
)
from salescrm.platform.records.openapi import field_schema
from salescrm.platform.tenancy import Context

router = APIRouter(prefix="/api/v1", tags=["auth"])
PROBLEM = {"content": {"application/problem+json": {
    "schema": {"$ref": "#/components/schemas/Problem"}}}, "description": "Problem"}
# Public operations say so (``security: []``); every other operation takes the bearer.
LOGIN_BODY = {"security": [], "requestBody": {"required": True, "content": {
    "application/json": {"schema": {
        "type": "object", "required": ["email", "password"], "additionalProperties": False,
        "properties": {"email": {"type": "string", "maxLength": 254, "pattern": r"\S"},
                       "password": {"type": "string", "minLength": 1,
                                    "maxLength": 200}}}}}}}
SIGNUP_BODY = {"security": [], "requestBody": {"required": True, "content": {
    "application/json": {"schema": {
        "type": "object", "required": ["company", "email", "password"],
        "additionalProperties": False,
        "properties": {**{name: field_schema(f, for_input=True)
                          for name, f in SIGNUP_FIELDS.items()},
                       "password": PASSWORD}}}}}}
PASSWORD_BODY = {"requestBody": {"required": True, "content": {"application/json": {"schema": {
    "type": "object", "required": ["current_password", "password"],
    "additionalProperties": False,
    "properties": {"current_password": {"type": "string", "maxLength": 200, "writeOnly": True},
                   "password": PASSWORD}}}}}}
TOKEN_BODY = {"requestBody": {"required": True, "content": {"application/json": {"schema": {
    "type": "object", "required": ["name"], "additionalProperties": False,
    "properties": {"name": {"type": "string", "maxLength": 200},
                   "scopes": {"type": "array", "minItems": 1, "maxItems": 50, "items": {
                       "type": "string", "maxLength": 80, "pattern": SCOPE_PATTERN},
                       "description": "accounts:read, accounts:write, accounts:delete, *:read, "
                                      "admin, tokens, * (default: *; never more than the "
                                      "caller holds)"},
                   "expires_in_days": {"type": "integer", "minimum": 1, "maximum": 3650}}}}}}}


def user_view(session: Session, user: Any, tenant_name: str | None = None) -> dict[str, Any]:
    return {"id": user.id, "tenant_id": user.tenant_id, "name": user.name, "email": user.email,
            "department_id": user.department_id, "manager_id": user.manager_id,
            "locale": user.locale, "roles": user_roles(session, user.id),
            "tenant_name": tenant_name,
            # The web app leads such a user to choose a password before anything else.
            "must_change_password": bool(user.must_change_password)}


def _session_response(request: Request, session: Session, user: User, token: str,
                      status: int = 200) -> Response:
    tenant_name = session.scalar(select(Tenant.name).where(Tenant.id == user.tenant_id))
    body = {"access_token": token, "token_type": "bearer",
            "user": user_view(session, user, tenant_name),
            "csrf_token": csrf_for(token), "csrf_header": CSRF_HEADER}
    response = json_response(body, status=status)
    response.set_cookie(SESSION_COOKIE, token, httponly=True, samesite="lax",
                        secure=request.url.scheme == "https",
                        max_age=get_settings().session_days * 86400, path="/")
    return response


@router.post("/auth/login", openapi_extra=needs("public", LOGIN_BODY), summary="Sign in",
             responses={401: PROBLEM, 422: PROBLEM, 429: PROBLEM, 400: PROBLEM,
                        415: PROBLEM})
async def login(request: Request) -> Response:
    body = await read_json(request, json_only=True)
    email, password = service.check_login_body(body)
    ip = request.client.host if request.client else None

    def check(session: Session) -> Any:
        if service.throttled(session, email):
            return "throttled"
        user = service.check_credentials(session, email, password)
        return user.id if user is not None else "bad"

    def sign_in(session: Session) -> Any:
        if checked == "bad":
            service.record_failure(session, email, ip)
            return "bad"
        user = session.get(User, checked)
        if user is None or not user.is_active or user.deleted_at is not None:
            return "bad"  # deactivated between the check and now
        return _session_response(request, session, user, service.open_session(session, user))

    # The password is checked in a read (argon2 takes a while); only the token's insert
    # or the failure's record takes the write lock, for a moment (decision 0150).
    checked = await run_public(request, check, write=False)
    result = checked if checked == "throttled" else await run_public(request, sign_in)
    if result == "throttled":
        minutes = get_settings().login_window_minutes
        raise ProblemError(429, "error.login_throttled", minutes=minutes,
                           headers={"Retry-After": str(minutes * 60)})
    if result == "bad":
        raise ProblemError(401, "error.bad_credentials")
    return cast("Response", result)


@router.post("/auth/logout", status_code=204, summary="Sign out (revokes the token)",
             responses={401: PROBLEM, 403: PROBLEM},
             openapi_extra=needs("signed_in", {BEFORE_PASSWORD_CHANGE: True}))
async def logout(request: Request) -> Response:
    creds = credentials_from(dict(request.headers), dict(request.cookies))
    await run(request, lambda ctx: service.revoke(ctx.session, creds.token or ""))
    response = Response(status_code=204)
    response.delete_cookie(SESSION_COOKIE, path="/")
    return response


@router.get("/auth/csrf", summary="The CSRF token of the session cookie",
            responses={401: PROBLEM}, openapi_extra=needs("signed_in"),
            description="For a page opened in a new tab: the session cookie is there, the "
            "token the login answer gave another tab is not. Writes made with the cookie "
            "send it in the header `csrf_header` names. Another site can send the cookie "
            "but cannot read this answer (same-origin policy, no CORS), so the token "
            "still proves the request comes from the app's own pages.")
async def csrf(request: Request) -> Response:
    creds = credentials_from(dict(request.headers), dict(request.cookies))
    await run(request, lambda ctx: None)  # a live session, or 401
    response = json_response({"csrf_token": csrf_for(creds.token or ""),
                              "csrf_header": CSRF_HEADER})
    response.headers["Cache-Control"] = "no-store"
    return response


@router.get("/me", summary="The signed-in user", responses={401: PROBLEM}, openapi_extra=needs("signed_in"))
async def me(request: Request) -> Response:
    def work(ctx: Context) -> dict[str, Any]:
        user = ctx.session.get(User, ctx.user.id)
        tenant_name = ctx.session.scalar(select(Tenant.name).where(Tenant.id == ctx.tenant_id))
        view = user_view(ctx.session, user, tenant_name)
        p = ctx.permissions
        view["data_scope"] = p.data_scope
        view["permissions"] = {
            name: [a for a in ("read", "create", "update", "delete", "export", "approve")
                   if p.can(name, a)]
            for name in _object_names(ctx)}
        return view

    return json_response(await run(request, work))


@router.post("/me/password", summary="Choose a new password (ends the other sessions)",
             responses={401: PROBLEM, 403: PROBLEM, 422: PROBLEM, 400: PROBLEM},
             openapi_extra=needs("signed_in", {**PASSWORD_BODY, BEFORE_PASSWORD_CHANGE: True}),
             description="The one write allowed while `must_change_password` is true (a "
             "first password from an import, an administrator's reset): every other "
             "write answers 403 `auth.password_change_required` until then. The new "
             "password must differ from the current one. Answers the signed-in user.")
async def change_password(request: Request) -> Response:
    body = await read_json(request)

    def work(ctx: Context) -> dict[str, Any]:
        user = change_own_password(ctx, body)
        tenant_name = ctx.session.scalar(select(Tenant.name).where(Tenant.id == ctx.tenant_id))
        return user_view(ctx.session, user, tenant_name)

    return json_response(await run(request, work, write=True))


def _object_names(ctx: Context) -> list[str]:
    from salescrm.platform.metadata import objects_for

    return sorted(objects_for(ctx.session, ctx.tenant_id, ctx.metadata_version))


@router.post("/signup", openapi_extra=needs("public", SIGNUP_BODY), status_code=201,
             summary="Create a company and its administrator (when sign-up is enabled); "
                     "409 when the email is already registered",
             responses={403: PROBLEM, 409: PROBLEM, 422: PROBLEM, 400: PROBLEM,
                        415: PROBLEM})
async def signup(request: Request) -> Response:
    if not request.app.state.settings.allow_signup:
        raise ProblemError(403, "error.signup_disabled")
    body = await read_json(request, json_only=True)
    if not isinstance(body, dict):
        raise ProblemError(422, "error.body_not_object",
                           errors=[FieldError("body", "error.body_not_object")])
    unknown: list[dict[str, Any]] = [FieldError(str(k)[:64], "field.unknown") for k in body
                                     if k not in (*SIGNUP_FIELDS, "password")]
    if unknown:
        raise validation_error(unknown)

    def work(session: Session) -> Response:
        _tenant, admin = create_tenant(session, body.get("company"), body.get("email"),  # type: ignore[arg-type]
                                       body.get("password"), body.get("name"))  # type: ignore[arg-type]
        found = service.login(session, admin.email, body["password"])
        assert found is not None
        return _session_response(request, session, found[0], found[1], status=201)

    return await run_public(request, work)


@router.get("/api_tokens", summary="My API tokens", responses={401: PROBLEM}, openapi_extra=needs("tokens"))
async def list_tokens(request: Request) -> Response:
    return json_response({"items": await run(request, service.list_api_tokens)})


@router.post("/api_tokens", status_code=201, openapi_extra=needs("tokens", TOKEN_BODY),
             summary="Create an API token (shown once)",
             responses={401: PROBLEM, 422: PROBLEM, 400: PROBLEM, 403: PROBLEM})
async def create_token(request: Request) -> Response:
    body = await read_json(request)
    return json_response(await run(request, lambda ctx: service.create_api_token(ctx, body)),
                         status=201)


@router.delete("/api_tokens/{token_id}", status_code=204, summary="Revoke an API token",
               responses={401: PROBLEM, 404: PROBLEM, 403: PROBLEM}, openapi_extra=needs("tokens"))
async def revoke_token(request: Request, token_id: str) -> Response:
    await run(request, lambda ctx: service.revoke_api_token(ctx, token_id[:64]))
    return Response(status_code=204)
