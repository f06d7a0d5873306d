"""Sharing of saved definitions (reports, dashboards, list views): private, shared with
the owner's department, or with everyone in the company.

Sharing shares the *definition* only: whoever opens a shared one still sees data
with their own permissions and data scope. Only the owner (or an administrator)
changes or deletes one. A model that is shared this way has ``owner_id``,
``sharing``, ``department_id`` and ``deleted_at`` columns.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import and_, or_, select

from salescrm.models import Department
from salescrm.platform.errors import FieldError, ProblemError, not_found
from salescrm.platform.i18n import register
from salescrm.platform.metadata import ObjectDef
from salescrm.platform.tenancy import Context

SHARING = ("private", "department", "all")

register({
    "sharing.not_owner": {
        "en": "Only the owner (or an administrator) may change this.",
        "zh-CN": "只有创建人（或管理员）可以修改。",
    },
    "sharing.sharing": {
        "en": "sharing is one of private, department, all.",
        "zh-CN": "共享范围必须是 private、department、all 之一。",
    },
    "sharing.no_department": {
        "en": "You belong to no department, so this cannot be shared with one.",
        "zh-CN": "您不属于任何部门，无法共享给部门。",
    },
})


def viewer_departments(ctx: Context) -> list[str]:
    """The caller's department and every department above it: a definition shared with
    a department is visible in that department and below."""
    dept = ctx.user.department_id
    if dept is None:
        return []
    parents = dict(ctx.session.execute(select(Department.id, Department.parent_id)).all())
    chain: list[str] = []
    while dept is not None and dept not in chain:
        chain.append(dept)
        dept = parents.get(dept)
    return chain


def visible(ctx: Context, model: Any) -> list[Any]:
    """WHERE clauses: the caller's own, those shared with everyone, and those shared
    with the caller's department (or one above it); never deleted ones."""
    clauses = [model.owner_id == ctx.user.id, model.sharing == "all"]
    depts = viewer_departments(ctx)
    if depts:
        clauses.append(and_(model.sharing == "department", model.department_id.in_(depts)))
    return [or_(*clauses), model.deleted_at.is_(None)]


def can_edit(ctx: Context, row: Any) -> bool:
    return bool(row.owner_id == ctx.user.id or ctx.permissions.is_admin)


def load(ctx: Context, model: Any, record_id: str, *, for_write: bool = False,
         not_owner: str = "sharing.not_owner") -> Any:
    """The definition if the caller sees it (404 otherwise, as for a record out of
    scope); ``for_write`` also requires the owner or an administrator (403)."""
    row = ctx.session.scalar(select(model).where(model.id == record_id[:64],
                                                 *visible(ctx, model)))
    if row is None:
        raise not_found()
    if for_write and not can_edit(ctx, row):
        raise ProblemError(403, not_owner)
    return row


def apply_sharing(ctx: Context, row: Any, body: dict[str, Any], errors: list[dict[str, Any]],
                  creating: bool, *, invalid: str = "sharing.sharing",
                  no_department: str = "sharing.no_department") -> None:
    """Set ``sharing`` (default private) and, for "department", the owner's department."""
    if not creating and "sharing" not in body:
        return
    sharing = body.get("sharing", "private")
    if sharing not in SHARING:
        errors.append(FieldError("sharing", invalid))
    elif sharing == "department" and ctx.user.department_id is None:
        errors.append(FieldError("sharing", no_department))
    else:
        row.sharing = sharing
        row.department_id = ctx.user.department_id if sharing == "department" else None


def readable_object(ctx: Context, name: Any) -> ObjectDef | None:
    """The object a definition names, if it exists and the caller may read it (else it
    is unknown to them, like a record out of their scope)."""
    if not isinstance(name, str) or not name or len(name) > 64:
        return None
    try:
        obj = ctx.object(name)
    except ProblemError:
        return None
    return obj if ctx.permissions.can(obj.api_name, "read") else None
