"""The marketing module: campaigns and what they do when written and read."""

from __future__ import annotations

import salescrm.modules.marketing.messages  # noqa: F401  (the module's messages)
from salescrm.modules.marketing import objects, service
from salescrm.platform.modules import Module
from salescrm.platform.records.behaviour import Behaviour

MODULE = Module(
    objects=(objects.CAMPAIGNS,),
    behaviours={
        "campaigns": Behaviour(create=service.create_campaign, update=service.update_campaign,
                               reader=service.read_campaign),
    },
)
