"""Tenants, users, departments and roles: the organisation every permission reads."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, cast

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from salescrm.db.types import new_id
from salescrm.models import Department, Role, Tenant, User, UserRole
from salescrm.platform.auth.passwords import hash_password, verify_password, weakness
from salescrm.platform.auth.service import revoke_user_tokens
from salescrm.platform.errors import FieldError, ProblemError, validation_error
from salescrm.platform.metadata import FieldDef, ObjectDef
from salescrm.platform.org.roles import BUILTIN_ROLES
from salescrm.platform.permissions import ACTIONS, DATA_SCOPES, FIELD_LEVELS
from salescrm.platform.records import service as records
from salescrm.platform.records.values import ValueInvalid, coerce
from salescrm.platform.tenancy import Context

# Modules add per-tenant setup (default pipeline …) here; called on tenant creation.
TENANT_SETUP: list[Callable[[Context], None]] = []
USER_FIELDS = {"name", "email", "mobile", "department_id", "manager_id", "locale", "is_active"}


def email_taken(session: Session, email: str, except_id: str | None = None) -> bool:
    tenant = session.info.get("tenant_id")
    session.info["tenant_id"] = None  # emails are unique across the installation
    try:
        stmt = select(User.id).where(func.lower(User.email) == email.lower())
        if except_id:
            stmt = stmt.where(User.id != except_id)
        return session.scalar(stmt) is not None
    finally:
        session.info["tenant_id"] = tenant


PASSWORD_MIN, PASSWORD_MAX = 8, 200
# What a signing-up company gives: the text rules of ``values.coerce`` for these fields.
SIGNUP_FIELDS = {f.api_name: f for f in (
    FieldDef("company", "text", "Company", "公司", required=True, max_length=200),
    FieldDef("email", "email", "Email", "邮箱", required=True),
    FieldDef("name", "text", "Name", "姓名", max_length=200),
)}


def _check_password(password: Any, errors: list[dict[str, Any]], email: Any) -> None:
    if not isinstance(password, str) or not PASSWORD_MIN <= len(password) <= PASSWORD_MAX:
        errors.append(FieldError("password", "org.password_short"))
    elif problem := weakness(password, email if isinstance(email, str) else None):
        errors.append(FieldError("password", problem))


def email_conflict(errors: list[dict[str, Any]]) -> None:
    """Raise what ``errors`` say: 422 when the request itself is wrong, else 409 when the
    only problem is an email another user (of any tenant) already has. The conflict
    waits for a request that is right otherwise: it is about stored data, not input."""
    taken = [e for e in errors if e.get("code") == "org.email_taken"]
    if len(taken) < len(errors):
        raise validation_error([e for e in errors if e not in taken])
    if taken:
        raise ProblemError(409, "org.email_taken", errors=taken)


def check_signup(session: Session, body: dict[str, Any], password: Any) -> dict[str, Any]:
    """Company, email and name checked as the fields they are; the email must be new."""
    errors: list[dict[str, Any]] = []
    values: dict[str, Any] = {}
    for name, f in SIGNUP_FIELDS.items():
        try:
            values[name] = coerce(f, body.get(name))
        except ValueInvalid as exc:
            errors.append(exc.field_error(name))
            continue
        if f.required and not values[name]:
            errors.append(FieldError(name, "field.required"))
    _check_password(password, errors, values.get("email") or body.get("email"))
    if values.get("email") and email_taken(session, values["email"]):
        errors.append(FieldError("email", "org.email_taken"))
    email_conflict(errors)
    return values


def create_tenant(session: Session, name: str, admin_email: str, admin_password: str,
                  admin_name: str | None = None, locale: str = "zh-CN") -> tuple[Tenant, User]:
    """A new company with the built-in roles and its first administrator.

    Bad input → 422 naming the fields; an email already registered → 409.
    """
    from salescrm.platform.permissions import merge_roles
    from salescrm.platform.tenancy import CurrentUser

    values = check_signup(session, {"company": name, "email": admin_email,
                                    "name": admin_name}, admin_password)
    name, admin_email = values["company"], values["email"]
    admin_name = values.get("name")
    tenant = Tenant(id=new_id(), name=name, locale=locale)
    session.add(tenant)
    session.flush()
    session.info["tenant_id"] = tenant.id
    roles = {}
    for spec in BUILTIN_ROLES:
        role = Role(id=new_id(), tenant_id=tenant.id, builtin=True, **spec)
        session.add(role)
        roles[role.key] = role
    admin = User(id=new_id(), tenant_id=tenant.id, name=(admin_name or admin_email.split("@")[0]),
                 email=admin_email, password_hash=hash_password(admin_password),
                 locale=locale, is_active=True, custom={})
    session.add(admin)
    session.flush()
    session.add(UserRole(tenant_id=tenant.id, user_id=admin.id, role_id=roles["admin"].id))
    session.flush()
    user = CurrentUser(admin.id, tenant.id, admin.name, admin.email, None, None, locale)
    ctx = Context(session=session, tenant_id=tenant.id, user=user,
                  permissions=merge_roles([roles["admin"]]), locale=locale)
    for setup in TENANT_SETUP:
        setup(ctx)
    return tenant, admin


def role_ids(session: Session, keys: Any, label: str = "roles") -> list[str]:
    """The ids of roles named by key; a key no live role has is a lookup that failed."""
    if not isinstance(keys, list) or not all(isinstance(k, str) for k in keys):
        raise validation_error([FieldError("roles", "field.type_list")])
    wanted = [k for k in keys if "\x00" not in k]  # no key has a NUL: not found either
    found = dict(session.execute(select(Role.key, Role.id).where(Role.key.in_(wanted),
                                                                   Role.deleted_at.is_(None))).all())
    missing: list[dict[str, Any]] = [FieldError(f"roles.{i}", "field.lookup", target=label)
               for i, k in enumerate(keys) if k not in found]
    if missing:
        raise validation_error(missing)
    return [found[k] for k in dict.fromkeys(keys)]


def _set_roles(ctx: Context, user_id: str, ids: list[str]) -> None:
    ctx.session.execute(delete(UserRole).where(UserRole.user_id == user_id))
    for rid in ids:
        ctx.session.add(UserRole(tenant_id=ctx.tenant_id, user_id=user_id, role_id=rid))


def user_roles(session: Session, user_id: str) -> list[str]:
    return list(session.scalars(select(Role.key).join(UserRole, UserRole.role_id == Role.id)
                                .where(UserRole.user_id == user_id).order_by(Role.key)))


def create_user(ctx: Context, obj: ObjectDef, body: Any, _params: Any = None) -> User:
    """``POST /users {"name","email","password","roles","department_id","manager_id"}``."""
    ctx.permissions.require(obj, "create")
    if not isinstance(body, dict):
        raise ProblemError(422, "error.body_not_object")
    body = dict(body)
    password = body.pop("password", None)
    keys = body.pop("roles", ["sales_rep"])
    errors: list[dict[str, Any]] = []
    must_change = _must_change_flag(body, errors)
    _check_password(password, errors, body.get("email"))
    try:
        ids = role_ids(ctx.session, keys, ctx.object("roles").label(ctx.locale))
    except ProblemError as exc:
        errors.extend(exc.errors)
        ids = []
    try:
        values = records.validate(ctx, obj, body, creating=True)
    except ProblemError as exc:
        errors.extend(exc.errors)
        values = {}
    if values.get("email") and email_taken(ctx.session, values["email"]):
        errors.append(FieldError("email", "org.email_taken"))
    email_conflict(errors)
    values.setdefault("is_active", True)
    row = records.insert_record(
        ctx, obj, values,
        attrs={"password_hash": hash_password(password),
               "must_change_password": bool(must_change)},
        noted={"roles": [None, list(dict.fromkeys(keys))]})
    _set_roles(ctx, row.id, ids)
    return cast(User, row)


def update_user(ctx: Context, obj: ObjectDef, user_id: str, body: Any) -> User:
    ctx.permissions.require(obj, "read")
    row = records.load_for_write(ctx, obj, user_id)
    is_self = user_id == ctx.user.id
    if not is_self:
        ctx.permissions.require(obj, "update")
    if not isinstance(body, dict):
        raise ProblemError(422, "error.body_not_object")
    records.check_version(row, body)
    body = dict(body)
    password = body.pop("password", None)
    current_password = body.pop("current_password", None)
    keys = body.pop("roles", None)
    if is_self and not ctx.permissions.can("users", "update") and (
        keys is not None or set(body) - {"name", "mobile", "locale", "version",
                                         "must_change_password"}
    ):
        ctx.permissions.require(obj, "update")
    errors: list[dict[str, Any]] = []
    must_change = _must_change_flag(body, errors)
    if must_change is not None and is_self:
        # Someone else (an administrator) asks a user to choose a new password; users
        # clear it by choosing one (POST /me/password).
        errors.append(FieldError("must_change_password", "field.readonly"))
    if password is not None:
        _check_password(password, errors, body.get("email", row.email))
        if is_self and not (isinstance(current_password, str)
                            and verify_password(current_password, row.password_hash)):
            # Someone at an unlocked screen, or holding a stolen session, cannot lock
            # the user out; an administrator resetting another user's password can.
            errors.append(FieldError("current_password", "org.current_password"))
    try:
        values = records.validate(ctx, obj, body, creating=False)
    except ProblemError as exc:
        errors.extend(exc.errors)
        values = {}
    if values.get("email") and email_taken(ctx.session, values["email"], except_id=user_id):
        errors.append(FieldError("email", "org.email_taken"))
    if values.get("manager_id") and _reports_to(ctx.session, values["manager_id"], user_id):
        errors.append(FieldError("manager_id", "org.manager_cycle"))
    ids = None
    if keys is not None:
        try:
            ids = role_ids(ctx.session, keys, ctx.object("roles").label(ctx.locale))
        except ProblemError as exc:
            errors.extend(exc.errors)
    email_conflict(errors)
    if password is not None:
        row.password_hash = hash_password(password)
        values["password_changed"] = True
        # Users who chose their own have nothing left to change; an administrator's
        # reset keeps the request (or makes it, with must_change_password: true).
        if is_self:
            row.must_change_password = False
        # Every other way in ends: sessions elsewhere and API tokens (the caller's own
        # session stays when they changed their own password).
        revoke_user_tokens(ctx.session, user_id, keep=ctx.token_id if is_self else None)
    if must_change is not None and not is_self:
        row.must_change_password = must_change
    extra: dict[str, Any] = {}
    if ids is not None:
        old = user_roles(ctx.session, user_id)
        _set_roles(ctx, user_id, ids)
        extra["roles"] = [old, list(dict.fromkeys(keys))]
    values.pop("password_changed", None)
    if password is not None:
        extra["password"] = ["***", "***"]
    return cast("User", records.save_changes(ctx, obj, row, values, noted=extra))


def _must_change_flag(body: dict[str, Any], errors: list[dict[str, Any]]) -> bool | None:
    """``must_change_password`` taken out of a user's body: True, False or absent."""
    if "must_change_password" not in body:
        return None
    value = body.pop("must_change_password")
    if not isinstance(value, bool):
        errors.append(FieldError("must_change_password", "field.type_boolean"))
        return None
    return value


