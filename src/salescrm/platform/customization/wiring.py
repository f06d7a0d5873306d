"""Customization in the app: custom-field uniqueness and validation rules checked on
every write, custom fields deleted more than 30 days ago purged once a day, and the
routes (custom fields and objects, layouts, validation rules)."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from salescrm.db.types import utcnow
from salescrm.models import CustomField, Job
from salescrm.platform.customization.checks import check_unique
from salescrm.platform.customization.fields import RESTORE_DAYS, purge_expired
from salescrm.platform.customization.rules import check_rules
from salescrm.platform.modules import JobKind, Module, PreWriteCheck


def purge_deleted_fields(session: Session, _job: Job) -> None:
    from salescrm.platform.tenancy.system import system_context

    session.info["tenant_id"] = None
    cutoff = utcnow() - timedelta(days=RESTORE_DAYS)
    tenants = sorted(set(session.scalars(select(CustomField.tenant_id).where(
        CustomField.deleted_at.is_not(None), CustomField.deleted_at < cutoff))))
    for tenant_id in tenants:
        purge_expired(system_context(session, tenant_id))
    session.info["tenant_id"] = None


def _routers() -> list[Any]:
    from salescrm.platform.customization.api import router

    return [router]


MODULE = Module(
    jobs={"custom_fields.purge": JobKind(purge_deleted_fields, every_seconds=24 * 3600)},
    pre_write_checks=(PreWriteCheck(check_unique), PreWriteCheck(check_rules)),
    routers=_routers,
)
