"""Register analytics with the app: messages, and the figures dashboards can show."""

from __future__ import annotations

import salescrm.modules.analytics.messages  # noqa: F401
from salescrm.modules.analytics import currency, forecast, funnel, standard, targets
from salescrm.modules.analytics.dashboards import SOURCES
from salescrm.platform.records.api import WRITE_OVERRIDES

WRITE_OVERRIDES["exchange_rates"] = {"create": currency.create_rate,
                                     "update": currency.update_rate}

SOURCES.update({"funnel": funnel.funnel, "forecast": forecast.forecast,
                "targets": targets.attainment, "leaderboard": targets.leaderboard,
                **standard.REPORTS})
