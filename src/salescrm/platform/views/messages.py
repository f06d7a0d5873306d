"""Messages of saved list views, zh-CN and en side by side."""

from salescrm.platform.i18n import register

MESSAGES: dict[str, dict[str, str]] = {
    "view.unknown_object": {
        "en": "Unknown object “{object}”.",
        "zh-CN": "未知对象“{object}”。",
    },
    "view.object_required": {
        "en": "Name the object whose list this view is for.",
        "zh-CN": "请指定视图所属的对象。",
    },
    "view.unknown_field": {
        "en": "Unknown field “{field}” (it does not exist or is hidden from you).",
        "zh-CN": "未知字段“{field}”（不存在或您无权查看）。",
    },
    "view.unknown_key": {
        "en": "Unknown key “{name}”; allowed: {allowed}.",
        "zh-CN": "未知参数“{name}”；允许的参数：{allowed}。",
    },
    "view.name_required": {
        "en": "Give the view a name (1–100 characters).",
        "zh-CN": "请填写视图名称（1–100 个字符）。",
    },
    "view.filters_list": {
        "en": "filters is a list (at most {max}) of {{\"field\", \"op\", \"value\"}} objects.",
        "zh-CN": "filters 必须是 {{\"field\", \"op\", \"value\"}} 对象列表（最多 {max} 个）。",
    },
    "view.filter_op": {
        "en": "Unknown operator “{op}”; use one of {ops}.",
        "zh-CN": "未知的运算符“{op}”；可选 {ops}。",
    },
    "view.filter_value": {
        "en": "A filter value is text of at most {max} characters.",
        "zh-CN": "筛选值必须是不超过 {max} 个字符的文本。",
    },
    "view.sort": {
        "en": "Cannot sort by “{field}”: name a visible, sortable field, “-” first for "
              "descending.",
        "zh-CN": "不能按“{field}”排序：请指定可见且可排序的字段，降序时在前面加“-”。",
    },
    "view.columns_list": {
        "en": "columns is a list of at most {max} distinct field names.",
        "zh-CN": "columns 必须是不重复的字段名列表（最多 {max} 个）。",
    },
    "view.q": {
        "en": "The search text is at most {max} characters.",
        "zh-CN": "搜索文字不能超过 {max} 个字符。",
    },
    "view.not_owner": {
        "en": "Only the person who saved this view (or an administrator) may change it.",
        "zh-CN": "只有保存该视图的人（或管理员）可以修改或删除它。",
    },
    "view.sharing": {
        "en": "sharing is one of private, department, all.",
        "zh-CN": "共享范围必须是 private（仅自己）、department（本部门）、all（全公司）之一。",
    },
    "view.sharing_no_department": {
        "en": "You belong to no department, so the view cannot be shared with one.",
        "zh-CN": "您不属于任何部门，无法把视图共享给部门。",
    },
}

register(MESSAGES)
