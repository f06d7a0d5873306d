"""Field and object descriptions: the one metadata model every object shares."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from typing import Any

FIELD_TYPES = (
    "text", "textarea", "number", "integer", "money", "date", "datetime", "boolean",
    "picklist", "multi_picklist", "email", "phone", "url", "lookup",
)
# Default maximum lengths of text-like fields when a definition names none.
DEFAULT_MAX_LENGTH = {"text": 255, "textarea": 10000, "email": 254, "phone": 40, "url": 2000}
SYSTEM_FIELDS = ("id", "version", "owner_id", "created_at", "updated_at", "created_by")
# A picklist's choices with what people read for each: stored value → (en, zh-CN).
OptionLabels = Mapping[str, tuple[str, str]]


@dataclass(frozen=True)
class FieldDef:
    api_name: str
    type: str
    label_en: str
    label_zh: str
    required: bool = False
    custom: bool = False
    readonly: bool = False
    max_length: int | None = None
    options: tuple[str, ...] = ()
    target: str | None = None
    default: Any = None
    unique: bool = False
    searchable: bool = False
    nullable: bool = True
    minimum: float | None = None
    maximum: float | None = None
    help: str | None = None
    # JSON Schema of the value for OpenAPI when the type alone says too little
    # (a "json" list of stages or lines, a currency code …).
    json_schema: dict[str, Any] | None = field(default=None, compare=False, hash=False)
    # What each choice reads as (stored and API values stay the keys in ``options``).
    option_labels: OptionLabels | None = field(default=None, compare=False, hash=False)

    def label(self, locale: str) -> str:
        return self.label_zh if locale == "zh-CN" else self.label_en

    def option_label(self, value: str, locale: str) -> str:
        """What a person reads for the stored choice ``value`` (the value itself when
        it has no label: a custom field's choices are already words)."""
        labels = (self.option_labels or {}).get(value)
        if labels is None:
            return value
        return labels[1] if locale == "zh-CN" else labels[0]

    def limit(self) -> int | None:
        return self.max_length or DEFAULT_MAX_LENGTH.get(self.type)

    def describe(self, locale: str) -> dict[str, Any]:
        out: dict[str, Any] = {
            "api_name": self.api_name,
            "label": self.label(locale),
            "labels": {"en": self.label_en, "zh-CN": self.label_zh},
            "type": self.type,
            "required": self.required,
            "options": list(self.options) if self.options else None,
            "custom": self.custom,
            "readonly": self.readonly,
        }
        if self.option_labels:
            out["option_labels"] = {value: {"en": en, "zh-CN": zh}
                                    for value, (en, zh) in self.option_labels.items()}
        if self.target:
            out["target"] = self.target
        if self.limit():
            out["max_length"] = self.limit()
        if self.help:
            out["help"] = self.help
        return out


@dataclass(frozen=True)
class ObjectDef:
    """One object (built-in or custom): its api name, labels and fields.

    ``model`` is the ORM class holding the rows. ``owned`` objects carry
    ``owner_id`` and obey data scope. ``record_filter`` narrows a shared table
    (custom records) to this object.
    """

    api_name: str
    label_en: str
    label_zh: str
    model: Any
    fields: dict[str, FieldDef]
    owned: bool = True
    custom: bool = False
    name_field: str = "name"
    # Writes of these objects go through their own service, not the generic one.
    managed_writes: bool = False
    # Records with no owner (a pool) are visible to everyone who may read the object.
    pool_visible: bool = False
    # Extra column that counts as "own" for the own scope (tasks: assignee_id).
    also_own_column: str | None = None
    record_filter: tuple[str, Any] | None = None
    dedupe: tuple[str, ...] = field(default=())
    # Custom objects titled by an auto-number: its format, e.g. "EQ-{YYYY}-{0000}"
    # (the title field ``name_field`` is then read-only).
    auto_number: str | None = None

    def label(self, locale: str) -> str:
        return self.label_zh if locale == "zh-CN" else self.label_en

    def with_fields(self, extra: dict[str, FieldDef]) -> ObjectDef:
        return replace(self, fields={**self.fields, **extra})

    def describe(self, locale: str) -> dict[str, Any]:
        return {
            "api_name": self.api_name,
            "label": self.label(locale),
            "labels": {"en": self.label_en, "zh-CN": self.label_zh},
            "custom": self.custom,
            "owned": self.owned,
            "name_field": self.name_field,
            "auto_number": self.auto_number,
            "fields": [f.describe(locale) for f in self.fields.values()],
        }


def system_fields(owned: bool) -> dict[str, FieldDef]:
    """The fields every record has, read-only."""
    fields = [
        FieldDef("id", "text", "ID", "ID", readonly=True, nullable=False),
        FieldDef("version", "integer", "Version", "版本", readonly=True, nullable=False),
        FieldDef("created_at", "datetime", "Created at", "创建时间", readonly=True,
                 nullable=False),
        FieldDef("updated_at", "datetime", "Updated at", "更新时间", readonly=True,
                 nullable=False),
        FieldDef("created_by", "lookup", "Created by", "创建人", readonly=True, target="users"),
    ]
    if owned:
        fields.append(FieldDef("owner_id", "lookup", "Owner", "负责人", target="users"))
    return {f.api_name: f for f in fields}
