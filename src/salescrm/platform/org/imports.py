"""Importing users (administrators only): roles by key or name (several separated by
``;`` ``,`` ``、``), the department by name, the manager by email or name (a row
above in the same file too), and a generated first password for each new user,
handed to the uploader once in the import's result file, which the user must replace
at their first sign-in (``must_change_password``). A password column is never
read: users has no such field, so a mapping to it is refused and a column of that
name is ignored.
"""

from __future__ import annotations

import re
import secrets
import string
from typing import Any

from sqlalchemy import select

from salescrm.models import Role
from salescrm.platform.imports.extras import ImportExtras
from salescrm.platform.imports.rows import CellInvalid, ParsedRow, RowError, option
from salescrm.platform.org.service import user_roles
from salescrm.platform.tenancy import Context

ROLES = "roles"
PASSWORD = "password"
MUST_CHANGE = "must_change_password"
_ALPHABET = string.ascii_letters + string.digits
_SEPARATORS = re.compile(r"\s*[;；,，、|]\s*")


def first_password() -> str:
    """16 letters and digits (95 bits): no "-" a spreadsheet would take for a formula,
    nothing to misread when it is typed in."""
    return "".join(secrets.choice(_ALPHABET) for _ in range(16))


def _prepare(ctx: Context, rows: list[ParsedRow]) -> None:
    roles = ctx.session.execute(select(Role.key, Role.name).where(
        Role.deleted_at.is_(None)).order_by(Role.key)).all()
    keys = tuple(key for key, _name in roles)
    # Built-in roles are named in both languages ("销售经理 / Sales manager"): either half.
    names = {part.strip(): key for key, name in roles if name
             for part in (name, *name.split("/")) if part.strip()}
    shown = ", ".join(f"{name} ({key})" for key, name in roles)
    # The Chinese screen names each role by its Chinese half, no internal key.
    listing = {"en": shown, "zh-CN": "、".join(
        (name or key).split("/")[0].strip() or key for key, name in roles)}
    for row in rows:
        raw = row.body.pop(ROLES, None)
        if isinstance(raw, str) and raw.strip():
            try:
                row.body[ROLES] = list(dict.fromkeys(
                    option(part, keys, names, listing) for part in _SEPARATORS.split(raw)
                    if part))
            except CellInvalid as exc:
                row.errors.append(RowError(ROLES, exc.key, exc.params))
        if not row.existing_id:
            row.body[PASSWORD] = first_password()
            # Someone else read that password (the uploader, the file it went out in):
            # the user chooses their own at the first sign-in.
            row.body[MUST_CHANGE] = True


def _roles_change(ctx: Context, user_id: str, body: dict[str, Any]) -> bool:
    """Roles live beside the user's row: a new set does not move its version."""
    wanted = body.get(ROLES)
    return isinstance(wanted, list) and sorted(set(wanted)) != user_roles(ctx.session, user_id)


# On the users behaviour (platform/org/wiring.py).
USER_IMPORT = ImportExtras(
    targets={ROLES: {"en": "Roles", "zh-CN": "角色"}}, admin_only=True, prepare=_prepare,
    first_password=PASSWORD, service_keys=frozenset({MUST_CHANGE}),
    changes_beyond_fields=_roles_change)
