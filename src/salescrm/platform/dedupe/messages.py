"""Messages of the duplicate check, in zh-CN and en."""

from salescrm.platform.i18n import register

register({
    "dedupe.duplicate": {
        "en": "This {object} looks like a duplicate of an existing record. "
              "Merge with it, or send ?allow_duplicate=true to save anyway.",
        "zh-CN": "该{object}与已有记录重复。请与其合并，或加上 ?allow_duplicate=true 仍然保存。",
    },
    "dedupe.match": {
        "en": "Same {fields} as “{name}”.",
        "zh-CN": "与“{name}”的{fields}相同。",
    },
    "dedupe.hidden_match": {
        "en": "A record with the same {fields} exists, owned by someone else.",
        "zh-CN": "已存在{fields}相同的记录（由他人负责）。",
    },
    "dedupe.unsupported_object": {
        "en": "The duplicate check does not cover “{object}”.",
        "zh-CN": "查重不支持对象“{object}”。",
    },
    "dedupe.rules": {"en": "duplicate rules", "zh-CN": "查重规则"},
})
