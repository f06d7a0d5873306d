"""Plug custom-field uniqueness and validation rules into every generic write, and
purge custom fields deleted more than 30 days ago once a day."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from salescrm.db.types import utcnow
from salescrm.models import CustomField, Job
from salescrm.platform.customization.checks import check_unique
from salescrm.platform.customization.fields import RESTORE_DAYS, purge_expired
from salescrm.platform.customization.rules import check_rules
from salescrm.platform.jobs import handler, schedule
from salescrm.platform.records.service import PRE_WRITE_CHECKS


@handler("custom_fields.purge")
def purge_deleted_fields(session: Session, _job: Job) -> None:
    from salescrm.platform.tenancy.system import system_context

    session.info["tenant_id"] = None
    cutoff = utcnow() - timedelta(days=RESTORE_DAYS)
    tenants = sorted(set(session.scalars(select(CustomField.tenant_id).where(
        CustomField.deleted_at.is_not(None), CustomField.deleted_at < cutoff))))
    for tenant_id in tenants:
        purge_expired(system_context(session, tenant_id))
    session.info["tenant_id"] = None


def connect() -> None:
    for check in (check_unique, check_rules):
        if check not in PRE_WRITE_CHECKS:
            PRE_WRITE_CHECKS.append(check)
    schedule("custom_fields.purge", 24 * 3600, "custom_fields.purge")
