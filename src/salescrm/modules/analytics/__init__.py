"""Analytics (BI): report builder, funnel, forecast, targets, standard reports, dashboards."""

from salescrm.modules.analytics import messages  # noqa: F401  (registers the messages)
