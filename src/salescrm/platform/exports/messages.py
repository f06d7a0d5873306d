"""Export messages, zh-CN and en."""

from salescrm.platform.i18n import register

register({
    "export.bad_format": {"en": "Choose one of the formats: {formats}.",
                          "zh-CN": "请选择以下格式之一：{formats}。"},
    "export.lookup_name": {"en": "{label} (name)", "zh-CN": "{label}（名称）"},
    "export.bad_timezone": {"en": "{tz} is not a time zone (for example Asia/Shanghai).",
                            "zh-CN": "{tz} 不是时区（例如 Asia/Shanghai）。"},
    "export.source_id": {"en": "Source id ({system})", "zh-CN": "来源编号（{system}）"},
})
