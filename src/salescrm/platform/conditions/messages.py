"""Messages of the condition language, zh-CN and en."""

from salescrm.platform.i18n import register

register({
    "condition.not_object": {
        "en": "A condition must be an object: {{\"all\"}}, {{\"any\"}}, {{\"not\"}} or "
              "{{\"field\", \"op\", \"value\"}}.",
        "zh-CN": "条件必须是对象：{{\"all\"}}、{{\"any\"}}、{{\"not\"}} 或 "
                 "{{\"field\", \"op\", \"value\"}}。",
    },
    "condition.bad_keys": {
        "en": "Unexpected keys here: {keys}.",
        "zh-CN": "此处有多余的键：{keys}。",
    },
    "condition.not_list": {
        "en": "“{name}” takes a list of conditions.",
        "zh-CN": "“{name}”的值必须是条件列表。",
    },
    "condition.too_deep": {
        "en": "The condition is nested too deeply (at most {max} levels).",
        "zh-CN": "条件嵌套层数过多（最多 {max} 层）。",
    },
    "condition.too_large": {
        "en": "The condition has too many parts (at most {max}).",
        "zh-CN": "条件包含的子条件过多（最多 {max} 个）。",
    },
    "condition.unknown_field": {
        "en": "Unknown field “{field}”.",
        "zh-CN": "未知字段“{field}”。",
    },
    "condition.unknown_op": {
        "en": "Unknown operator “{op}”. Use one of: {ops}.",
        "zh-CN": "未知运算符“{op}”，可用：{ops}。",
    },
    "condition.op_type": {
        "en": "Operator “{op}” does not apply to a {type} field. Use one of: {ops}.",
        "zh-CN": "运算符“{op}”不适用于{type}类型的字段，可用：{ops}。",
    },
    "condition.value_required": {
        "en": "This operator needs a value.",
        "zh-CN": "该运算符需要一个值。",
    },
    "condition.value_list": {
        "en": "“in” takes a non-empty list of values (at most {max}).",
        "zh-CN": "“in”的值必须是非空列表（最多 {max} 个）。",
    },
    "condition.value_boolean": {
        "en": "This operator takes true or false (or no value).",
        "zh-CN": "该运算符的值只能是 true 或 false（或省略）。",
    },
})
