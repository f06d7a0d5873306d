"""What campaigns do when written and read (their behaviour). The app registers it
(``salescrm.app.MODULES``)."""

from __future__ import annotations

from salescrm.modules.marketing import messages, objects, service  # noqa: F401
from salescrm.platform.records.behaviour import Behaviour

BEHAVIOURS = {
    "campaigns": Behaviour(create=service.create_campaign, update=service.update_campaign,
                           reader=service.read_campaign),
}
