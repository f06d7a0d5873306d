"""Page layouts: which fields an object's form shows, in which groups and order —
per object, and for opportunities per pipeline stage."""

from __future__ import annotations

import re
from typing import Any

from sqlalchemy import select

from salescrm.models import PageLayout
from salescrm.platform.customization.versioning import bump_metadata_version, require_admin
from salescrm.platform.definitions import Definitions
from salescrm.platform.errors import FieldError, not_found, validation_error
from salescrm.platform.metadata import ObjectDef, objects_for
from salescrm.platform.records.serialize import readable_fields
from salescrm.platform.tenancy import Context

STAGE_OBJECTS = {"opportunities"}
GROUP_KEY = re.compile(r"^[a-z][a-z0-9_]{0,62}$")
MAX_GROUPS = 50
SYSTEM_GROUP = ("owner_id", "created_by", "created_at", "updated_at")
LABELS = {
    "main": {"en": "Details", "zh-CN": "基本信息"},
    "custom": {"en": "More", "zh-CN": "扩展信息"},
    "system": {"en": "System", "zh-CN": "系统信息"},
    "other": {"en": "Other", "zh-CN": "其他"},
}


def default_layout(obj: ObjectDef) -> dict[str, Any]:
    main = [f.api_name for f in obj.fields.values()
            if not f.custom and not f.readonly and f.api_name not in SYSTEM_GROUP]
    custom = [f.api_name for f in obj.fields.values()
              if f.custom and f.api_name != obj.name_field]
    if obj.custom:
        main = [obj.name_field, *main]
    system = [n for n in SYSTEM_GROUP if n in obj.fields]
    groups = [{"key": "main", "labels": LABELS["main"], "fields": main}]
    if custom:
        groups.append({"key": "custom", "labels": LABELS["custom"], "fields": custom})
    groups.append({"key": "system", "labels": LABELS["system"], "fields": system})
    return {"groups": groups}


def _stage_keys(ctx: Context) -> set[str] | None:
    """Stage keys of every pipeline, or None when pipelines are not installed."""
    objects = objects_for(ctx.session, ctx.tenant_id, ctx.metadata_version)
    pipelines = objects.get("pipelines")
    if pipelines is None or not hasattr(pipelines.model, "stages"):
        return None
    keys: set[str] = set()
    for stages in ctx.session.scalars(select(pipelines.model.stages)
                                      .where(pipelines.model.deleted_at.is_(None))):
        keys |= {str(s.get("key")) for s in stages or [] if isinstance(s, dict)}
    return keys


def _check_stage(ctx: Context, obj: ObjectDef, stage: str | None) -> str:
    if not stage:
        return ""
    if obj.api_name not in STAGE_OBJECTS:
        raise validation_error([FieldError("stage", "layout.stage_only_opportunities")])
    keys = _stage_keys(ctx)
    if len(stage) > 64 or (keys is not None and stage not in keys):
        raise validation_error([FieldError("stage", "layout.stage_unknown", stage=stage[:64])])
    return stage


def _row(ctx: Context, obj: ObjectDef, stage: str) -> PageLayout | None:
    return ctx.session.scalars(select(PageLayout).where(
        PageLayout.object == obj.api_name, PageLayout.stage == stage,
        PageLayout.deleted_at.is_(None))).first()


def get_layout(ctx: Context, object_name: str, stage: str | None) -> dict[str, Any]:
    """The layout for the caller: the stage's, else the object's, else the default;
    fields the caller may not see are left out, fields no group names are appended."""
    obj = ctx.object(object_name)
    if not ctx.permissions.can(obj.api_name, "read"):
        raise not_found()
    stage = _check_stage(ctx, obj, stage)
    row = (_row(ctx, obj, stage) if stage else None) or _row(ctx, obj, "")
    source = "stage" if row is not None and row.stage else "object" if row else "default"
    layout = row.definition if row is not None else default_layout(obj)
    visible = {f.api_name for f in readable_fields(obj, ctx.permissions)}
    placed: set[str] = set()
    groups = []
    for group in layout.get("groups", []):
        fields = [n for n in group.get("fields", []) if n in visible and n not in placed]
        placed.update(fields)
        labels = group.get("labels") or {}
        groups.append({"key": group["key"], "labels": labels,
                       "label": labels.get(ctx.locale) or labels.get("en") or group["key"],
                       "fields": fields})
    rest = [f.api_name for f in obj.fields.values()
            if f.api_name in visible and f.api_name not in placed and f.api_name != "id"
            and f.api_name != "version"]
    if rest and source != "default":
        groups.append({"key": "other", "labels": LABELS["other"],
                       "label": LABELS["other"].get(ctx.locale, "Other"), "fields": rest})
    return {"object": obj.api_name, "stage": stage or None, "source": source,
            "groups": groups}


