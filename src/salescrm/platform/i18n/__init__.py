"""Server messages in zh-CN and en, chosen by ``Accept-Language``.

The catalog is a plain dict per module (``messages.py``): each key has both
languages side by side, so a missing translation is visible in review and a
test checks the catalog is complete. Babel negotiates the locale.
"""

from __future__ import annotations

from contextvars import ContextVar

from babel.core import negotiate_locale

from salescrm.platform.i18n.messages import MESSAGES

LOCALES = ("zh-CN", "en")
_current: ContextVar[str] = ContextVar("salescrm_locale", default="zh-CN")


def negotiate(accept_language: str | None, default: str = "zh-CN") -> str:
    if not accept_language:
        return default
    preferred: list[tuple[float, str]] = []
    for part in accept_language.split(","):
        piece = part.strip()
        if not piece:
            continue
        tag, _, q = piece.partition(";q=")
        try:
            weight = float(q) if q else 1.0
        except ValueError:
            weight = 0.0
        preferred.append((weight, tag.strip().replace("_", "-")))
    ordered = [tag for _w, tag in sorted(preferred, key=lambda p: -p[0])]
    # Any Chinese variant reads the zh-CN catalog; any English one the en catalog.
    widened = [("zh-CN" if t.lower().startswith("zh") else "en" if t.lower().startswith("en") else t)
               for t in ordered]
    return negotiate_locale(widened, list(LOCALES), sep="-") or default


def set_locale(locale: str) -> None:
    _current.set(locale if locale in LOCALES else "zh-CN")


def get_locale() -> str:
    return _current.get()


def t(key: str, locale: str | None = None, **params: object) -> str:
    """Translate ``key`` into the current (or given) locale, formatting ``params`` in."""
    entry = MESSAGES.get(key)
    if entry is None:
        return key
    text = entry.get(locale or get_locale()) or entry["en"]
    try:
        return text.format(**params)
    except (KeyError, IndexError, ValueError):
        return text


def register(messages: dict[str, dict[str, str]]) -> None:
    """Modules add their own messages at import time."""
    MESSAGES.update(messages)
