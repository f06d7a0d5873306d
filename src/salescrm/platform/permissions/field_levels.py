"""Field levels applied to every value a user is shown outside a plain record read.

A record read (``records/serialize.py``) and everything here follow one rule: a field
*hidden* from the user is absent, a *masked* one shows masked. History entries (audit
change lists, timeline items), notifications and webhook previews pass their values
through :func:`visible_values` / :func:`visible_changes`; figures summed over a money
field the user may not read in full are withheld through :class:`Withheld`
(``null``, and the answer names the field in ``hidden_fields``: docs/field-permissions.md).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any

from sqlalchemy import select
from sqlalchemy.orm import Session

if TYPE_CHECKING:
    from salescrm.platform.permissions import Permissions

HIDDEN, MASKED = "hidden", "masked"


def mask(value: Any) -> Any:
    """Hide the middle of a value: 13812345678 → 138****5678, a@b.com → a***@b.com."""
    if value is None:
        return None
    text = str(value)
    if "@" in text:
        local, _, domain = text.partition("@")
        return (local[:1] + "***@" + domain) if local else "***@" + domain
    if len(text) <= 4:
        return "*" * len(text)
    # At least a third stays hidden (a 7-character name kept 3 + 4 was shown whole);
    # a mobile number keeps its usual 3 + 4.
    keep = len(text) - -(-len(text) // 3)
    head = min(3, keep // 2)
    tail = min(4, keep - head)
    return text[:head] + "****" + text[len(text) - tail:]


def restricted(perms: Permissions, object_name: str) -> Mapping[str, str]:
    """The object's fields the user may not read in full → ``hidden`` or ``masked``."""
    levels = perms.field_levels.get(object_name)
    if not levels:
        return {}
    return {f: lv for f, lv in levels.items() if lv in (HIDDEN, MASKED)}


def visible_values(perms: Permissions, object_name: str, values: Mapping[str, Any]
                   ) -> dict[str, Any]:
    """A record's values (or any part of them) as the user may see them."""
    levels = restricted(perms, object_name)
    if not levels:
        return dict(values)
    return {k: (mask(v) if levels.get(k) == MASKED else v)
            for k, v in values.items() if levels.get(k) != HIDDEN}


def visible_value(perms: Permissions, object_name: str, field: str, value: Any) -> Any:
    """One value as the user may see it: None when hidden, masked when masked. For
    names shown as labels (a rep's, a department's, a campaign's in a report)."""
    level = restricted(perms, object_name).get(field)
    return None if level == HIDDEN else mask(value) if level == MASKED else value


def in_message(perms: Permissions, object_name: str, field: str, value: Any) -> Any:
    """:func:`visible_value` for a sentence: a hidden value reads "—"."""
    shown = visible_value(perms, object_name, field, value)
    return "—" if shown is None and value is not None else shown


def permissions_of(session: Session, user_id: str) -> Permissions:
    """Another user's field levels (and actions), for a message written for them by a
    job or by someone else's request."""
    from salescrm.models import Role, UserRole
    from salescrm.platform.permissions import merge_roles

    return merge_roles(list(session.scalars(
        select(Role).join(UserRole, UserRole.role_id == Role.id)
        .where(UserRole.user_id == user_id))))


def shown_to(session: Session, user_id: str, object_name: str,
             values: Mapping[str, tuple[str, Any]]) -> dict[str, Any]:
    """Values of a record's fields for a notification to ``user_id``:
    ``{param: (field, value)}`` → ``{param: value}`` under that user's field levels."""
    perms = permissions_of(session, user_id)
    return {param: in_message(perms, object_name, field, value)
            for param, (field, value) in values.items()}


def visible_changes(perms: Permissions, object_name: str, changes: Any) -> Any:
    """A change list ``{field: [old, new]}`` as the user may see it: a hidden field's
    change is left out, a masked one shows both sides masked."""
    if not isinstance(changes, Mapping):
        return changes
    levels = restricted(perms, object_name)
    if not levels:
        return changes
    out: dict[str, Any] = {}
    for name, pair in changes.items():
        level = levels.get(name)
        if level == HIDDEN:
            continue
        if level == MASKED:
            pair = [mask(v) for v in pair] if isinstance(pair, list) else mask(pair)
        out[name] = pair
    return out


def readable_in_full(perms: Permissions, object_name: str, field: str) -> bool:
    return field not in restricted(perms, object_name)


class Withheld:
    """Figures over money fields the user may not read in full, for one answer.

    ``figure(obj, field, text)`` gives the figure or None; ``mark(answer)`` names the
    withheld fields in ``answer["hidden_fields"]`` (only when there are some), so a
    client tells "hidden" from "no data". Masked fields count too: a stage's total
    holding one deal *is* that deal's amount.
    """

    def __init__(self, perms: Permissions) -> None:
        self.perms = perms
        self.fields: set[str] = set()

    def hides(self, object_name: str, *fields: str) -> bool:
        hidden = [f for f in fields if not readable_in_full(self.perms, object_name, f)]
        self.fields.update(f"{object_name}.{f}" for f in hidden)
        return bool(hidden)

    def figure(self, object_name: str, field: str, value: Any) -> Any:
        return None if self.hides(object_name, field) else value

    def blank(self, answer: Any, keys: Iterable[str]) -> Any:
        """Every ``keys`` entry anywhere in ``answer`` (dicts within lists within dicts)
        set to None: for answers whose figures all come from one withheld field."""
        keys = frozenset(keys)
        if isinstance(answer, dict):
            for k, v in answer.items():
                if k in keys:
                    answer[k] = None
                else:
                    self.blank(v, keys)
        elif isinstance(answer, list):
            for item in answer:
                self.blank(item, keys)
        return answer

    def mark(self, answer: dict[str, Any]) -> dict[str, Any]:
        if self.fields:
            answer["hidden_fields"] = sorted(self.fields)
        return answer


# OpenAPI pieces for answers that may withhold figures.
HIDDEN_FIELDS_SCHEMA: dict[str, Any] = {
    "type": "array", "items": {"type": "string", "examples": ["opportunities.amount"]},
    "description": "Present only when figures were withheld: the `object.field`s, hidden "
                   "or masked for the caller, whose sums are null in this answer."}


def withheld_money(schema: dict[str, Any]) -> dict[str, Any]:
    """A money figure's schema that may be null because it is withheld."""
    return {"anyOf": [schema, {"type": "null"}],
            "description": "null when the field it sums is hidden or masked for the "
                           "caller (named in `hidden_fields`)"}
