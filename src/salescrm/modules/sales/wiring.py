"""Connect the sales services to the generic routes, tenant setup and the timeline."""

from __future__ import annotations

import salescrm.modules.sales.import_stages
import salescrm.modules.sales.messages
import salescrm.modules.sales.objects  # noqa: F401  (registers the objects)
from salescrm.modules.sales import bulk_import, catalog, history_file, pipelines, quotes, service
from salescrm.platform.audit.api import TIMELINE_SOURCES
from salescrm.platform.imports.adapters import HISTORY_FILES, HISTORY_OBJECTS, register_adapter
from salescrm.platform.imports.natural import register_natural_key
from salescrm.platform.org.service import TENANT_SETUP
from salescrm.platform.records.api import READERS, WRITE_OVERRIDES
from salescrm.platform.tenancy import Context

WRITE_OVERRIDES["pipelines"] = {"create": pipelines.create_pipeline,
                                "update": pipelines.update_pipeline,
                                "delete": pipelines.delete_pipeline}
READERS["pipelines"] = pipelines.read_pipeline
WRITE_OVERRIDES["opportunities"] = {"create": service.create_opportunity_override,
                                    "update": service.update_opportunity}
register_adapter("opportunities", bulk_import.ADAPTER)  # batched, unless a migration
HISTORY_OBJECTS.add("opportunities")  # imports with migration=true keep its history
HISTORY_FILES[("opportunities", "stage_history")] = history_file.STAGE_HISTORY
WRITE_OVERRIDES["products"] = {"create": catalog.create_product,
                               "update": catalog.update_product}
# A product is known by its code: imports de-duplicate and upsert on it.
register_natural_key("products", "code")
WRITE_OVERRIDES["price_books"] = {"create": catalog.create_price_book,
                                  "delete": catalog.delete_price_book}
WRITE_OVERRIDES["price_book_entries"] = {"create": catalog.create_entry,
                                         "update": catalog.update_entry}
WRITE_OVERRIDES["quotes"] = {"create": quotes.create_quote, "update": quotes.update_quote}



def setup_tenant(ctx: Context) -> None:
    """A new tenant starts with the default pipeline and the standard price book."""
    pipelines.create_default_pipeline(ctx)
    catalog.create_standard_price_book(ctx)


if setup_tenant not in TENANT_SETUP:
    TENANT_SETUP.append(setup_tenant)
if service.stage_timeline not in TIMELINE_SOURCES:
    TIMELINE_SOURCES.append(service.stage_timeline)
