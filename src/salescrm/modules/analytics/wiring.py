"""The analytics module: exchange rates (what they do when written), the nightly
refresh of learned stage win rates, and the funnel, forecast, target, report and
dashboard routes (dashboards' figures: ``dashboards.SOURCES``)."""

from __future__ import annotations

from typing import Any

import salescrm.modules.analytics.messages  # noqa: F401  (the module's messages)
from salescrm.modules.analytics import currency, rates
from salescrm.platform.modules import JobKind, Module
from salescrm.platform.records.behaviour import Behaviour


def _routers() -> list[Any]:
    from salescrm.modules.analytics.api import router

    return [router]


MODULE = Module(
    objects=(currency.EXCHANGE_RATES,),
    behaviours={
        "exchange_rates": Behaviour(create=currency.create_rate, update=currency.update_rate),
    },
    jobs={rates.REFRESH_JOB: JobKind(rates.refresh_job)},
    routers=_routers,
)
