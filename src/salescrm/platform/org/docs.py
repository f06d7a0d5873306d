"""OpenAPI input schemas of users and roles beyond their fields: a user's password and
role keys, a role's permission maps (what ``org/service.py`` checks)."""

from __future__ import annotations

from typing import Any

from salescrm.platform.metadata.registry import builtin_objects
from salescrm.platform.org.service import PASSWORD_MAX, PASSWORD_MIN
from salescrm.platform.permissions import ACTIONS, FIELD_LEVELS

PASSWORD = {"type": "string", "minLength": PASSWORD_MIN, "maxLength": PASSWORD_MAX,
            "writeOnly": True, "description": "8–200 characters, not one of the most "
                                              "common passwords, not containing the "
                                              "email name"}
CURRENT_PASSWORD = {"type": "string", "maxLength": PASSWORD_MAX, "writeOnly": True,
                    "description": "Needed with password when users change their own; "
                                   "a new password signs the user out everywhere else "
                                   "and revokes their API tokens"}
ROLE_KEYS = {"type": "array", "items": {"type": "string", "maxLength": 64,
                                       "pattern": r"^[^\x00]*$"},
             "description": "Role keys (built-in: admin, sales_manager, sales_rep); "
                            "sales_rep when omitted on create. A key no role has → 422 "
                            "field.lookup."}


def _object_names() -> list[str]:
    """Objects a permission may name: every built-in one, or ``*`` for all. A tenant's
    custom objects are accepted by their api names too (they are not in this document)."""
    return ["*", *sorted(builtin_objects())]


MUST_CHANGE = {"type": "boolean", "writeOnly": True,
               "description": "Administrators: the user must choose a new password at "
                              "their next sign-in (every other write answers 403 "
                              "auth.password_change_required until POST /me/password)"}


def users_input(schema: dict[str, Any], creating: bool) -> None:
    schema["properties"]["password"] = PASSWORD
    schema["properties"]["must_change_password"] = MUST_CHANGE
    schema["properties"]["roles"] = ROLE_KEYS
    if not creating:
        schema["properties"]["current_password"] = CURRENT_PASSWORD
    if creating:
        schema["required"] = [*schema["required"], "password"]


def roles_input(schema: dict[str, Any], creating: bool) -> None:
    props = schema["properties"]
    names = {"enum": _object_names()}
    props["permissions"] = {
        "type": ["object", "null"], "propertyNames": names, "description":
        'Actions per object, e.g. {"accounts": ["read", "update"], "*": ["read"]}; '
        "custom objects by api name too; null = none.",
        "additionalProperties": {"type": "array", "items": {
            "type": "string", "enum": [*ACTIONS, "*"]}}}
    props["field_permissions"] = {
        "type": ["object", "null"], "propertyNames": names, "description":
        'Field levels per object, e.g. {"accounts": {"phone": "masked"}}.',
        "additionalProperties": {"type": "object", "additionalProperties": {
            "type": "string", "enum": list(FIELD_LEVELS)},
            # a field name never holds NUL (PostgreSQL's jsonb cannot store one)
            "propertyNames": {"pattern": r"^[^\x00]*$"}}}
    if not creating:
        props.pop("key", None)  # a role's key never changes (422 field.readonly)

