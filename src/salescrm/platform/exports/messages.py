"""Export messages, zh-CN and en."""

from salescrm.platform.i18n import register

register({
    "export.bad_format": {"en": "Choose one of the formats: {formats}.",
                          "zh-CN": "请选择以下格式之一：{formats}。"},
    "export.lookup_name": {"en": "{label} (name)", "zh-CN": "{label}（名称）"},
})
