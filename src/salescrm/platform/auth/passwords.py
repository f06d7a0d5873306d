"""Password hashing with argon2 (pwdlib), no home-made crypto; and what a password
must not be: one of the most common ones (the bundled ``common_passwords.txt``) or one
containing the user's own email name."""

from __future__ import annotations

import re
from functools import lru_cache
from importlib.resources import files

from pwdlib import PasswordHash
from pwdlib.hashers.argon2 import Argon2Hasher

from salescrm.config import get_settings


@lru_cache
def _hasher() -> PasswordHash:
    s = get_settings()
    return PasswordHash((Argon2Hasher(time_cost=s.password_time_cost,
                                      memory_cost=s.password_memory_cost),))


def hash_password(password: str) -> str:
    return _hasher().hash(password)


def verify_password(password: str, hashed: str) -> bool:
    try:
        return _hasher().verify(password, hashed)
    except Exception:  # a malformed stored hash is a failed login, not a crash
        return False


@lru_cache
def dummy_hash() -> str:
    """Verified against when the email is unknown, so timing does not reveal accounts."""
    return hash_password("not-a-real-password")


@lru_cache
def common_passwords() -> frozenset[str]:
    text = files("salescrm.platform.auth").joinpath("common_passwords.txt").read_text("utf-8")
    return frozenset(line.strip().lower() for line in text.splitlines()
                     if line.strip() and not line.startswith("#"))


def weakness(password: str, email: str | None) -> str | None:
    """The message key saying why ``password`` is too easy to guess, or None."""
    low = password.lower()
    if low in common_passwords():
        return "org.password_common"
    local = (email or "").split("@", 1)[0].lower()
    names = {part for part in re.split(r"[._+\-]", local) if len(part) >= 4}
    if len(local) >= 3:
        names.add(local)
    if any(name in low for name in names):
        return "org.password_has_name"
    return None
