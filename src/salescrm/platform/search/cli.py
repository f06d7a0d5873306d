"""``salescrm search reindex``: rebuild the search index from the records."""

from __future__ import annotations

import typer
from rich.console import Console
from sqlalchemy import select

search_app = typer.Typer(help="The search index.", no_args_is_help=True)
console = Console()


@search_app.command("reindex")
def reindex_command(tenant_id: str | None = typer.Option(None, help="One tenant (default all)."),
                    object_name: list[str] = typer.Option(
                        [], "--object", help="Only these objects (repeatable).")) -> None:
    """Rebuild the index of every record (after a restore from a dump, a change of what
    is searchable, or to repair it). Each tenant's object is one transaction."""
    from salescrm.app import load_modules
    from salescrm.config import get_settings
    from salescrm.db.engine import get_engine, make_sessionmaker
    from salescrm.models import Tenant
    from salescrm.platform.metadata import objects_for
    from salescrm.platform.search.index import reindex

    load_modules()
    factory = make_sessionmaker(get_engine(get_settings().database_url))
    with factory() as session:
        session.info["tenant_id"] = None
        query = select(Tenant.id, Tenant.metadata_version)
        if tenant_id:
            query = query.where(Tenant.id == tenant_id)
        tenants = session.execute(query).all()
    if not tenants:
        console.print("[red]no such tenant[/red]")
        raise typer.Exit(1)
    total = 0
    for tid, version in tenants:
        with factory() as session:
            session.info["tenant_id"] = tid
            objects = objects_for(session, tid, version)
            names = object_name or sorted(objects)
            unknown = [n for n in names if n not in objects]
            if unknown:
                console.print(f"[red]unknown object: {', '.join(unknown)}[/red]")
                raise typer.Exit(1)
            for name in names:
                total += reindex(session, [objects[name]])
                session.commit()
    console.print(f"[green]indexed {total} records of {len(tenants)} tenant(s)[/green]")
