"""Helpers shared by the import/export tests."""

from __future__ import annotations

import time
from typing import Any

from tests.factories import Api, Tenant


def custom_object(tenant: Tenant, sessions: Any, api_name: str, label: str,
                  fields: list[dict[str, Any]]) -> None:
    """A custom object with fields: through the metadata API when it is there, else
    written the way that API stores it (the records layer serves it either way)."""
    r = tenant.admin.post("meta/objects", {"api_name": api_name, "label": label,
                                           "fields": fields})
    if r.status_code == 201:
        return
    from salescrm.models import CustomField, CustomObject
    from salescrm.models import Tenant as TenantRow

    with sessions() as s:
        s.info["tenant_id"] = tenant.id
        s.add(CustomObject(api_name=api_name, definition={"label": label}))
        for f in fields:
            s.add(CustomField(object=api_name, api_name=f["api_name"], definition=f))
        s.get(TenantRow, tenant.id).metadata_version += 1
        s.commit()


def custom_field(tenant: Tenant, sessions: Any, object_name: str, field: dict[str, Any]
                 ) -> None:
    r = tenant.admin.post(f"meta/objects/{object_name}/fields", field)
    if r.status_code == 201:
        return
    from salescrm.models import CustomField
    from salescrm.models import Tenant as TenantRow

    with sessions() as s:
        s.info["tenant_id"] = tenant.id
        s.add(CustomField(object=object_name, api_name=field["api_name"], definition=field))
        s.get(TenantRow, tenant.id).metadata_version += 1
        s.commit()


def upload(api: Api, object_name: str, content: bytes, filename: str = "data.csv",
           **form: Any) -> Any:
    data = {"object": object_name}
    data.update({k: str(v).lower() if isinstance(v, bool) else str(v)
                 for k, v in form.items()})
    return api.client.post("/api/v1/imports", headers=api.headers, data=data,
                           files={"file": (filename, content)})


def run_import(api: Api, worker: Any, object_name: str, content: bytes,
               filename: str = "data.csv", **form: Any) -> dict[str, Any]:
    """Upload, let the worker run the job, return the finished import's status."""
    r = upload(api, object_name, content, filename, **form)
    assert r.status_code == 202, r.text
    import_id = r.json()["id"]
    for _ in range(50):
        worker.run_until_idle()
        status = api.get(f"imports/{import_id}").json()
        if status["status"] in ("done", "failed"):
            status["id"] = import_id
            return status  # type: ignore[no-any-return]
        time.sleep(0.05)
    raise AssertionError(f"import {import_id} did not finish: {status}\n{_job_errors(worker)}")


def _job_errors(worker: Any) -> str:
    from sqlalchemy import select

    from salescrm.models import Job

    with worker.factory() as s:
        s.info["tenant_id"] = None
        return "\n".join(e or "" for e in s.scalars(
            select(Job.last_error).where(Job.kind == "import", Job.last_error.is_not(None))))
