"""The sales module: pipelines, opportunities, products, price books and quotes and
what they do when written, what a new tenant starts with, the recompute of stage
paths after a pipeline's stages are reordered, and the routes (kanban, stage moves).

"What happens when an opportunity is saved": the opportunities behaviour in ``MODULE``
below.
"""

from __future__ import annotations

from typing import Any

import salescrm.modules.sales.messages  # noqa: F401  (the module's messages)
from salescrm.modules.sales import (
    bulk_import,
    catalog,
    history_file,
    import_stages,
    objects,
    pipelines,
    quotes,
    service,
    stage_paths,
)
from salescrm.platform.modules import JobKind, Module
from salescrm.platform.records.behaviour import Behaviour
from salescrm.platform.tenancy import Context


def setup_tenant(ctx: Context) -> None:
    """A new tenant starts with the default pipeline and the standard price book."""
    pipelines.create_default_pipeline(ctx)
    catalog.create_standard_price_book(ctx)


def _routers() -> list[Any]:
    from salescrm.modules.sales.api import router

    return [router]


MODULE = Module(
    objects=(objects.PIPELINES, objects.OPPORTUNITIES, objects.PRODUCTS, objects.PRICE_BOOKS,
             objects.PRICE_BOOK_ENTRIES, objects.QUOTES),
    behaviours={
        "pipelines": Behaviour(create=pipelines.create_pipeline, update=pipelines.update_pipeline,
                               delete=pipelines.delete_pipeline, reader=pipelines.read_pipeline),
        # Saving a deal: the pipeline and stage rules, probability, stage history and
        # close dates (service.py); imports run in batches through bulk_import unless a
        # migration (then row by row, history as given, plus stage history files).
        "opportunities": Behaviour(
            create=service.create_opportunity_override, update=service.update_opportunity,
            timeline=service.stage_timeline,
            import_adapter=bulk_import.ADAPTER, import_history=True,
            import_choices=import_stages.STAGE_CHOICES,
            history_files={"stage_history": history_file.STAGE_HISTORY}),
        # A product is known by its code: imports de-duplicate and upsert on it.
        "products": Behaviour(create=catalog.create_product, update=catalog.update_product,
                              natural_key="code"),
        "price_books": Behaviour(create=catalog.create_price_book,
                                 delete=catalog.delete_price_book),
        "price_book_entries": Behaviour(create=catalog.create_entry, update=catalog.update_entry),
        "quotes": Behaviour(create=quotes.create_quote, update=quotes.update_quote),
    },
    jobs={stage_paths.RECOMPUTE_JOB: JobKind(stage_paths.recompute_job)},
    tenant_setup=(setup_tenant,),
    routers=_routers,
)
