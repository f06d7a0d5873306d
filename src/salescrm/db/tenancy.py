"""The one place that scopes every ORM query to the current tenant.

A session carries ``session.info["tenant_id"]``. Every ORM SELECT/UPDATE/DELETE on a
``TenantMixin`` table gets ``tenant_id = :current`` added, and every new row gets the
tenant stamped on flush. Services therefore never write ``tenant_id = …`` by hand.
A session without a tenant (CLI, worker bookkeeping, login lookup) sees all tenants —
that is explicit: ``session.info["tenant_id"] = None``.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import event
from sqlalchemy.orm import ORMExecuteState, Session, sessionmaker, with_loader_criteria

from salescrm.db.base import TenantMixin


def _scope_to_tenant(state: ORMExecuteState) -> None:
    tenant_id = state.session.info.get("tenant_id")
    if tenant_id is None or state.is_column_load or state.is_relationship_load:
        return
    if state.is_select or state.is_update or state.is_delete:
        state.statement = state.statement.options(
            with_loader_criteria(
                TenantMixin,
                lambda cls: cls.tenant_id == tenant_id,
                include_aliases=True,
            )
        )


def _stamp_tenant(session: Session, _ctx: Any, _instances: Any) -> None:
    tenant_id = session.info.get("tenant_id")
    for obj in session.new:
        if isinstance(obj, TenantMixin):
            current = getattr(obj, "tenant_id", None)
            if current is None:
                if tenant_id is None:
                    raise RuntimeError(f"{type(obj).__name__} created without a tenant")
                obj.tenant_id = tenant_id
            elif tenant_id is not None and current != tenant_id:
                raise RuntimeError("a row of another tenant cannot be written in this session")


def install(factory: sessionmaker[Session]) -> None:
    event.listen(factory, "do_orm_execute", _scope_to_tenant)
    event.listen(factory, "before_flush", _stamp_tenant)
