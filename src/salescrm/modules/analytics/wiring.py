"""Analytics in the app: exchange rates' behaviour, messages, and the figures
dashboards can show. The app registers it (``salescrm.app.MODULES``)."""

from __future__ import annotations

import salescrm.modules.analytics.messages  # noqa: F401
from salescrm.modules.analytics import currency, forecast, funnel, standard, targets
from salescrm.modules.analytics.dashboards import SOURCES
from salescrm.platform.records.behaviour import Behaviour

BEHAVIOURS = {
    "exchange_rates": Behaviour(create=currency.create_rate, update=currency.update_rate),
}


def connect() -> None:
    SOURCES.update({"funnel": funnel.funnel, "forecast": forecast.forecast,
                    "targets": targets.attainment, "leaderboard": targets.leaderboard,
                    **standard.REPORTS})
