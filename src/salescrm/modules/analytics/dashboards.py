"""Dashboards: saved layouts of widgets, each fed by a saved or inline report or by one
of the analytics figures (funnel, forecast, targets, standard reports).

Two default dashboards exist for every tenant without being stored: ``default_sales``
(a rep's own month) and ``default_manager`` (the team's funnel, forecast, ranking).
A user copies one to change it.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from sqlalchemy import select

from salescrm.db.types import new_id
from salescrm.models import Dashboard, SavedReport
from salescrm.modules.analytics import forecast, funnel, saved, standard, targets
from salescrm.modules.analytics.reports import parse_spec, run_report
from salescrm.platform.definitions import Definitions
from salescrm.platform.errors import FieldError, ProblemError, body_object, validation_error
from salescrm.platform.i18n import t
from salescrm.platform.tenancy import Context

WIDGET_TYPES = ("number", "bar", "line", "pie", "funnel", "table")
MAX_WIDGETS = 40
WIDGET_KEYS = {"id", "type", "title", "source", "report_id", "report", "params",
               "x", "y", "w", "h"}
# source name → fn(ctx, params) → figures a widget can show.
SOURCES: dict[str, Callable[[Context, dict[str, str]], dict[str, Any]]] = {
    "funnel": funnel.funnel, "forecast": forecast.forecast,
    "targets": targets.attainment, "leaderboard": targets.leaderboard, **standard.REPORTS}


def _report_source(ctx: Context, widget: dict[str, Any]) -> dict[str, Any]:
    if widget.get("report_id"):
        return saved.run_saved(ctx, str(widget["report_id"]))
    return run_report(ctx, parse_spec(ctx, widget.get("report")))


def _w(wid: str, typ: str, title_key: str, source: str, x: int, y: int, w: int = 6,
       h: int = 4, **extra: Any) -> dict[str, Any]:
    return {"id": wid, "type": typ, "title_key": title_key, "source": source,
            "x": x, "y": y, "w": w, "h": h, **extra}


DEFAULTS: dict[str, dict[str, Any]] = {
    "default_sales": {"name_key": "dashboard.default_sales", "widgets": [
        _w("won", "number", "dashboard.w.my_won", "targets", 0, 0, 4, 2,
           params={"period": "current_month"}),
        _w("funnel", "funnel", "dashboard.w.funnel", "funnel", 4, 0, 8, 4),
        _w("pipeline", "bar", "dashboard.w.pipeline_by_stage", "report", 0, 2, 6, 4,
           report={"object": "opportunities", "group_by": ["stage"],
                   "measures": [{"agg": "count"}, {"field": "amount", "agg": "sum"}],
                   "filters": {"status": "open"}}),
        _w("won_by_month", "line", "dashboard.w.won_by_month", "revenue", 6, 4, 6, 4,
           params={"by": "month"}),
    ]},
    "default_manager": {"name_key": "dashboard.default_manager", "widgets": [
        _w("funnel", "funnel", "dashboard.w.funnel", "funnel", 0, 0, 6, 5),
        _w("forecast", "bar", "dashboard.w.forecast", "forecast", 6, 0, 6, 5),
        _w("leaderboard", "table", "dashboard.w.leaderboard", "leaderboard", 0, 5, 6, 5,
           params={"period": "current_month"}),
        _w("won_by_month", "line", "dashboard.w.won_by_month", "revenue", 6, 5, 6, 4,
           params={"by": "month"}),
        _w("activities", "bar", "dashboard.w.activities", "activities", 0, 10, 6, 4),
        _w("lost", "pie", "dashboard.w.lost_reasons", "lost_reasons", 6, 9, 6, 4),
        _w("receivables", "bar", "dashboard.w.receivables", "receivables", 0, 14, 12, 4),
    ]},
}


def _builtin_view(key: str) -> dict[str, Any]:
    spec = DEFAULTS[key]
    widgets = [{k: v for k, v in w.items() if k != "title_key"} | {"title": t(w["title_key"])}
               for w in spec["widgets"]]
    return {"id": key, "name": t(spec["name_key"]), "description": None, "sharing": "all",
            "department_id": None, "owner_id": None, "version": 1, "builtin": True,
            "can_edit": False, "widgets": widgets}


def view(ctx: Context, row: Dashboard) -> dict[str, Any]:
    return {**saved._common_view(ctx, row), "widgets": row.widgets or []}


def list_dashboards(ctx: Context) -> dict[str, Any]:
    rows = ctx.session.scalars(select(Dashboard).where(*saved.visible(ctx, Dashboard))
                               .order_by(Dashboard.name, Dashboard.id).limit(500))
    return {"items": [_builtin_view(k) for k in DEFAULTS] + [view(ctx, r) for r in rows]}


def get(ctx: Context, dashboard_id: str) -> dict[str, Any]:
    if dashboard_id in DEFAULTS:
        return _builtin_view(dashboard_id)
    return view(ctx, saved.load(ctx, Dashboard, dashboard_id))


def _int(value: Any, default: int) -> int | None:
    if value is None:
        return default
    if isinstance(value, float) and value.is_integer():  # JSON 3.0 is the whole number 3
        value = int(value)
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= 1000:
        return None
    return value


def _widget(ctx: Context, i: int, w: Any, errors: list[dict[str, Any]]) -> dict[str, Any] | None:
    where = f"widgets.{i}"
    if not isinstance(w, dict):
        errors.append(FieldError(where, "error.body_not_object"))
        return None
    unknown = [k for k in w if k not in WIDGET_KEYS]
    if unknown:
        errors.append(FieldError(f"{where}.{str(unknown[0])[:40]}", "report.unknown_key",
                                 key=str(unknown[0])[:40], allowed=", ".join(sorted(WIDGET_KEYS))))
    if w.get("type") not in WIDGET_TYPES:
        errors.append(FieldError(f"{where}.type", "dashboard.widget_type",
                                 types=", ".join(WIDGET_TYPES)))
    source = w.get("source", "report")
    names = ["report", *sorted(SOURCES)]
    if source not in names:
        errors.append(FieldError(f"{where}.source", "dashboard.widget_source",
                                 sources=", ".join(names)))
    out: dict[str, Any] = {"id": str(w.get("id") or new_id())[:64], "type": w.get("type"),
                           "title": str(w.get("title") or "")[:200], "source": source}
    if source == "report":
        if w.get("report_id"):
            try:
                saved.load(ctx, SavedReport, str(w["report_id"]))
                out["report_id"] = str(w["report_id"])
            except ProblemError:
                errors.append(FieldError(f"{where}.report_id", "field.lookup",
                                         target=t("report.saved_label")))
        elif isinstance(w.get("report"), dict):
            try:
                out["report"] = parse_spec(ctx, w["report"]).raw
            except ProblemError as exc:
                errors.extend({**e, "field": f"{where}.report.{e.get('field')}"}
                              for e in exc.errors)
        else:
            errors.append(FieldError(where, "dashboard.widget_report"))
    params = w.get("params")
    params = {} if params is None else params
    if isinstance(params, dict):  # JSON 3.0 is the whole number 3
        params = {k: int(v) if isinstance(v, float) and v.is_integer() else v
                  for k, v in params.items()}
    if not isinstance(params, dict) or not all(isinstance(v, (str, int)) and
                                               not isinstance(v, bool)
                                               for v in params.values()):
        errors.append(FieldError(f"{where}.params", "report.filters_object"))
    else:
        out["params"] = {str(k)[:64]: str(v)[:200] for k, v in params.items()}
    for key, default in (("x", 0), ("y", 0), ("w", 6), ("h", 4)):
        value = _int(w.get(key), default)
        if value is None:
            errors.append(FieldError(f"{where}.{key}", "analytics.bad_int", min=0, max=1000))
        out[key] = value
    return out


def save(ctx: Context, body: Any, dashboard_id: str | None = None) -> dict[str, Any]:
    body = body_object(body)
    if dashboard_id in DEFAULTS:
        raise ProblemError(403, "dashboard.builtin_readonly")
    if dashboard_id is None:
        row = Dashboard(tenant_id=ctx.tenant_id, owner_id=ctx.user.id, widgets=[])
        _apply(ctx, row, body, creating=True)
        DASHBOARDS.create(ctx, row)
    else:
        row = saved.load(ctx, Dashboard, dashboard_id, for_write=True)
        DASHBOARDS.update(ctx, row, body, lambda: _apply(ctx, row, body, creating=False))
    return view(ctx, row)


def _apply(ctx: Context, row: Dashboard, body: dict[str, Any], *, creating: bool) -> None:
    errors: list[dict[str, Any]] = []
    unknown = [k for k in body if k not in (*saved.META_KEYS, "widgets") or k == "chart"]
    for k in unknown:
        errors.append(FieldError(str(k)[:64], "report.unknown_key", name=str(k)[:64],
                                 allowed="name, description, sharing, widgets"))
    saved.apply_meta(ctx, row, body, errors, creating)
    widgets = body.get("widgets", [] if creating else None)
    if widgets is not None:
        if not isinstance(widgets, list) or len(widgets) > MAX_WIDGETS:
            errors.append(FieldError("widgets", "dashboard.widgets_list", max=MAX_WIDGETS))
        else:
            checked = [_widget(ctx, i, w, errors) for i, w in enumerate(widgets)]
            row.widgets = [w for w in checked if w is not None]
    if errors:
        raise validation_error(errors)


def delete(ctx: Context, dashboard_id: str) -> None:
    if dashboard_id in DEFAULTS:
        raise ProblemError(403, "dashboard.builtin_readonly")
    saved.delete(ctx, Dashboard, dashboard_id)


def widget_data(ctx: Context, widget: dict[str, Any]) -> dict[str, Any]:
    """One widget's figures, or its error: one broken widget never breaks the board."""
    try:
        with ctx.session.begin_nested():
            if widget.get("source", "report") == "report":
                data = _report_source(ctx, widget)
            else:
                fn = SOURCES.get(widget["source"])
                if fn is None:
                    raise ProblemError(404, "error.not_found")
                data = fn(ctx, dict(widget.get("params") or {}))
        return {"id": widget["id"], "data": data}
    except ProblemError as exc:
        return {"id": widget["id"], "error": {"status": exc.status, "detail": exc.detail,
                                              "errors": exc.errors}}


def data(ctx: Context, dashboard_id: str) -> dict[str, Any]:
    board = get(ctx, dashboard_id)
    return {"id": board["id"], "widgets": [widget_data(ctx, w) for w in board["widgets"]]}


DASHBOARDS = Definitions("dashboards", Dashboard, path="dashboards", admin_only=False,
                         version_required=True,
                         snapshot=lambda row: {**saved.meta_snapshot(row),
                                               "widgets": row.widgets})
