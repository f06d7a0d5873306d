"""``GET /api/v1/tasks/my_day`` (the generic task routes cover the rest)."""

from __future__ import annotations

from zoneinfo import available_timezones

from fastapi import APIRouter, Query, Request
from starlette.responses import Response

from salescrm.modules.activities import agenda
from salescrm.platform.auth.scopes import needs
from salescrm.platform.boundary import json_response, run

router = APIRouter(prefix="/api/v1", tags=["tasks"])
PROBLEM = {"description": "Problem", "content": {"application/problem+json": {
    "schema": {"$ref": "#/components/schemas/Problem"}}}}
TASKS = {"type": "array", "items": {"$ref": "#/components/schemas/tasks_record"}}
MY_DAY = {"description": "Overdue and today's open tasks of the caller, earliest first",
          "content": {"application/json": {"schema": {"type": "object", "properties": {
              "date": {"type": "string", "format": "date"}, "timezone": {"type": "string"},
              "overdue": TASKS, "today": TASKS}}}}}


@router.get("/tasks/my_day", summary="My day: overdue and today's open tasks",
            responses={200: MY_DAY, 401: PROBLEM, 403: PROBLEM, 422: PROBLEM}, openapi_extra=needs("tasks:read"))
async def my_day(request: Request, tz: str = Query(
        agenda.DEFAULT_TZ, description="IANA time zone of the user's day",
        json_schema_extra={"enum": sorted(available_timezones())})) -> Response:
    params = dict(request.query_params)
    return json_response(await run(request, lambda ctx: agenda.my_day(ctx, params)))
