"""Routes of forgotten passwords (``password_resets.py``): an administrator's link,
a link by e-mail, and choosing the new password with one."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from starlette.responses import Response

from salescrm.platform.auth.scopes import needs
from salescrm.platform.boundary import json_response, read_json, run, run_public
from salescrm.platform.i18n import get_locale, t
from salescrm.platform.mail import mail_configured
from salescrm.platform.org import password_resets
from salescrm.platform.org.docs import PASSWORD

router = APIRouter(prefix="/api/v1", tags=["auth"])
PROBLEM = {"content": {"application/problem+json": {
    "schema": {"$ref": "#/components/schemas/Problem"}}}, "description": "Problem"}


def _body(required: list[str], properties: dict[str, Any]) -> dict[str, Any]:
    return {"security": [], "requestBody": {"required": True, "content": {
        "application/json": {"schema": {"type": "object", "required": required,
                                        "additionalProperties": False,
                                        "properties": properties}}}}}


def _base_url(request: Request) -> str:
    return str(request.base_url).rstrip("/")


@router.post("/users/{user_id}/password_reset", status_code=201,
             summary="A one-time link for a user to choose a new password (administrators)",
             responses={401: PROBLEM, 403: PROBLEM, 404: PROBLEM, 409: PROBLEM},
             openapi_extra=needs("admin"),
             description="Answers `{\"url\",\"expires_at\",\"user_id\"}`; hand the link to "
             "the user. It works once, until it expires (SALESCRM_RESET_LINK_ADMIN_HOURS, "
             "48 by default); the user's earlier links stop working. Only its hash is "
             "stored: it is shown this once.")
async def admin_reset_link(request: Request, user_id: str) -> Response:
    base = _base_url(request)
    return json_response(await run(request, lambda ctx: password_resets.admin_link(
        ctx, user_id[:64], base), write=True), status=201)


@router.get("/auth/password_reset", summary="Whether reset links can be e-mailed",
            openapi_extra=needs("public", {"security": []}))
async def reset_options(request: Request) -> Response:
    return json_response({"email": mail_configured()})


@router.post("/auth/password_reset", status_code=202,
             summary="E-mail me a link to choose a new password (when SMTP is set up)",
             responses={403: PROBLEM, 422: PROBLEM, 429: PROBLEM, 400: PROBLEM},
             openapi_extra=needs("public", _body(["email"], {
                 "email": {"type": "string", "maxLength": 254}})),
             description="Answers 202 the same whether or not the address is anyone's; the "
             "link (valid SALESCRM_RESET_LINK_EMAIL_MINUTES) goes to an active user only. "
             "403 when no SMTP server is configured; 429 past the hourly allowance of the "
             "address or of the client.")
async def request_reset(request: Request) -> Response:
    body = await read_json(request, json_only=True)
    ip = request.client.host if request.client else None
    base, locale = _base_url(request), get_locale()
    await run_public(request, lambda s: password_resets.request_email(s, body, ip, base, locale))
    return json_response({"detail": t("auth.reset_requested")}, status=202)


@router.post("/auth/password_reset/confirm",
             summary="Choose a new password with a reset link (ends every session)",
             responses={422: PROBLEM, 400: PROBLEM, 415: PROBLEM},
             openapi_extra=needs("public", _body(["token", "password"], {
                 "token": {"type": "string", "maxLength": 200}, "password": PASSWORD})),
             description="Answers `{\"email\"}` of the user, who then signs in. A link "
             "used, expired or unknown: 422 on `token`; a password the rules refuse: 422 "
             "on `password`.")
async def confirm_reset(request: Request) -> Response:
    body = await read_json(request, json_only=True)
    return json_response(await run_public(request, lambda s: password_resets.confirm(s, body)))
