"""The audit log: every write records who, when, what and each field's [old, new],
in the same transaction as the write itself."""

from __future__ import annotations

from typing import Any

from salescrm.db.types import new_id, utcnow
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


def audit_rows(ctx: Context, action: str, object_name: str,
               changes_by_record: list[tuple[str, dict[str, Any]]]) -> list[dict[str, Any]]:
    """The rows ``record_change`` would add, as plain dicts, for writers of many rows at
    once (imports) that insert them in one statement."""
    now = utcnow()
    user_id = ctx.user.id if ctx.user else None
    return [{"id": new_id(), "tenant_id": ctx.tenant_id, "user_id": user_id, "action": action,
             "object": object_name, "record_id": record_id, "changes": changes, "at": now}
            for record_id, changes in changes_by_record]

