"""RFC 9457 problem+json for every error, localized by Accept-Language."""

from __future__ import annotations

import logging
from collections.abc import Sequence
from typing import Any

import orjson
from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.responses import Response

from salescrm.platform.i18n import t

log = logging.getLogger("salescrm")

PROBLEM_TYPES = {
    400: "malformed", 401: "unauthenticated", 403: "forbidden", 404: "not-found",
    405: "method-not-allowed", 409: "conflict", 413: "too-large", 415: "unsupported-media-type",
    422: "validation", 429: "throttled", 500: "internal", 503: "busy",
}


class FieldError(dict[str, Any]):
    """``{"field": ..., "message": ...}``, plus ``code`` for clients that branch on it."""

    def __init__(self, field: str, key: str, /, **params: Any) -> None:
        super().__init__(field=field, message=t(key, **params), code=key)


class ProblemError(Exception):
    """Raise anywhere below the API: the boundary renders it as problem+json."""

    def __init__(
        self,
        status: int,
        detail_key: str,
        errors: list[dict[str, Any]] | None = None,
        headers: dict[str, str] | None = None,
        extra: dict[str, Any] | None = None,
        **params: Any,
    ) -> None:
        self.status = status
        self.detail = t(detail_key, **params)
        self.code = detail_key
        self.errors = errors or []
        self.headers = headers or {}
        self.extra = extra or {}
        super().__init__(self.detail)


def not_found() -> ProblemError:
    return ProblemError(404, "error.not_found")


def body_object(body: Any) -> dict[str, Any]:
    """A request body that must be a JSON object: 422 ``error.body_not_object`` if not."""
    if not isinstance(body, dict):
        raise ProblemError(422, "error.body_not_object",
                           errors=[FieldError("body", "error.body_not_object")])
    return body


def validation_error(errors: Sequence[dict[str, Any]]) -> ProblemError:
    return ProblemError(422, "error.validation", errors=list(errors))


# A problem names at most this many field errors: thousands of bad parameters must not
# make a quarter-megabyte answer. ``errors_total`` says how many there were.
MAX_ERRORS = 50


def problem_response(
    status: int,
    detail: str,
    errors: list[dict[str, Any]] | None = None,
    headers: dict[str, str] | None = None,
    code: str | None = None,
    extra: dict[str, Any] | None = None,
) -> Response:
    body: dict[str, Any] = {
        "type": f"https://salescrm.dev/problems/{PROBLEM_TYPES.get(status, 'error')}",
        "title": t(f"problem.{status}"),
        "status": status,
        "detail": detail,
        "errors": (errors or [])[:MAX_ERRORS],
    }
    if errors and len(errors) > MAX_ERRORS:
        body["errors_total"] = len(errors)
    body["code"] = code or f"problem.{status}"  # every problem has a stable code
    if extra:
        body.update(extra)
    return Response(
        orjson.dumps(body), status_code=status, media_type="application/problem+json",
        headers=headers,
    )


def _loc_to_field(loc: tuple[Any, ...] | list[Any]) -> str:
    parts = [str(p) for p in loc if p not in ("body", "query", "path", "header", "cookie")]
    return ".".join(parts) or "body"


def install(app: FastAPI) -> None:
    @app.exception_handler(ProblemError)
    async def _problem(_request: Request, exc: ProblemError) -> Response:
        return problem_response(exc.status, exc.detail, exc.errors, exc.headers, exc.code,
                                exc.extra)

    @app.exception_handler(RequestValidationError)
    async def _validation(_request: Request, exc: RequestValidationError) -> Response:
        errors = []
        malformed = False
        for err in exc.errors():
            if err.get("type") == "json_invalid":
                malformed = True
            errors.append({"field": _loc_to_field(err.get("loc", ())),
                           "message": str(err.get("msg", "")), "code": err.get("type")})
        if malformed:
            return problem_response(400, t("error.malformed_json"), errors,
                                    code="error.malformed_json")
        return problem_response(422, t("error.validation"), errors, code="error.validation")

    @app.exception_handler(StarletteHTTPException)
    async def _http(_request: Request, exc: StarletteHTTPException) -> Response:
        if exc.status_code == 404:
            return problem_response(404, t("error.route_not_found"), code="error.route_not_found")
        if exc.status_code == 405:
            return problem_response(405, t("error.method_not_allowed", method=_request.method),
                                    headers=dict(exc.headers or {}),
                                    code="error.method_not_allowed")
        return problem_response(exc.status_code, str(exc.detail), headers=dict(exc.headers or {}),
                                code=f"problem.{exc.status_code}")

    @app.exception_handler(Exception)
    async def _unexpected(_request: Request, exc: Exception) -> Response:
        log.exception("unhandled error", exc_info=exc)
        return problem_response(500, t("problem.500"), code="problem.500")
