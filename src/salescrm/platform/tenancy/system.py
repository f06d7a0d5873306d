"""A context acting as the system (CLI, jobs) inside one tenant, with admin rights."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from salescrm.models import Role, Tenant, User, UserRole
from salescrm.platform.errors import ProblemError
from salescrm.platform.permissions import merge_roles
from salescrm.platform.tenancy.context import Context, CurrentUser


def system_context(session: Session, tenant_id: str, user_id: str | None = None) -> Context:
    """Act as ``user_id`` (default: the tenant's first administrator)."""
    session.info["tenant_id"] = tenant_id
    tenant = session.get(Tenant, tenant_id)
    if tenant is None:
        raise ProblemError(404, "error.not_found")
    if user_id is None:
        user_id = session.scalar(
            select(User.id).join(UserRole, UserRole.user_id == User.id)
            .join(Role, Role.id == UserRole.role_id).where(Role.key == "admin")
            .order_by(User.created_at).limit(1))
    user = session.get(User, user_id)
    if user is None:
        raise ProblemError(404, "error.not_found")
    roles = list(session.scalars(select(Role).join(UserRole, UserRole.role_id == Role.id)
                                 .where(UserRole.user_id == user.id)))
    current = CurrentUser(user.id, tenant_id, user.name, user.email, user.department_id,
                          user.manager_id, user.locale)
    perms = merge_roles(roles)
    if perms.data_scope in ("department", "department_and_below"):
        from salescrm.platform.permissions import department_user_ids

        perms.visible_owner_ids = department_user_ids(
            session, user.department_id, perms.data_scope == "department_and_below")
    return Context(session=session, tenant_id=tenant_id, user=current, permissions=perms,
                   metadata_version=tenant.metadata_version, locale=tenant.locale)