def change_own_password(ctx: Context, body: Any) -> User:
    """``POST /me/password {"current_password","password"}``: the one write a user who
    must change their password may make. The new password must differ from the old
    one, which someone else chose; other sessions and API tokens end."""
    if not isinstance(body, dict):
        raise ProblemError(422, "error.body_not_object")
    row = ctx.session.get(User, ctx.user.id)
    assert row is not None  # authenticated just now, in this transaction
    current, password = body.get("current_password"), body.get("password")
    errors: list[dict[str, Any]] = [FieldError(str(k)[:64], "field.unknown") for k in body
                                    if k not in ("current_password", "password")]
    if not (isinstance(current, str) and verify_password(current, row.password_hash)):
        errors.append(FieldError("current_password", "org.current_password_wrong"))
    _check_password(password, errors, row.email)
    if not errors and password == current:
        errors.append(FieldError("password", "org.password_same"))
    if errors:
        raise validation_error(errors)
    set_own_password(ctx, row, password, keep_token=ctx.token_id)  # type: ignore[arg-type]
    return row


def check_new_password(password: Any, email: str) -> None:
    """422 unless ``password`` follows the rules every password change follows."""
    errors: list[dict[str, Any]] = []
    _check_password(password, errors, email)
    if errors:
        raise validation_error(errors)


