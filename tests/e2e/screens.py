"""What a person must never read on a screen: the database's own words.

A stored value (``negotiation``, ``bank_transfer``), an object's api name
(``opportunities``), an event code (``stage_change``), a record id or a version
(``v1``), or a raw UTC timestamp means a screen showed the data instead of what
it means. :func:`internal_words` collects the words from the metadata itself, so
a new enumeration is checked the day it is declared; :class:`ScreenCheck` walks
screens and collects every leak with the screen it was seen on.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

# Codes the audit trail, approvals and timeline use for what happened.
EVENT_CODES = {
    "create", "update", "delete", "restore", "merge", "migrate", "submit", "approve",
    "reject", "withdraw", "team_add", "team_remove", "team_update", "stage_change",
    "submitted", "approval_approved", "approval_rejected", "approval_pending",
    "field_changed", "merged_into",
}
ROLE_KEYS = {"admin", "sales_manager", "sales_rep"}
# The default pipeline's stage keys (API.md).
STAGE_KEYS = {"initial", "qualified", "proposal", "negotiation", "won", "lost"}
# Choices whose stored value is already what a person reads.
READABLE_AS_IS = {"A", "B", "C", "D", "zh-CN", "en"}

ID_SHAPED = (
    r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}"  # a record id
    r"|\b[0-9a-f]{8}…"                                             # a shortened one
    r"|\b[0-9a-f]{16,}\b"                                          # long hex
    r"|(?<![A-Za-z0-9])v\d+\b"                                     # a version: v1
    r"|\d{4}-\d{2}-\d{2}T\d{2}:\d{2}"                              # an ISO timestamp
)
# Text a person wrote or an address names: never a leak, whatever words it has.
_EMAILS_AND_LINKS = re.compile(r"\S+@\S+|https?://\S+")


def internal_words() -> set[str]:
    """Every stored choice of a built-in enumeration, every object's api name and
    the event codes: the words only the database should say."""
    from salescrm.app import load_modules
    from salescrm.platform.metadata import builtin_objects

    load_modules()
    words = set(EVENT_CODES | ROLE_KEYS | STAGE_KEYS)
    for obj in builtin_objects().values():
        words.add(obj.api_name)
        for f in obj.fields.values():
            words.update(f.options)
    return words - READABLE_AS_IS


def leak_pattern(words: set[str], *, plain_words: bool) -> re.Pattern[str]:
    """A pattern for ids and the internal words as whole words. ``plain_words``:
    also words without an underscore (``won``, ``open``) — right for a Chinese
    screen, where any such English word is a leak; an English screen may say "open"
    in a sentence, so there only ``snake_case`` words count."""
    chosen = sorted((w for w in words if plain_words or "_" in w), key=len, reverse=True)
    keys = "|".join(re.escape(w) for w in chosen)
    return re.compile(rf"{ID_SHAPED}|(?<![A-Za-z0-9_.-])(?:{keys})(?![A-Za-z0-9_-])")


def leaks(text: str, pattern: re.Pattern[str]) -> list[str]:
    """The leaked words and ids in ``text`` (emails and links left out)."""
    return sorted({m.group(0) for m in pattern.finditer(_EMAILS_AND_LINKS.sub(" ", text))})


@dataclass
class ScreenCheck:
    """Walks screens of one signed-in page and remembers what each one leaked."""

    page: Any
    words: set[str]
    plain_words: bool
    found: dict[str, list[str]] = field(default_factory=dict)
    visited: list[str] = field(default_factory=list)

    def settled(self) -> None:
        """Wait until nothing is loading: no skeleton, no spinning table or page."""
        from playwright.sync_api import expect

        expect(self.page.locator(".ant-skeleton")).to_have_count(0, timeout=15_000)
        expect(self.page.locator(".ant-spin-spinning")).to_have_count(0, timeout=15_000)

    def check(self, screen: str, allowed: set[str] | None = None) -> None:
        """The page's visible text reads clean; names for ids may take a moment to
        arrive, so the check waits a little for the text to become clean. ``allowed``:
        words that are this screen's content (what a person typed, an api name an
        administrator's screen is about)."""
        from playwright.sync_api import expect

        self.visited.append(screen)
        self.settled()
        pattern = leak_pattern(self.words - (allowed or set()), plain_words=self.plain_words)
        body = self.page.locator("body")
        try:
            expect(body).not_to_have_text(pattern, timeout=4_000, use_inner_text=True)
        except AssertionError:
            seen = leaks(body.inner_text(), pattern)
            if seen:
                self.found[screen] = seen

    def report(self) -> str:
        return "\n".join(f"  {screen}: {', '.join(words)}" for screen, words in self.found.items())
