"""The audit log: every write records who, when, what and each field's [old, new],
in the same transaction as the write itself."""

from __future__ import annotations

from typing import Any

from salescrm.models import AuditEntry
from salescrm.platform.tenancy import Context


def record_change(
    ctx: Context, action: str, object_name: str, record_id: str, changes: dict[str, Any]
) -> AuditEntry:
    entry = AuditEntry(
        tenant_id=ctx.tenant_id,
        user_id=ctx.user.id if ctx.user else None,
        action=action,
        object=object_name,
        record_id=record_id,
        changes=changes,
    )
    ctx.session.add(entry)
    return entry
