"""Connect the sales services to the generic routes, tenant setup and the timeline."""

from __future__ import annotations

import salescrm.modules.sales.messages  # noqa: F401  (registers the messages)
import salescrm.modules.sales.objects  # noqa: F401  (registers the objects)
from salescrm.modules.sales import catalog, pipelines, quotes, service
from salescrm.platform.audit.api import TIMELINE_SOURCES
from salescrm.platform.org.service import TENANT_SETUP
from salescrm.platform.records.api import READERS, WRITE_OVERRIDES

WRITE_OVERRIDES["pipelines"] = {"create": pipelines.create_pipeline,
                                "update": pipelines.update_pipeline,
                                "delete": pipelines.delete_pipeline}
READERS["pipelines"] = pipelines.read_pipeline
WRITE_OVERRIDES["opportunities"] = {"create": service.create_opportunity_override,
                                    "update": service.update_opportunity}
WRITE_OVERRIDES["products"] = {"create": catalog.create_product,
                               "update": catalog.update_product}
WRITE_OVERRIDES["price_books"] = {"create": catalog.create_price_book,
                                  "delete": catalog.delete_price_book}
WRITE_OVERRIDES["price_book_entries"] = {"create": catalog.create_entry,
                                         "update": catalog.update_entry}
WRITE_OVERRIDES["quotes"] = {"create": quotes.create_quote, "update": quotes.update_quote}

if pipelines.create_default_pipeline not in TENANT_SETUP:
    TENANT_SETUP.append(pipelines.create_default_pipeline)
if catalog.create_standard_price_book not in TENANT_SETUP:
    TENANT_SETUP.append(catalog.create_standard_price_book)
if service.stage_timeline not in TIMELINE_SOURCES:
    TIMELINE_SOURCES.append(service.stage_timeline)
