"""Messages of automation rules, zh-CN and en."""

from salescrm.platform.i18n import register

register({
    "automation.trigger": {
        "en": "Trigger is one of created, updated, field_changed, scheduled.",
        "zh-CN": "触发方式须为 created、updated、field_changed、scheduled 之一。",
    },
    "automation.field_needed": {
        "en": "This trigger needs a field of the object.",
        "zh-CN": "该触发方式需要指定对象的一个字段。",
    },
    "automation.field_date": {
        "en": "A scheduled rule counts from a date or date-time field.",
        "zh-CN": "定时规则需要以日期或日期时间字段为基准。",
    },
    "automation.offset_days": {
        "en": "offset_days is a whole number of days between -3650 and 3650.",
        "zh-CN": "offset_days 须为 -3650 到 3650 之间的整数天数。",
    },
    "automation.actions": {
        "en": "Give 1 to {max} actions.",
        "zh-CN": "请设置 1 到 {max} 个动作。",
    },
    "automation.action_type": {
        "en": "Action type is one of: {types}.",
        "zh-CN": "动作类型须为以下之一：{types}。",
    },
    "automation.not_writable": {
        "en": "This field cannot be set by a rule.",
        "zh-CN": "该字段不能由规则修改。",
    },
    "automation.no_tasks": {
        "en": "Tasks are not available in this installation.",
        "zh-CN": "本系统未启用任务功能。",
    },
    "automation.assignee": {
        "en": "Use \"owner\", \"creator\" or the id of an active user.",
        "zh-CN": "请填写 \"owner\"、\"creator\" 或一个启用用户的 id。",
    },
    "automation.not_owned": {
        "en": "Records of this object have no owner.",
        "zh-CN": "该对象的记录没有负责人。",
    },
    "automation.url": {
        "en": "An http(s) address naming a host or an IP address (no user name, "
              "%-escapes or spaces; a port up to 65535).",
        "zh-CN": "须为写明主机名或 IP 地址的 http(s) 地址（不含用户名、%转义或空格；"
                 "端口不超过 65535）。",
    },
    "automation.notify_title": {
        "en": "Rule “{rule}”: {object} “{name}”",
        "zh-CN": "规则“{rule}”：{object}“{name}”",
    },
})
