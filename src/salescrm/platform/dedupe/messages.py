"""Messages of the duplicate check, in zh-CN and en."""

from salescrm.platform.i18n import register

register({
    "dedupe.duplicate": {
        "en": "This {object} looks like a duplicate of an existing record: use that one, "
              "or save anyway if it is really another.",
        "zh-CN": "该{object}与已有记录重复：请使用已有记录；如确实是另一条，可仍然保存。",
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
