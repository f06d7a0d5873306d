"""Pure ASGI middleware: pick the response language from Accept-Language."""

from __future__ import annotations

from typing import Any

from salescrm.platform.i18n import negotiate, set_locale


class LocaleMiddleware:
    def __init__(self, app: Any, default: str = "zh-CN") -> None:
        self.app = app
        self.default = default

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        if scope["type"] == "http":
            header = next((v.decode("latin-1") for k, v in scope["headers"]
                           if k == b"accept-language"), None)
            set_locale(negotiate(header, self.default))
        await self.app(scope, receive, send)
