"""Apply an industry template to a tenant in one step (one transaction), idempotently:
what exists already (by api name or by name) is left alone, the rest is created
through the same services an administrator uses, so everything is checked."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from salescrm.models import ApprovalFlow, CustomField, SavedReport
from salescrm.platform.approvals import flows
from salescrm.platform.customization.fields import add_field
from salescrm.platform.customization.versioning import bump_metadata_version, require_admin
from salescrm.platform.errors import FieldError, ProblemError, validation_error
from salescrm.platform.i18n import register
from salescrm.platform.metadata import objects_for
from salescrm.platform.records import service as records
from salescrm.platform.templates.catalog import TEMPLATES
from salescrm.platform.tenancy import Context

register({"template.unknown": {
    "en": "Unknown template “{name}”. Choose one of: {names}.",
    "zh-CN": "未知模板“{name}”，可选：{names}。",
}})


def list_templates(ctx: Context) -> dict[str, Any]:
    return {"items": [{"name": name, "label": t["labels"].get(ctx.locale, t["labels"]["en"]),
                       "labels": t["labels"], "includes": _includes(ctx, t)}
                      for name, t in TEMPLATES.items()]}


def _l(en: str, zh: str) -> dict[str, str]:
    return {"en": en, "zh-CN": zh}


def _includes(ctx: Context, template: dict[str, Any]) -> dict[str, Any]:
    """What applying the template adds, in the caller's language, so an administrator
    can see it before choosing."""
    def label(labels: dict[str, str]) -> str:
        return labels.get(ctx.locale, labels["en"])

    return {
        "pipelines": [{"name": p["name"], "stages": [
            {"key": s["key"], "label": label(s["labels"]), "probability": s["probability"],
             "kind": s["kind"]} for s in p["stages"]]} for p in template["pipelines"]],
        "fields": [{"object": o, "api_name": f["api_name"], "type": f["type"],
                    "label": label(f["labels"]), "options": f.get("options"),
                    # what each option reads as, for the preview
                    "option_names": [label(f.get("option_labels", {}).get(o) or _l(o, o))
                                     for o in f.get("options") or []] or None}
                   for o, fields in template["fields"].items() for f in fields],
        "approval_flows": [{"name": f["name"], "object": f["object"], "steps": len(f["steps"])}
                           for f in template["approval_flows"]],
        "reports": [{"name": r["name"], "object": r["object"]} for r in template["reports"]],
    }


def apply_template(ctx: Context, name: str) -> dict[str, Any]:
    """Install a template; returns what was created and what was already there."""
    require_admin(ctx)
    template = TEMPLATES.get(name)
    if template is None:
        raise validation_error([FieldError("name", "template.unknown", name=name[:64],
                                           names=", ".join(TEMPLATES))])
    result: dict[str, Any] = {"template": name, "created": {}, "existing": {}, "skipped": {}}
    _fields(ctx, template, result)
    _pipelines(ctx, template, result)
    _flows(ctx, template, result)
    _reports(ctx, template, result)
    if any(result["created"].values()):
        records.note_action(ctx, "template", "templates", name, {"created": [None, result["created"]]})
    return result


def _note(result: dict[str, Any], kind: str, bucket: str, what: str) -> None:
    result[bucket].setdefault(kind, []).append(what)


def _objects(ctx: Context) -> dict[str, Any]:
    return objects_for(ctx.session, ctx.tenant_id, ctx.metadata_version)


def _fields(ctx: Context, template: dict[str, Any], result: dict[str, Any]) -> None:
    """Custom fields and picklists, each object's in one go."""
    added = False
    for object_name, bodies in template["fields"].items():
        obj = _objects(ctx).get(object_name)
        for body in bodies:
            label = f"{object_name}.{body['api_name']}"
            if obj is None:
                _note(result, "fields", "skipped", label)
                continue
            exists = ctx.session.scalar(select(CustomField.id).where(
                CustomField.object == object_name, CustomField.api_name == body["api_name"]))
            if exists or body["api_name"] in obj.fields:
                _note(result, "fields", "existing", label)
                continue
            add_field(ctx, obj, body, f"fields.{object_name}.")
            _note(result, "fields", "created", label)
            added = True
    if added:
        bump_metadata_version(ctx)


def _pipelines(ctx: Context, template: dict[str, Any], result: dict[str, Any]) -> None:
    obj = _objects(ctx).get("pipelines")
    for body in template["pipelines"]:
        if obj is None:
            _note(result, "pipelines", "skipped", body["name"])
            continue
        if ctx.session.scalar(select(obj.model.id).where(obj.model.name == body["name"],
                                                         obj.model.deleted_at.is_(None))):
            _note(result, "pipelines", "existing", body["name"])
            continue
        records.create(ctx, obj, {"name": body["name"], "stages": body["stages"]})
        _note(result, "pipelines", "created", body["name"])


def _flows(ctx: Context, template: dict[str, Any], result: dict[str, Any]) -> None:
    for body in template["approval_flows"]:
        label = f"{body['object']}: {body['name']}"
        if body["object"] not in _objects(ctx):
            _note(result, "approval_flows", "skipped", label)
            continue
        if ctx.session.scalar(select(ApprovalFlow.id).where(
                ApprovalFlow.object == body["object"], ApprovalFlow.name == body["name"],
                ApprovalFlow.deleted_at.is_(None))):
            _note(result, "approval_flows", "existing", label)
            continue
        flows.create_flow(ctx, body)
        _note(result, "approval_flows", "created", label)


def _reports(ctx: Context, template: dict[str, Any], result: dict[str, Any]) -> None:
    """Saved reports, shared with everyone (each viewer sees them within their scope)."""
    for body in template["reports"]:
        if body["object"] not in _objects(ctx):
            _note(result, "reports", "skipped", body["name"])
            continue
        if ctx.session.scalar(select(SavedReport.id).where(
                SavedReport.name == body["name"], SavedReport.deleted_at.is_(None))):
            _note(result, "reports", "existing", body["name"])
            continue
        report = SavedReport(tenant_id=ctx.tenant_id, owner_id=ctx.user.id,
                             created_by=ctx.user.id, custom={}, version=1,
                             name=body["name"], object=body["object"], spec=body["spec"],
                             chart=body.get("chart") or {}, sharing="all")
        ctx.session.add(report)
        ctx.session.flush()
        records.note_action(ctx, "create", "saved_reports", report.id, {"name": [None, report.name]})
        _note(result, "reports", "created", body["name"])


def apply_for_tenant(session: Any, tenant_id: str, name: str) -> dict[str, Any]:
    """The CLI's entry: act as the tenant's administrator."""
    from salescrm.platform.tenancy.system import system_context

    ctx = system_context(session, tenant_id)
    try:
        return apply_template(ctx, name)
    except ProblemError:
        session.rollback()
        raise
