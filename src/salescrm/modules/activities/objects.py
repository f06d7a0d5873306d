"""Metadata of activities (follow-ups, check-ins) and tasks (API.md fields)."""

from __future__ import annotations

from typing import Any

from salescrm.models import Activity, Task
from salescrm.platform.metadata import FieldDef, ObjectDef, OptionLabels, builtin

ACTIVITY_KIND_LABELS: OptionLabels = {
    "call": ("Call", "电话"), "visit": ("Visit", "拜访"), "meeting": ("Meeting", "会议"),
    "email": ("Email", "邮件"), "note": ("Note", "备注"), "checkin": ("Check-in", "签到")}
TASK_STATUS_LABELS: OptionLabels = {
    "open": ("Open", "待办"), "done": ("Done", "已完成"), "cancelled": ("Cancelled", "已取消")}
TASK_PRIORITY_LABELS: OptionLabels = {
    "low": ("Low", "低"), "normal": ("Normal", "中"), "high": ("High", "高")}
ACTIVITY_KINDS = tuple(ACTIVITY_KIND_LABELS)
TASK_STATUSES = tuple(TASK_STATUS_LABELS)
TASK_PRIORITIES = tuple(TASK_PRIORITY_LABELS)
LATITUDE = {"oneOf": [
    {"type": "string", "pattern": r"^-?(90(\.0{1,6})?|[1-8]?\d(\.\d{1,6})?)$"},
    {"type": "number", "minimum": -90, "maximum": 90}]}
LONGITUDE = {"oneOf": [
    {"type": "string", "pattern": r"^-?(180(\.0{1,6})?|(1[0-7]\d|[1-9]?\d)(\.\d{1,6})?)$"},
    {"type": "number", "minimum": -180, "maximum": 180}]}
_TEXT = {"type": "string", "pattern": r"\S"}


def _present(name: str) -> dict[str, Any]:
    return {"required": [name], "properties": {name: _TEXT}}


# related_type and related_id come together; a check-in has a location.
RELATED_PAIR = [{"if": _present("related_id"), "then": _present("related_type")},
                {"if": _present("related_type"), "then": _present("related_id")}]
CHECKIN = {"if": {"required": ["kind"], "properties": {"kind": {"const": "checkin"}}},
           "then": {"required": ["latitude", "longitude"],
                    "properties": {"latitude": LATITUDE, "longitude": LONGITUDE}}}


def _fields(*defs: FieldDef) -> dict[str, FieldDef]:
    return {f.api_name: f for f in defs}


ACTIVITIES = builtin(ObjectDef(
    "activities", "Activities", "跟进记录", Activity, name_field="subject",
    fields=_fields(
        FieldDef("kind", "picklist", "Kind", "类型", required=True, options=ACTIVITY_KINDS,
                 option_labels=ACTIVITY_KIND_LABELS),
        FieldDef("subject", "text", "Subject", "主题", searchable=True, max_length=200),
        FieldDef("content", "textarea", "Content", "内容", searchable=True, max_length=10000),
        FieldDef("related_type", "text", "Related object", "关联对象", max_length=64),
        FieldDef("related_id", "text", "Related record", "关联记录", max_length=36),
        FieldDef("account_id", "lookup", "Account", "客户", target="accounts", readonly=True),
        FieldDef("occurred_at", "datetime", "Occurred at", "发生时间"),
        FieldDef("latitude", "number", "Latitude", "纬度", minimum=-90, maximum=90,
                 json_schema=LATITUDE),
        FieldDef("longitude", "number", "Longitude", "经度", minimum=-180, maximum=180,
                 json_schema=LONGITUDE),
        FieldDef("address", "text", "Address", "地址", max_length=500),
    ),
))

TASKS = builtin(ObjectDef(
    "tasks", "Tasks", "任务", Task, name_field="title", also_own_column="assignee_id",
    fields=_fields(
        FieldDef("title", "text", "Title", "标题", required=True, searchable=True,
                 max_length=200),
        FieldDef("description", "textarea", "Description", "描述", max_length=4000),
        FieldDef("due_at", "datetime", "Due at", "截止时间"),
        FieldDef("assignee_id", "lookup", "Assignee", "执行人", target="users"),
        FieldDef("related_type", "text", "Related object", "关联对象", max_length=64),
        FieldDef("related_id", "text", "Related record", "关联记录", max_length=36),
        FieldDef("status", "picklist", "Status", "状态", options=TASK_STATUSES, default="open",
                 option_labels=TASK_STATUS_LABELS),
        FieldDef("priority", "picklist", "Priority", "优先级", options=TASK_PRIORITIES,
                 option_labels=TASK_PRIORITY_LABELS),
        FieldDef("remind_at", "datetime", "Remind at", "提醒时间"),
        FieldDef("reminded_at", "datetime", "Reminded at", "已提醒时间", readonly=True),
        FieldDef("completed_at", "datetime", "Completed at", "完成时间", readonly=True),
    ),
))

# Rules across fields of a create (the OpenAPI input schema, via the behaviours).
ACTIVITY_CONSTRAINTS = (*RELATED_PAIR, CHECKIN)
TASK_CONSTRAINTS = tuple(RELATED_PAIR)
