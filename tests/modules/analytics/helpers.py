"""Test helpers for analytics: custom fields and objects straight into the metadata
tables (the same rows the customization API writes), and role creation."""

from __future__ import annotations

import uuid
from typing import Any

from sqlalchemy import update

from tests.factories import Api, Tenant


def add_custom_fields(sessions: Any, tenant_id: str, obj: str,
                      fields: dict[str, dict[str, Any]]) -> None:
    """Define custom fields ``{api_name: {"type", "options"?, "target"?}}`` on ``obj``."""
    from salescrm.models import CustomField
    from salescrm.models import Tenant as TenantRow

    with sessions() as s:
        s.info["tenant_id"] = tenant_id
        for name, d in fields.items():
            s.add(CustomField(tenant_id=tenant_id, object=obj, api_name=name, custom={},
                              version=1, definition={"label": name, **d}))
        s.execute(update(TenantRow).where(TenantRow.id == tenant_id)
                  .values(metadata_version=TenantRow.metadata_version + 1))
        s.commit()


def add_custom_object(sessions: Any, tenant_id: str, api_name: str,
                      fields: dict[str, dict[str, Any]]) -> None:
    from salescrm.models import CustomObject

    with sessions() as s:
        s.info["tenant_id"] = tenant_id
        s.add(CustomObject(tenant_id=tenant_id, api_name=api_name, custom={}, version=1,
                           definition={"label": api_name, "name_field": "name"}))
        s.commit()
    add_custom_fields(sessions, tenant_id, api_name,
                      {"name": {"type": "text", "required": True}, **fields})


def role(tenant: Tenant, data_scope: str = "own",
         field_permissions: dict[str, Any] | None = None) -> str:
    key = f"r_{uuid.uuid4().hex[:8]}"
    tenant.admin.create("roles", key=key, name=key, data_scope=data_scope,
                        permissions={"*": ["read", "create", "update", "delete", "export"]},
                        field_permissions=field_permissions or {})
    return key


def run(api: Api, **spec: Any) -> Any:
    return api.post("reports/run", spec)


def ok(api: Api, **spec: Any) -> dict[str, Any]:
    r = run(api, **spec)
    assert r.status_code == 200, r.text
    return r.json()  # type: ignore[no-any-return]


def error_fields(r: Any) -> list[str]:
    assert r.status_code == 422, r.text
    assert r.headers["content-type"].startswith("application/problem+json")
    return [e["field"] for e in r.json()["errors"]]
