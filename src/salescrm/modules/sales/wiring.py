"""What the sales objects do when written (their behaviours), and how the module joins
tenant setup. The app registers it (``salescrm.app.MODULES``).

"What happens when an opportunity is saved": ``BEHAVIOURS["opportunities"]`` below.
"""

from __future__ import annotations

import salescrm.modules.sales.messages
import salescrm.modules.sales.objects  # noqa: F401  (registers the objects)
from salescrm.modules.sales import (
    bulk_import,
    catalog,
    history_file,
    import_stages,
    pipelines,
    quotes,
    service,
)
from salescrm.platform.org.service import TENANT_SETUP
from salescrm.platform.records.behaviour import Behaviour
from salescrm.platform.tenancy import Context

BEHAVIOURS = {
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
}


def setup_tenant(ctx: Context) -> None:
    """A new tenant starts with the default pipeline and the standard price book."""
    pipelines.create_default_pipeline(ctx)
    catalog.create_standard_price_book(ctx)


def connect() -> None:
    if setup_tenant not in TENANT_SETUP:
        TENANT_SETUP.append(setup_tenant)
