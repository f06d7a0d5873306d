"""Opaque random tokens, stored only as SHA-256 hashes, so they can be revoked."""

from __future__ import annotations

import hashlib
import hmac
import secrets

from salescrm.config import get_settings

CSRF_HEADER = "X-CSRF-Token"
SESSION_COOKIE = "salescrm_session"


def new_token(prefix: str = "scs") -> str:
    return f"{prefix}_{secrets.token_urlsafe(32)}"


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def csrf_for(token: str) -> str:
    """The CSRF token is derived from the session token: nothing more to store."""
    key = get_settings().secret_key.encode()
    return hmac.new(key, b"csrf:" + token.encode(), hashlib.sha256).hexdigest()[:40]


def csrf_ok(token: str, sent: str | None) -> bool:
    return bool(sent) and hmac.compare_digest(csrf_for(token), sent or "")
