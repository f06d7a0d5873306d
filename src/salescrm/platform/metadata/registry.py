"""The registry of objects. Built-ins are registered when the app installs their
modules (``platform/modules.py``); custom fields and custom objects are read per
tenant and cached by the tenant's ``metadata_version``."""

from __future__ import annotations

import threading
from dataclasses import replace
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from salescrm.platform.errors import ProblemError
from salescrm.platform.metadata.fields import FieldDef, ObjectDef, system_fields

_BUILTIN: dict[str, ObjectDef] = {}
_cache: dict[tuple[str, int], dict[str, ObjectDef]] = {}
_lock = threading.Lock()


def builtin(obj: ObjectDef) -> ObjectDef:
    """A built-in object as the app knows it: system fields in front of its own (a
    module's ``objects.py`` declares its objects with it; nothing is registered)."""
    return ObjectDef(**{**obj.__dict__, "fields": {**system_fields(obj.owned), **obj.fields}})


def register(obj: ObjectDef) -> ObjectDef:
    """Register a built-in object (``platform.modules.install``)."""
    full = builtin(obj)
    known = _BUILTIN.get(obj.api_name)
    if known is not None and known != full:
        raise RuntimeError(f"two objects declared as {obj.api_name!r}")
    _BUILTIN[obj.api_name] = full
    return full


def builtin_objects() -> dict[str, ObjectDef]:
    return dict(_BUILTIN)


def field_from_definition(api_name: str, d: dict[str, Any]) -> FieldDef:
    labels = d.get("labels") or {}
    label = d.get("label") or api_name
    return FieldDef(
        api_name=api_name,
        type=d["type"],
        label_en=labels.get("en") or label,
        label_zh=labels.get("zh-CN") or label,
        required=bool(d.get("required", False)),
        custom=True,
        max_length=d.get("max_length"),
        options=tuple(o for o in d.get("options") or () if o not in set(d.get("inactive") or ())),
        option_labels=_option_labels(d.get("option_labels")),
        target=d.get("target"),
        default=d.get("default"),
        unique=bool(d.get("unique", False)),
        help=d.get("help"),
    )


def _option_labels(given: Any) -> dict[str, tuple[str, str]] | None:
    """A custom field's labelled options: value → (en, zh-CN), one language standing in
    for the other when only one is given."""
    if not isinstance(given, dict) or not given:
        return None
    return {value: (pair.get("en") or pair.get("zh-CN") or value,
                    pair.get("zh-CN") or pair.get("en") or value)
            for value, pair in given.items() if isinstance(pair, dict)}


def _load_tenant(session: Session, tenant_id: str) -> dict[str, ObjectDef]:
    from salescrm.models import CustomField, CustomObject, CustomRecord

    objects = dict(_BUILTIN)
    extra: dict[str, dict[str, FieldDef]] = {}
    for cf in session.scalars(
        select(CustomField).where(CustomField.deleted_at.is_(None)).order_by(CustomField.created_at)
    ):
        extra.setdefault(cf.object, {})[cf.api_name] = field_from_definition(
            cf.api_name, cf.definition
        )
    for co in session.scalars(select(CustomObject).where(CustomObject.deleted_at.is_(None))):
        d = co.definition
        labels = d.get("labels") or {}
        # Objects made before titles could be chosen are titled by their "name" field.
        title = d.get("name_field", "name")
        numbered = extra.get(co.api_name, {}).get(title)
        if d.get("auto_number") and numbered is not None:
            extra[co.api_name][title] = replace(numbered, readonly=True)
        objects[co.api_name] = ObjectDef(
            api_name=co.api_name,
            label_en=labels.get("en") or d.get("label") or co.api_name,
            label_zh=labels.get("zh-CN") or d.get("label") or co.api_name,
            model=CustomRecord,
            fields=system_fields(True),
            custom=True,
            name_field=title,
            record_filter=("object", co.api_name),
            auto_number=d.get("auto_number"),
        )
    for name, fields in extra.items():
        if name in objects:
            objects[name] = objects[name].with_fields(fields)
    return objects


def objects_for(session: Session, tenant_id: str, metadata_version: int) -> dict[str, ObjectDef]:
    key = (tenant_id, metadata_version)
    found = _cache.get(key)
    if found is None:
        found = _load_tenant(session, tenant_id)
        with _lock:
            if len(_cache) > 2000:
                _cache.clear()
            _cache[key] = found
    return found


def forget(tenant_id: str, metadata_version: int) -> None:
    """Drop a cached version, e.g. one read inside a transaction that rolled back."""
    with _lock:
        _cache.pop((tenant_id, metadata_version), None)


def get_object(session: Session, tenant_id: str, metadata_version: int, api_name: str) -> ObjectDef:
    obj = objects_for(session, tenant_id, metadata_version).get(api_name)
    if obj is None:
        raise ProblemError(404, "error.unknown_object", object=api_name[:64])
    return obj
