"""Who may change metadata, and the tenant's metadata version every change bumps."""

from __future__ import annotations

from sqlalchemy import event, select, update
from sqlalchemy.orm import Session

from salescrm.models import Tenant
from salescrm.platform.definitions import require_admin
from salescrm.platform.metadata.registry import forget
from salescrm.platform.tenancy import Context

# Other caches keyed by (tenant, metadata version), dropped with the registry's.
__all__ = ["VERSIONED_CACHES", "bump_metadata_version", "require_admin"]

VERSIONED_CACHES: list[dict[tuple[str, int], object]] = []


def _forget(tenant_id: str, version: int) -> None:
    forget(tenant_id, version)
    for cache in VERSIONED_CACHES:
        cache.pop((tenant_id, version), None)


def bump_metadata_version(ctx: Context) -> int:
    """Move the tenant to a new metadata version, visible to this context at once.

    The registry caches object definitions per (tenant, version). A definition read
    inside this transaction must not outlive a rollback (the next committed change
    reuses the number), so the cached entry is dropped if the transaction rolls back.
    """
    ctx.session.execute(
        update(Tenant).where(Tenant.id == ctx.tenant_id)
        .values(metadata_version=Tenant.metadata_version + 1)
        .execution_options(synchronize_session=False))
    version = ctx.session.scalar(select(Tenant.metadata_version)
                                 .where(Tenant.id == ctx.tenant_id))
    assert version is not None
    ctx.metadata_version = version
    _forget(ctx.tenant_id, version)
    tenant_id = ctx.tenant_id

    def drop(_session: Session) -> None:
        _forget(tenant_id, version)

    event.listen(ctx.session, "after_rollback", drop, once=True)
    return version