def set_own_password(ctx: Context, row: User, password: str, keep_token: str | None) -> None:
    """The user's own new password (checked): nothing left to change, every other
    session and API token ends (all of them when ``keep_token`` is None)."""
    row.password_hash = hash_password(password)
    row.must_change_password = False
    revoke_user_tokens(ctx.session, row.id, keep=keep_token)
    records.save_changes(ctx, ctx.object("users"), row, {},
                         noted={"password": ["***", "***"]}, bump=True)


def _reports_to(session: Session, manager_id: str, user_id: str) -> bool:
    """Would ``user_id`` end up above itself in the reporting chain?"""
    seen: set[str] = set()
    current: str | None = manager_id
    while current and current not in seen:
        if current == user_id:
            return True
        seen.add(current)
        current = session.scalar(select(User.manager_id).where(User.id == current))
    return False


def read_user(ctx: Context, obj: ObjectDef, user_id: str) -> dict[str, Any]:
    record = records.get_record(ctx, obj, user_id)
    record["roles"] = user_roles(ctx.session, user_id)
    return record


def delete_user(ctx: Context, obj: ObjectDef, user_id: str) -> None:
    """Deactivate rather than delete: their records keep an owner."""
    if user_id == ctx.user.id:
        raise ProblemError(409, "error.in_use")
    records.delete_record(ctx, obj, user_id)
    row = records.load_for_write(ctx, obj, user_id, deleted=True)
    row.is_active = False