def _check_groups(obj: ObjectDef, body: Any) -> list[dict[str, Any]]:
    if not isinstance(body, dict) or set(body) - {"groups", "version"} \
            or not isinstance(body.get("groups"), list) or not body["groups"] \
            or len(body["groups"]) > MAX_GROUPS:
        raise validation_error([FieldError("groups", "layout.groups")])
    errors: list[dict[str, Any]] = []
    seen_fields: set[str] = set()
    seen_keys: set[str] = set()
    groups = []
    for i, group in enumerate(body["groups"]):
        path = f"groups[{i}]"
        if not isinstance(group, dict) or set(group) - {"key", "labels", "label", "fields"}:
            errors.append(FieldError(path, "layout.groups"))
            continue
        key = group.get("key")
        if not isinstance(key, str) or not GROUP_KEY.match(key) or key in seen_keys:
            errors.append(FieldError(f"{path}.key", "custom.api_name_format", max=63))
            continue
        seen_keys.add(key)
        labels = group.get("labels") or ({"en": group["label"], "zh-CN": group["label"]}
                                         if isinstance(group.get("label"), str) else None)
        if not (isinstance(labels, dict) and set(labels) == {"en", "zh-CN"}
                and all(isinstance(v, str) and 0 < len(v) <= 100 for v in labels.values())):
            errors.append(FieldError(f"{path}.labels", "custom.label_required"))
        fields = group.get("fields")
        if not isinstance(fields, list):
            errors.append(FieldError(f"{path}.fields", "field.type_list"))
            continue
        for j, name in enumerate(fields):
            if not isinstance(name, str) or name not in obj.fields:
                errors.append(FieldError(f"{path}.fields[{j}]", "condition.unknown_field",
                                         field=str(name)[:64]))
            elif name in seen_fields:
                errors.append(FieldError(f"{path}.fields[{j}]", "layout.field_twice",
                                         field=name))
            seen_fields.add(str(name))
        groups.append({"key": key, "labels": labels, "fields": fields})
    if errors:
        raise validation_error(errors)
    return groups


def put_layout(ctx: Context, object_name: str, stage: str | None, body: Any) -> dict[str, Any]:
    require_admin(ctx)
    obj = ctx.object(object_name)
    stage = _check_stage(ctx, obj, stage)
    groups = _check_groups(obj, body)
    row = _row(ctx, obj, stage)
    if row is None:
        LAYOUTS.create(ctx, PageLayout(object=obj.api_name, stage=stage,
                                       definition={"groups": groups}))
    else:
        LAYOUTS.update(ctx, row, body, lambda: setattr(row, "definition", {"groups": groups}))
    return get_layout(ctx, obj.api_name, stage or None)


def delete_layout(ctx: Context, object_name: str, stage: str | None) -> None:
    """Back to the default (or, for a stage, to the object's)."""
    require_admin(ctx)
    obj = ctx.object(object_name)
    stage = _check_stage(ctx, obj, stage)
    row = _row(ctx, obj, stage)
    if row is None:
        raise not_found()
    LAYOUTS.delete(ctx, row)


# One per object (and stage): PUT saves it at the object's address, DELETE removes it
# (the row goes, so the next PUT can take its place). Layouts are part of the
# object's metadata: each write moves to a new metadata version.
LAYOUTS = Definitions("page_layouts", PageLayout, path=None, hard_delete=True,
                      after_write=bump_metadata_version,
                      snapshot=lambda row: {"object": row.object, "stage": row.stage or None,
                                            "groups": (row.definition or {}).get("groups")})
