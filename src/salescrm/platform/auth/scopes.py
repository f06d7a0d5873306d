"""What an API token may do, and what each route needs (decision 0140).

Every route states one scope in its OpenAPI operation (``x-scope``, via :func:`needs`);
:func:`salescrm.platform.boundary.run` refuses a token without it (403) before the
service runs. The vocabulary:

- ``<resource>:read`` / ``:write`` / ``:delete`` — a record object (``accounts``) or a
  feature (``reports``, ``analytics``); ``<resource>:*`` and ``*:read`` … as wildcards;
  ``write`` includes ``read`` (a write answers with the record written);
- ``admin`` — company-wide configuration (custom fields, automation, webhooks …);
- ``tokens`` — list, mint and revoke API tokens; never implied by ``*``, so a token
  cannot mint another unless it was given the right explicitly;
- ``*`` — everything but ``tokens``.

Routes may also need only ``signed_in`` (any valid credentials) or be ``public``.
A scope may name a path or query parameter (``{object_name}:read``); a request that
leaves it out reaches across objects and needs ``admin``. Sessions (the web app) hold
every scope; what a user may do is then their roles' business, as for tokens.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

PUBLIC = "public"
SIGNED_IN = "signed_in"
ADMIN = "admin"
TOKENS = "tokens"
ALL = "*"
SESSION_SCOPES = frozenset({ALL, TOKENS})
SCOPE_ACTIONS = ("read", "write", "delete", "*")
# Role actions → the scope action a token needs for them; tokens made before the
# vocabulary was settled named role actions (``accounts:create``) and still work.
ACTION_SCOPE = {"read": "read", "export": "read", "write": "write", "create": "write",
                "update": "write",
                "approve": "write", "delete": "delete", "*": "*"}
# What a token may be given, as published in the OpenAPI document (POST /api_tokens).
SCOPE_PATTERN = (r"^(\*|admin|tokens|(\*|[a-z][a-z0-9_]{0,62}):"
                 r"(read|write|delete|create|update|approve|export|\*))$")
_SCOPE = re.compile(r"^(\*|[a-z][a-z0-9_]{0,62}):([a-z*]+)$")
_PLACEHOLDER = re.compile(r"\{(\w+)\}")


def needs(scope: str, extra: Mapping[str, Any] | None = None) -> dict[str, Any]:
    """The ``openapi_extra`` of a route that needs ``scope`` (merged into ``extra``)."""
    return {**(extra or {}), "x-scope": scope}


def normalize(scope: str) -> str | None:
    """A granted scope in today's vocabulary, or None when it is not one."""
    if scope in (ALL, ADMIN, TOKENS):
        return scope
    m = _SCOPE.match(scope)
    if not m or m.group(2) not in ACTION_SCOPE:
        return None
    return f"{m.group(1)}:{ACTION_SCOPE[m.group(2)]}"


def parse(stored: str) -> frozenset[str]:
    """A token row's comma-separated scopes; unknown words grant nothing."""
    return frozenset(s for s in (normalize(p.strip()) for p in stored.split(",")) if s)


def covers(granted: frozenset[str] | set[str], wanted: str) -> bool:
    """Does a token holding ``granted`` have ``wanted``?"""
    if wanted in (PUBLIC, SIGNED_IN) or wanted in granted:
        return True
    if wanted == TOKENS:
        return False
    if ALL in granted:
        return True
    resource, _, action = wanted.partition(":")
    if not action:
        return False
    for g in granted:
        have_resource, _, have_action = g.partition(":")
        if have_action and have_resource in ("*", resource) and (
                have_action in ("*", action) or (have_action, action) == ("write", "read")):
            return True
    return False


def allows_action(granted: frozenset[str], object_name: str, action: str) -> bool:
    """May the token do the role action ``action`` on ``object_name``?"""
    return covers(granted, f"{object_name}:{ACTION_SCOPE.get(action, action)}")


def resolve(declared: str, params: Mapping[str, str]) -> str:
    """The declared scope with its parameters filled in (``admin`` if one is missing)."""
    missing = False

    def fill(m: re.Match[str]) -> str:
        nonlocal missing
        value = params.get(m.group(1))
        if not value:
            missing = True
            return ""
        return value

    concrete = _PLACEHOLDER.sub(fill, declared)
    return ADMIN if missing else concrete
