"""Password hashing with argon2 (pwdlib); no home-made crypto."""

from __future__ import annotations

from functools import lru_cache

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
