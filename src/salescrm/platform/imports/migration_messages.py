"""Messages of migration imports (history kept as given), zh-CN and en."""

from salescrm.platform.i18n import register

register({
    "import.migration_admin_only": {
        "en": "Only an administrator may import a migration (dates and history as given).",
        "zh-CN": "只有管理员可以以迁移方式导入（按原样保留日期和历史）。"},
    "import.migration_unsupported": {
        "en": "A migration import keeps history for: {objects}.",
        "zh-CN": "迁移导入仅支持保留以下对象的历史：{objects}。"},
    "import.unknown_kind": {
        "en": "Unknown kind of file: one of {choices}.",
        "zh-CN": "未知的文件内容类型，可选：{choices}。"},
})
