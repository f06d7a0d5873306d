"""Messages of marketing, in zh-CN and en."""

from salescrm.platform.i18n import register

register({
    "marketing.end_before_start": {
        "en": "The end date is before the start date.",
        "zh-CN": "结束日期早于开始日期。",
    },
    "marketing.bad_currency": {
        "en": "Use a three-letter currency code such as CNY or USD.",
        "zh-CN": "请使用三位字母的币种代码，如 CNY、USD。",
    },
})
