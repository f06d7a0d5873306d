"""``salescrm forecast …``: the forecast backtest on the command line."""

from __future__ import annotations

import json
from datetime import date, datetime, timedelta
from typing import Any

import typer
from rich.console import Console
from rich.table import Table

forecast_app = typer.Typer(help="Sales forecast tools.", no_args_is_help=True)
console = Console()


@forecast_app.command("backtest")
def backtest_command(
    tenant_id: str | None = typer.Option(None, "--tenant-id",
                                         help="The tenant (needed when there are several)."),
    months: int = typer.Option(12, min=1, max=120, help="Complete months to replay."),
    window_days: int = typer.Option(365, min=30, max=1830,
                                    help="Trailing window of the stage-to-win rates."),
    horizon_days: int = typer.Option(180, min=7, max=730,
                                     help="A deal counts as won if won within this many days."),
    min_sample: int = typer.Option(20, min=1,
                                   help="Deals a stage and age need before their rate is used."),
    until: str | None = typer.Option(
        None, help="Replay the months before this one (YYYY-MM), e.g. the years a "
                   "migration brought in; default: the current month."),
    locale: str | None = typer.Option(None, help="zh-CN or en (default: the tenant's)."),
    as_json: bool = typer.Option(False, "--json", help="Print JSON instead of a table."),
) -> None:
    """Replay the stage history month by month; print each forecast method's error (MAPE).

    Exits 3, saying why, when too few of the replayed months won anything."""
    from sqlalchemy import select

    from salescrm.cli import _sessions
    from salescrm.models import Tenant
    from salescrm.modules.analytics.backtest import METHODS, backtest
    from salescrm.platform.tenancy.system import system_context

    end = _month(until)
    with _sessions()() as session:
        if tenant_id is None:
            ids = list(session.scalars(select(Tenant.id).limit(2)))
            if len(ids) != 1:
                console.print("[red]name the tenant with --tenant-id[/red]")
                raise typer.Exit(2)
            tenant_id = ids[0]
        ctx = system_context(session, tenant_id)
        if locale not in ("zh-CN", "en"):
            locale = session.scalar(select(Tenant.locale).where(Tenant.id == tenant_id))
        result = backtest(ctx, months, window_days, horizon_days, min_sample, until=end)
        session.rollback()  # a replay writes nothing
    thin = _thin_message(result, locale or "zh-CN") if result["thin"] else None
    if as_json:
        print(json.dumps({
            "tenant_id": tenant_id, "window_days": window_days, "horizon_days": horizon_days,
            "min_sample": min_sample, "thin": result["thin"], "message": thin,
            "months_with_wins": result["months_with_wins"],
            "mape": None if thin else result["mape"],
            "months": [{"month": m.month, "actual": f"{m.actual:.2f}",
                        **{k: f"{v:.2f}" for k, v in m.predicted.items()}}
                       for m in result["months"]]}, ensure_ascii=False))
        if thin:
            raise typer.Exit(3)
        return
    if thin:
        console.print(f"[yellow]{thin}[/yellow]")
        raise typer.Exit(3)
    table = Table("month", "actual won", *METHODS, title="Forecast backtest (amount won)")
    for m in result["months"]:
        table.add_row(m.month, f"{m.actual:,.2f}",
                      *[f"{m.predicted[k]:,.2f}" for k in METHODS])
    table.add_row("MAPE", "", *[f"{v:.1%}" if v is not None else "—"
                                for v in (result["mape"][k] for k in METHODS)], style="bold")
    console.print(table)
    console.print(f"window {window_days} days, horizon {horizon_days} days, at least "
                  f"{min_sample} deals per stage and age; MAPE = mean |predicted − actual| / "
                  "actual over the months")


def _month(text: str | None) -> date | None:
    if text is None:
        return None
    try:
        return datetime.strptime(text.strip()[:7], "%Y-%m").date()
    except ValueError as exc:
        raise typer.BadParameter("YYYY-MM", param_hint="--until") from exc


def _thin_message(result: dict[str, Any], locale: str) -> str:
    """Why the replay means nothing, and where the recorded wins are, in ``locale``."""
    from salescrm.modules.analytics.backtest import MIN_MONTHS_WITH_WINS
    from salescrm.platform.i18n import t

    months = result["months"]
    lines = [t("analytics.backtest_thin", locale=locale, with_wins=result["months_with_wins"],
               months=len(months), first=months[0].month if months else "",
               last=months[-1].month if months else "", needed=min(MIN_MONTHS_WITH_WINS, len(months)))]
    span = result["wins_span"]
    if span is None:
        lines.append(t("analytics.backtest_no_history", locale=locale))
    else:
        after = (span[1].replace(day=28) + timedelta(days=4)).replace(day=1)
        lines.append(t("analytics.backtest_history_span", locale=locale,
                       start=span[0].isoformat(), end=span[1].isoformat(),
                       until=after.strftime("%Y-%m")))
    return "\n".join(lines)
