"""Collaboration routes on any record (built-in or custom object):

- ``GET|POST /api/v1/{object}/{id}/comments``, ``GET|PATCH|DELETE /api/v1/comments/{id}``
- ``POST|DELETE /api/v1/{object}/{id}/follow``, ``GET /api/v1/{object}/{id}/followers``
- ``GET|POST /api/v1/{object}/{id}/team``, ``DELETE /api/v1/{object}/{id}/team/{user_id}``

Every route first finds the record as the caller sees it (404 for another tenant's
record or one outside their data scope), and only then reads the request body.
"""

from __future__ import annotations

from typing import Any

import orjson
from fastapi import APIRouter, Query, Request
from starlette.responses import Response

from salescrm.modules.collaboration import comments, followers, teams
from salescrm.modules.collaboration.collab_access import visible_record
from salescrm.platform.auth.scopes import needs
from salescrm.platform.boundary import MAX_BODY_BYTES, json_response, run
from salescrm.platform.errors import FieldError, ProblemError
from salescrm.platform.records.openapi import NOT_BLANK
from salescrm.platform.tenancy import Context

router = APIRouter(prefix="/api/v1", tags=["collaboration"])
PROBLEM = {"description": "Problem", "content": {"application/problem+json": {
    "schema": {"$ref": "#/components/schemas/Problem"}}}}
ERRORS: dict[int | str, dict[str, Any]] = {400: PROBLEM, 401: PROBLEM, 403: PROBLEM,
                                           404: PROBLEM, 422: PROBLEM}
NULLABLE_TIME = {"type": ["string", "null"], "format": "date-time"}
TIME = {"type": "string", "format": "date-time"}
MENTION_DOC = (
    "Plain text, 1–5000 characters. Mention a colleague with the token "
    "`@[显示名](user:<user id>)` (e.g. `@[王芳](user:0192…)`): the id says who, the name "
    "is only shown. Mentioned users who can read the record get an in-app notification; "
    "an id that is no user of your company answers 422 on `body`.")
COMMENT = {"type": "object", "properties": {
    "id": {"type": "string"}, "object": {"type": "string"}, "record_id": {"type": "string"},
    "body": {"type": "string", "description": MENTION_DOC},
    "mentions": {"type": "array", "items": {"type": "object", "properties": {
        "user_id": {"type": "string"}, "name": {"type": ["string", "null"]}}}},
    "author_id": {"type": "string"}, "author_name": {"type": ["string", "null"]},
    "created_at": TIME, "updated_at": TIME, "edited_at": NULLABLE_TIME,
    "can_edit": {"type": "boolean", "description": "The caller is the author or an admin"}}}
COMMENT_WRITTEN = {"allOf": [COMMENT, {"type": "object", "properties": {
    "notified": {"type": "array", "items": {"type": "string"},
                 "description": "Users notified of their mention"},
    "not_notified": {"type": "array", "description": "Mentioned users who got nothing, "
                     "and why: `cannot_read` (the record is outside their data scope or "
                     "role), `inactive` (deactivated user) or `author` (yourself)",
                     "items": {"type": "object", "properties": {
                         "user_id": {"type": "string"},
                         "reason": {"enum": ["cannot_read", "inactive", "author"]},
                         "message": {"type": "string"}}}}}}]}
COMMENT_BODY = {"required": True, "content": {"application/json": {"schema": {
    "type": "object", "required": ["body"], "additionalProperties": False,
    "properties": {"body": {"type": "string", "maxLength": 5000, "pattern": NOT_BLANK,
                            "description": MENTION_DOC}}}}}}
COMMENT_PAGE = {"type": "object", "properties": {
    "items": {"type": "array", "items": COMMENT}, "next_cursor": {"type": ["string", "null"]}}}
FOLLOW_STATE = {"type": "object", "properties": {
    "object": {"type": "string"}, "record_id": {"type": "string"},
    "following": {"type": "boolean"}}}
FOLLOWERS = {"type": "object", "properties": {
    "items": {"type": "array", "items": {"type": "object", "properties": {
        "user_id": {"type": "string"}, "name": {"type": "string"},
        "owner": {"type": "boolean", "description": "Follows as the record's owner"}}}},
    "following": {"type": "boolean", "description": "The caller follows the record"}}}
MEMBER = {"type": "object", "properties": {
    "user_id": {"type": "string"}, "name": {"type": ["string", "null"]},
    "access": {"enum": ["read", "edit"]}, "added_by": {"type": ["string", "null"]},
    "added_at": TIME, "updated_at": TIME}}
TEAM = {"type": "object", "properties": {
    "items": {"type": "array", "items": MEMBER},
    "can_manage": {"type": "boolean", "description": "The caller may change the team"}}}
TEAM_BODY = {"required": True, "content": {"application/json": {"schema": {
    "type": "object", "required": ["user_id"], "additionalProperties": False,
    "properties": {
        "user_id": {"type": "string", "maxLength": 64,
                    "description": "An active user of your company"},
        "access": {"enum": ["read", "edit"], "default": "read",
                   "description": "`read`: sees the record outside their data scope; "
                                  "`edit`: may also change it (their role permitting)"}}}}}}


def _ok(schema: dict[str, Any], description: str) -> dict[str, Any]:
    return {"description": description, "content": {"application/json": {"schema": schema}}}


def _json(raw: bytes) -> Any:
    """The request body as JSON (read after the record check, so a hidden record is 404
    whatever the body); 400 when malformed."""
    if len(raw) > MAX_BODY_BYTES:
        raise ProblemError(413, "problem.413")
    try:
        if not raw.strip():
            raise ValueError
        return orjson.loads(raw)
    except ValueError as exc:  # orjson.JSONDecodeError is a ValueError
        raise ProblemError(400, "error.malformed_json",
                           errors=[FieldError("body", "error.malformed_json")]) from exc


