"""The request (or job) context every service takes: session, tenant, user, permissions."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from sqlalchemy.orm import Session

from salescrm.platform.metadata import ObjectDef, get_object

if TYPE_CHECKING:
    from salescrm.platform.permissions import Permissions


@dataclass(frozen=True)
class CurrentUser:
    id: str
    tenant_id: str
    name: str
    email: str
    department_id: str | None
    manager_id: str | None
    locale: str | None


@dataclass
class Context:
    session: Session
    tenant_id: str
    user: CurrentUser
    permissions: Permissions
    metadata_version: int = 1
    locale: str = "zh-CN"
    token_kind: str = "session"
    # The credentials' row (None for jobs and the CLI): what a password change keeps.
    token_id: str | None = None
    # A password someone else chose: writes wait until the user picks their own.
    must_change_password: bool = False
    # Events to send after commit (in-process notifications); jobs are written in-transaction.
    after_commit: list[Any] = field(default_factory=list)
    # The request's query string (e.g. ``allow_duplicate``), for services behind generic routes.
    query: dict[str, str] = field(default_factory=dict)

    def object(self, api_name: str) -> ObjectDef:
        return get_object(self.session, self.tenant_id, self.metadata_version, api_name)
