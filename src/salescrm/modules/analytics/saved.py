"""Saved reports and dashboards: private, shared with a department, or with everyone.

Sharing shares the *definition*: a shared report or dashboard always runs with the
viewer's own permissions and data scope. Only the owner (or an administrator)
changes or deletes one.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from salescrm.models import SavedReport
from salescrm.modules.analytics.reports import SPEC_KEYS, parse_spec, run_report
from salescrm.platform import sharing
from salescrm.platform.definitions import Definitions, kind_of
from salescrm.platform.errors import FieldError, ProblemError, body_object, validation_error
from salescrm.platform.tenancy import Context

META_KEYS = ("name", "description", "chart", "sharing", "version")
# The sharing rules live in the platform (list views share the same way).
SHARING = sharing.SHARING
viewer_departments = sharing.viewer_departments
visible = sharing.visible


def load(ctx: Context, model: Any, record_id: str, *, for_write: bool = False) -> Any:
    return sharing.load(ctx, model, record_id, for_write=for_write,
                        not_owner="report.not_owner")


def apply_meta(ctx: Context, row: Any, body: dict[str, Any], errors: list[dict[str, Any]],
               creating: bool) -> None:
    """Name, description, sharing (and the department it is shared with)."""
    if creating or "name" in body:
        name = body.get("name")
        if not isinstance(name, str) or not name.strip() or len(name) > 200:
            errors.append(FieldError("name", "report.name_required"))
        else:
            row.name = name.strip()
    if "description" in body:
        desc = body["description"]
        if desc is not None and (not isinstance(desc, str) or len(desc) > 2000):
            errors.append(FieldError("description", "field.too_long", max=2000))
        else:
            row.description = desc
    sharing.apply_sharing(ctx, row, body, errors, creating, invalid="report.sharing",
                          no_department="report.sharing_no_department")


def _common_view(ctx: Context, row: Any) -> dict[str, Any]:
    return {"id": row.id, "name": row.name, "description": row.description,
            "sharing": row.sharing, "department_id": row.department_id,
            "owner_id": row.owner_id, "version": row.version,
            "created_at": row.created_at.isoformat(), "updated_at": row.updated_at.isoformat(),
            "can_edit": row.owner_id == ctx.user.id or ctx.permissions.is_admin,
            "builtin": False}


# --- saved reports -------------------------------------------------------------
def report_view(ctx: Context, row: SavedReport) -> dict[str, Any]:
    return {**_common_view(ctx, row), "object": row.object, **row.spec,
            "chart": row.chart or {}}


def _chart(body: dict[str, Any], errors: list[dict[str, Any]]) -> dict[str, Any] | None:
    chart = body.get("chart", {})
    if chart is None:
        return {}
    if not isinstance(chart, dict) or len(str(chart)) > 4000:
        errors.append(FieldError("chart", "error.body_not_object"))
        return None
    return chart


def save_report(ctx: Context, body: Any, record_id: str | None = None) -> dict[str, Any]:
    """Create (``record_id`` None) or change a saved report; the definition is checked
    with the saver's permissions so a broken report is never stored."""
    body = body_object(body)
    if record_id is None:
        row = SavedReport(tenant_id=ctx.tenant_id, owner_id=ctx.user.id)
        _apply_report(ctx, row, body, creating=True)
        REPORTS.create(ctx, row)
    else:
        row = load(ctx, SavedReport, record_id, for_write=True)
        REPORTS.update(ctx, row, body, lambda: _apply_report(ctx, row, body, creating=False))
    return report_view(ctx, row)


def _apply_report(ctx: Context, row: SavedReport, body: dict[str, Any], *,
                  creating: bool) -> None:
    if creating:
        spec_body = {k: v for k, v in body.items() if k not in META_KEYS}
    else:
        spec_body = {"object": row.object, **row.spec,
                     **{k: v for k, v in body.items() if k not in META_KEYS}}
    errors: list[dict[str, Any]] = []
    try:
        spec = parse_spec(ctx, spec_body)
    except ProblemError as exc:
        if exc.status != 422:
            raise
        errors.extend(exc.errors)
        spec = None
    apply_meta(ctx, row, body, errors, creating)
    chart = _chart(body, errors) if (creating or "chart" in body) else row.chart
    if errors:
        raise validation_error(errors)
    assert spec is not None
    row.object = spec.obj.api_name
    row.spec = {k: v for k, v in spec.raw.items() if k != "object"}
    row.chart = chart or {}


def list_reports(ctx: Context, object_name: str | None) -> dict[str, Any]:
    stmt = select(SavedReport).where(*visible(ctx, SavedReport))
    if object_name:
        stmt = stmt.where(SavedReport.object == object_name[:64])
    rows = ctx.session.scalars(stmt.order_by(SavedReport.name, SavedReport.id).limit(500))
    return {"items": [report_view(ctx, r) for r in rows]}


def delete(ctx: Context, model: Any, record_id: str) -> None:
    """Delete a saved report or dashboard (its owner or an administrator)."""
    kind_of(model).delete(ctx, load(ctx, model, record_id, for_write=True))


def run_saved(ctx: Context, record_id: str, *, limit: int | None = None) -> dict[str, Any]:
    row = load(ctx, SavedReport, record_id)
    spec = parse_spec(ctx, {"object": row.object, **row.spec})
    result = run_report(ctx, spec, limit=limit)
    result["report"] = {"id": row.id, "name": row.name, "chart": row.chart or {}}
    return result


def saved_spec_body(ctx: Context, record_id: str) -> tuple[str, dict[str, Any]]:
    row = load(ctx, SavedReport, record_id)
    return row.name, {"object": row.object, **{k: v for k, v in row.spec.items()
                                               if k in SPEC_KEYS}}



def meta_snapshot(row: Any) -> dict[str, Any]:
    """What a change of a report's or dashboard's name and sharing records."""
    return {"name": row.name, "description": row.description, "sharing": row.sharing,
            "department_id": row.department_id}


# Owned and shared definitions: who may change one is the sharing rule's business
# (its owner or an administrator, ``load``); PATCH has always required the version.
REPORTS = Definitions("saved_reports", SavedReport, path="reports", admin_only=False,
                      version_required=True,
                      snapshot=lambda row: {**meta_snapshot(row), "object": row.object,
                                            "spec": row.spec, "chart": row.chart})