# --- comments --------------------------------------------------------------------
@router.get("/{object_name}/{record_id}/comments", summary="A record's comments, newest first",
            responses={200: _ok(COMMENT_PAGE, "A page of comments"), **ERRORS}, openapi_extra=needs("{object_name}:read"))
async def list_comments(request: Request, object_name: str, record_id: str,
                        limit: int = Query(50, ge=1, le=comments.MAX_LIMIT),
                        cursor: str | None = None) -> Response:
    params = dict(request.query_params)
    return json_response(await run(request, lambda ctx: comments.list_comments(
        ctx, object_name, record_id, params)))


@router.post("/{object_name}/{record_id}/comments", status_code=201,
             summary="Comment on a record, @mentioning colleagues",
             openapi_extra=needs("{object_name}:write", {"requestBody": COMMENT_BODY}),
             responses={201: _ok(COMMENT_WRITTEN, "The comment, and who was notified"),
                        **ERRORS})
async def create_comment(request: Request, object_name: str, record_id: str) -> Response:
    raw = await request.body()

    def work(ctx: Context) -> dict[str, Any]:
        obj, record = visible_record(ctx, object_name, record_id)
        return comments.create_comment(ctx, obj, record, _json(raw))

    return json_response(await run(request, work, write=True), status=201)


@router.get("/comments/{comment_id}", summary="One comment",
            responses={200: _ok(COMMENT, "The comment"), **ERRORS}, openapi_extra=needs("comments:read"))
async def get_comment(request: Request, comment_id: str) -> Response:
    return json_response(await run(request, lambda ctx: comments.get_comment(ctx, comment_id)))


@router.patch("/comments/{comment_id}", summary="Edit a comment (its author or an admin)",
              openapi_extra=needs("comments:write", {"requestBody": COMMENT_BODY}),
              responses={200: _ok(COMMENT_WRITTEN, "The comment; newly mentioned users "
                                  "are notified"), **ERRORS})
async def update_comment(request: Request, comment_id: str) -> Response:
    raw = await request.body()

    def work(ctx: Context) -> dict[str, Any]:
        comment, obj = comments.load_comment(ctx, comment_id)
        return comments.update_comment(ctx, comment, obj, _json(raw))

    return json_response(await run(request, work, write=True))


@router.delete("/comments/{comment_id}", status_code=204,
               summary="Delete a comment (its author or an admin; kept for the audit log)",
               responses={204: {"description": "Deleted"}, **ERRORS}, openapi_extra=needs("comments:delete"))
async def delete_comment(request: Request, comment_id: str) -> Response:
    await run(request, lambda ctx: comments.delete_comment(ctx, comment_id), write=True)
    return Response(status_code=204)


# --- following -------------------------------------------------------------------
@router.post("/{object_name}/{record_id}/follow", summary="Follow (watch) a record",
             responses={200: _ok(FOLLOW_STATE, "Now following"), **ERRORS}, openapi_extra=needs("{object_name}:write"))
async def follow(request: Request, object_name: str, record_id: str) -> Response:
    return json_response(await run(request, lambda ctx: followers.follow(
        ctx, object_name, record_id), write=True))


@router.delete("/{object_name}/{record_id}/follow",
               summary="Stop following a record (its owner too)",
               responses={200: _ok(FOLLOW_STATE, "No longer following"), **ERRORS}, openapi_extra=needs("{object_name}:write"))
async def unfollow(request: Request, object_name: str, record_id: str) -> Response:
    return json_response(await run(request, lambda ctx: followers.unfollow(
        ctx, object_name, record_id), write=True))


@router.get("/{object_name}/{record_id}/followers",
            summary="Who follows a record (the owner implicitly)",
            responses={200: _ok(FOLLOWERS, "The followers"), **ERRORS}, openapi_extra=needs("{object_name}:read"))
async def list_followers(request: Request, object_name: str, record_id: str) -> Response:
    return json_response(await run(request, lambda ctx: followers.list_followers(
        ctx, object_name, record_id)))


# --- record team -------------------------------------------------------------------
@router.get("/{object_name}/{record_id}/team", summary="A record's team (协作人)",
            responses={200: _ok(TEAM, "The team"), **ERRORS}, openapi_extra=needs("{object_name}:read"))
async def list_team(request: Request, object_name: str, record_id: str) -> Response:
    return json_response(await run(request, lambda ctx: teams.list_team(
        ctx, object_name, record_id)))


@router.post("/{object_name}/{record_id}/team",
             summary="Add a colleague to a record's team, or change their access "
             "(owner, a manager above the owner, or an admin)",
             openapi_extra=needs("{object_name}:write", {"requestBody": TEAM_BODY}),
             responses={200: _ok(MEMBER, "Access changed"),
                        201: _ok(MEMBER, "Added to the team"), **ERRORS})
async def put_team_member(request: Request, object_name: str, record_id: str) -> Response:
    raw = await request.body()

    def work(ctx: Context) -> tuple[dict[str, Any], bool]:
        obj, record = visible_record(ctx, object_name, record_id)
        return teams.put_member(ctx, obj, record, _json(raw))

    member, created = await run(request, work, write=True)
    return json_response(member, status=201 if created else 200)


@router.delete("/{object_name}/{record_id}/team/{user_id}", status_code=204,
               summary="Take a colleague off a record's team (or leave it yourself)",
               responses={204: {"description": "Removed"}, **ERRORS}, openapi_extra=needs("{object_name}:write"))
async def remove_team_member(request: Request, object_name: str, record_id: str,
                             user_id: str) -> Response:
    await run(request, lambda ctx: teams.remove_member(ctx, object_name, record_id, user_id),
              write=True)
    return Response(status_code=204)
