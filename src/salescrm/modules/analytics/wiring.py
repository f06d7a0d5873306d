"""Register analytics with the app: messages, and the figures dashboards can show."""

from __future__ import annotations

import salescrm.modules.analytics.messages  # noqa: F401
