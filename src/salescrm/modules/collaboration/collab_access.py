"""Who else can read a record, and how to name people and records in messages.

Mentions, follower and team notifications go only to users who can read the record
at the time: each is checked with their own roles and data scope, as if they asked
for the record themselves.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from salescrm.models import Tenant, User
from salescrm.platform.errors import ProblemError
from salescrm.platform.i18n import t
from salescrm.platform.metadata import ObjectDef
from salescrm.platform.records import service as records
from salescrm.platform.tenancy import Context
from salescrm.platform.tenancy.system import system_context


@dataclass
class Reader:
    """A user who can read the record, with the record as they see it."""

    user_id: str
    locale: str
    context: Context
    record: dict[str, Any]


@dataclass(frozen=True)
class Person:
    id: str
    name: str
    active: bool


def people(session: Session, user_ids: list[str] | set[str]) -> dict[str, Person]:
    """Users of the current tenant by id (deleted users are absent)."""
    ids = sorted({u for u in user_ids if isinstance(u, str) and len(u) <= 64})
    if not ids:
        return {}
    rows = session.execute(select(User.id, User.name, User.is_active).where(
        User.id.in_(ids), User.deleted_at.is_(None))).all()
    return {r.id: Person(r.id, r.name, bool(r.is_active)) for r in rows}


def readers(session: Session, tenant_id: str, obj: ObjectDef, record_id: str,
            user_ids: list[str] | set[str]) -> dict[str, Reader]:
    """The given users who are active and can read the record now."""
    found = people(session, user_ids)
    tenant_locale = session.scalar(select(Tenant.locale).where(Tenant.id == tenant_id))
    out: dict[str, Reader] = {}
    for person in found.values():
        if not person.active:
            continue
        ctx = system_context(session, tenant_id, person.id)
        try:
            record = records.get_record(ctx, obj, record_id)
        except ProblemError:
            continue
        locale = ctx.user.locale or tenant_locale or "zh-CN"
        out[person.id] = Reader(person.id, locale, ctx, record)
    return out


def visible_record(ctx: Context, object_name: str, record_id: str
                   ) -> tuple[ObjectDef, dict[str, Any]]:
    """The record as the caller sees it; 404 when unknown or outside their scope."""
    obj = ctx.object(object_name)
    return obj, records.get_record(ctx, obj, record_id[:64])


def record_title(obj: ObjectDef, record: dict[str, Any]) -> str:
    """The record's name as its reader sees it (masked or hidden fields stay so)."""
    return str(record.get(obj.name_field) or record.get("id") or "")[:150]


def person_name(session: Session, user_id: str | None, locale: str) -> str:
    if user_id:
        name = session.scalar(select(User.name).where(User.id == user_id))
        if name:
            return str(name)
    return t("collab.system", locale=locale)
