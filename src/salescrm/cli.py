"""The ``salescrm`` command line."""

from __future__ import annotations

import os
import signal
import sys

import typer
from rich.console import Console
from rich.table import Table
from sqlalchemy.orm import Session, sessionmaker

from salescrm.config import get_settings
from salescrm.modules.analytics.cli import forecast_app
from salescrm.platform.search.cli import search_app

app = typer.Typer(help="SalesCRM: serve, migrate, run the worker, manage tenants.",
                  no_args_is_help=True)
tenant_app = typer.Typer(help="Tenants (companies).", no_args_is_help=True)
user_app = typer.Typer(help="Users.", no_args_is_help=True)
app.add_typer(tenant_app, name="tenant")
app.add_typer(user_app, name="user")
template_app = typer.Typer(help="Industry templates.", no_args_is_help=True)
app.add_typer(template_app, name="template")
app.add_typer(forecast_app, name="forecast")
app.add_typer(search_app, name="search")
console = Console()


def _sessions() -> sessionmaker[Session]:
    from salescrm.app import load_modules
    from salescrm.db.engine import get_engine, make_sessionmaker

    load_modules()
    return make_sessionmaker(get_engine(get_settings().database_url))


@app.command()
def migrate() -> None:
    """Bring the database schema up to date."""
    from salescrm.db.migrate import upgrade

    upgrade(get_settings().database_url)
    console.print("[green]database is up to date[/green]")


@app.command()
def serve(host: str = "127.0.0.1", port: int = 8000, workers: int = 1,
          log_level: str = "warning") -> None:
    """Serve the API and the web app. Several workers share the port with SO_REUSEPORT."""
    from salescrm.server import serve as run_server

    run_server(host, port, workers, log_level)


@app.command()
def worker(once: bool = typer.Option(False, help="Run due jobs, then exit.")) -> None:
    """Run background jobs (events, webhooks, schedules) until stopped."""
    from salescrm.platform.jobs.worker import Worker

    w = Worker(_sessions())
    if once:
        console.print(f"ran {w.run_until_idle()} jobs")
        return
    # SIGTERM (systemd, docker stop) and Ctrl-C finish the job at hand, then exit.
    for sig in (signal.SIGTERM, signal.SIGINT):
        signal.signal(sig, lambda *_: w.stop())
    console.print(f"worker {w.name} started")
    w.run_forever()
    console.print(f"worker {w.name} stopped")


@tenant_app.command("create")
def tenant_create(name: str = typer.Option(...), admin_email: str = typer.Option(...),
                  admin_password: str = typer.Option(...), admin_name: str | None = None,
                  locale: str = "zh-CN") -> None:
    """Create a company with its administrator."""
    from salescrm.platform.errors import ProblemError
    from salescrm.platform.org.service import create_tenant

    with _sessions()() as session:
        try:
            tenant, admin = create_tenant(session, name, admin_email, admin_password,
                                          admin_name, locale)
            session.commit()
        except ProblemError as exc:
            console.print(f"[red]{exc.detail}[/red] {exc.errors}")
            raise typer.Exit(1) from exc
    console.print(f"tenant {tenant.id} created; admin {admin.email}")


@user_app.command("create")
def user_create(tenant_id: str = typer.Option(...), name: str = typer.Option(...),
                email: str = typer.Option(...), password: str = typer.Option(...),
                role: list[str] = typer.Option(["sales_rep"])) -> None:
    """Add a user to a tenant."""
    from salescrm.platform.errors import ProblemError
    from salescrm.platform.records import service as records
    from salescrm.platform.tenancy.system import system_context

    with _sessions()() as session:
        try:
            ctx = system_context(session, tenant_id)
            user = records.create(ctx, ctx.object("users"),  # the users behaviour
                                  {"name": name, "email": email, "password": password,
                                   "roles": role})
            session.commit()
        except ProblemError as exc:
            console.print(f"[red]{exc.detail}[/red] {exc.errors}")
            raise typer.Exit(1) from exc
    console.print(f"user {user.id} created")


@template_app.command("apply")
def template_apply(name: str, tenant_id: str = typer.Option(...)) -> None:
    """Install an industry template (manufacturing, high_tech, consumer_goods): pipelines,
    custom fields and picklists, approval flows, saved reports. Safe to run again."""
    from salescrm.platform.errors import ProblemError
    from salescrm.platform.templates.installer import apply_for_tenant

    with _sessions()() as session:
        try:
            result = apply_for_tenant(session, tenant_id, name)
            session.commit()
        except ProblemError as exc:
            console.print(f"[red]{exc.detail}[/red] {exc.errors}")
            raise typer.Exit(1) from exc
    for bucket in ("created", "existing", "skipped"):
        for kind, items in result[bucket].items():
            console.print(f"{bucket:>8} {kind}: {', '.join(items)}")


@app.command()
def demo(seed: int = 7, locale: str = "zh-CN", email: str = "admin@demo.salescrm.dev",
         password: str = "demo12345",
         scale: float = typer.Option(1.0, hidden=True),  # tests load a smaller company
         url: str = typer.Option("", help="Where the app is served (default: "
                                 "SALESCRM_PUBLIC_URL, else http://127.0.0.1:8000)")) -> None:
    """Load a demo company (idempotent: skipped when the admin exists), then say where
    to sign in and as whom."""
    from salescrm.demo import load_demo
    from salescrm.demo.org import sign_ins

    with _sessions()() as session:
        created = load_demo(session, seed=seed, locale=locale, email=email, password=password,
                            progress=console, scale=scale)
        session.commit()
    state = "loaded" if created else "already present"
    address = url or get_settings().public_url or "http://127.0.0.1:8000"
    console.print(f"demo data {state}. Open {address} and sign in as:", soft_wrap=True,
                  highlight=False)
    # Plain lines, not a table: a narrow terminal must not cut an address in two.
    for zh, en, login in sign_ins(email):
        console.print(f"  {zh} / {en}: {login}  {password}", soft_wrap=True, highlight=False)


@app.command()
def check() -> None:
    """Check configuration and database health."""
    from sqlalchemy import text

    from salescrm.db.engine import get_engine

    s = get_settings()
    table = Table("check", "result")
    ok = True
    table.add_row("database", s.database_url.split("@")[-1])
    try:
        with get_engine(s.database_url).connect() as conn:
            conn.execute(text("SELECT 1"))
            version = conn.execute(text("SELECT version_num FROM alembic_version")).scalar()
        table.add_row("connection", "[green]ok[/green]")
        table.add_row("schema revision", str(version))
    except Exception as exc:  # report, never crash
        ok = False
        table.add_row("connection", f"[red]{type(exc).__name__}: {exc}[/red]"[:200])
    if s.secret_key == "dev-only-change-me":
        table.add_row("secret key", "[yellow]default (set SALESCRM_SECRET_KEY)[/yellow]")
    table.add_row("web app", "built" if os.path.isfile(os.path.join(s.web_dist, "index.html"))
                  else "[yellow]not built[/yellow]")
    console.print(table)
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    app()