# --- departments ---------------------------------------------------------------
def _department_cycle(session: Session, dept_id: str, parent_id: str | None) -> bool:
    seen: set[str] = set()
    current = parent_id
    while current and current not in seen:
        if current == dept_id:
            return True
        seen.add(current)
        current = session.scalar(select(Department.parent_id).where(Department.id == current))
    return False


def update_department(ctx: Context, obj: ObjectDef, dept_id: str, body: Any) -> Department:
    if isinstance(body, dict) and body.get("parent_id") and isinstance(body["parent_id"], str):
        ctx.permissions.require(obj, "read")
        records.load_for_write(ctx, obj, dept_id)
        if _department_cycle(ctx.session, dept_id, body["parent_id"]):
            raise validation_error([FieldError("parent_id", "org.department_cycle")])
    return cast("Department", records.update_record(ctx, obj, dept_id, body))


def delete_department(ctx: Context, obj: ObjectDef, dept_id: str) -> None:
    in_use = ctx.session.scalar(select(User.id).where(User.department_id == dept_id,
                                                      User.deleted_at.is_(None)).limit(1)) or \
        ctx.session.scalar(select(Department.id).where(Department.parent_id == dept_id,
                                                       Department.deleted_at.is_(None)).limit(1))
    if in_use:
        ctx.permissions.require(obj, "delete")
        records.load_for_write(ctx, obj, dept_id)
        raise ProblemError(409, "error.in_use")
    records.delete_record(ctx, obj, dept_id)


# --- roles ---------------------------------------------------------------------
def _check_role_body(ctx: Context, body: dict[str, Any]) -> list[dict[str, Any]]:
    errors: list[dict[str, Any]] = []
    from salescrm.platform.metadata import objects_for

    objects = set(objects_for(ctx.session, ctx.tenant_id, ctx.metadata_version)) | {"*"}
    perms = body.get("permissions")
    if perms is not None:
        ok = isinstance(perms, dict) and all(
            k in objects and isinstance(v, list)
            and all(a in ACTIONS or a == "*" for a in v) for k, v in perms.items())
        if not ok:
            errors.append(FieldError("permissions", "query.bad_value", value="permissions"))
    fperms = body.get("field_permissions")
    if fperms is not None:
        ok = isinstance(fperms, dict) and all(
            k in objects and isinstance(v, dict) and all(lv in FIELD_LEVELS for lv in v.values())
            for k, v in fperms.items())
        if not ok:
            errors.append(FieldError("field_permissions", "query.bad_value",
                                     value="field_permissions"))
    scope = body.get("data_scope")
    if scope is not None and scope not in DATA_SCOPES:
        errors.append(FieldError("data_scope", "org.data_scope"))
    return errors


def _no_null_maps(body: dict[str, Any]) -> dict[str, Any]:
    """``"permissions": null`` means none: stored as an empty map, never as NULL."""
    return {k: ({} if v is None and k in ("permissions", "field_permissions") else v)
            for k, v in body.items()}


def create_role(ctx: Context, obj: ObjectDef, body: Any, _params: Any = None) -> Role:
    ctx.permissions.require(obj, "create")
    if not isinstance(body, dict):
        raise ProblemError(422, "error.body_not_object")
    body = _no_null_maps(body)
    errors = _check_role_body(ctx, body)
    try:
        values = records.validate(ctx, obj, body, creating=True)
    except ProblemError as exc:
        errors.extend(exc.errors)
        values = {}
    if errors:
        raise validation_error(errors)
    if ctx.session.scalar(select(Role.id).where(Role.key == values["key"])):
        # Another role (maybe in the recycle bin) has the key: a conflict with stored data.
        raise ProblemError(409, "field.unique", errors=[FieldError("key", "field.unique")])
    values.setdefault("permissions", {})
    values.setdefault("field_permissions", {})
    return cast("Role", records.insert_record(ctx, obj, values))


def update_role(ctx: Context, obj: ObjectDef, role_id: str, body: Any) -> Role:
    if isinstance(body, dict):
        body = _no_null_maps(body)
        errors = _check_role_body(ctx, body)
        if "key" in body:
            errors.append(FieldError("key", "field.readonly"))
        if errors:
            ctx.permissions.require(obj, "read")
            records.load_for_write(ctx, obj, role_id)
            raise validation_error(errors)
    return cast("Role", records.update_record(ctx, obj, role_id, body))


def delete_role(ctx: Context, obj: ObjectDef, role_id: str) -> None:
    row = records.load_for_write(ctx, obj, role_id)
    ctx.permissions.require(obj, "delete")
    if row.builtin or ctx.session.scalar(select(UserRole.user_id)
                                         .where(UserRole.role_id == role_id).limit(1)):
        raise ProblemError(409, "error.in_use")
    records.delete_record(ctx, obj, role_id)
