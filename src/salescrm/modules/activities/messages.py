"""Messages of activities, tasks and reminders, in zh-CN and en."""

from salescrm.platform.i18n import register

register({
    "activities.related_pair": {
        "en": "Give both related_type and related_id, or neither.",
        "zh-CN": "related_type 与 related_id 须同时提供或同时为空。",
    },
    "activities.checkin_location": {
        "en": "A check-in needs a location (latitude and longitude).",
        "zh-CN": "签到必须包含位置（纬度和经度）。",
    },
    "tasks.bad_timezone": {
        "en": "Unknown time zone “{tz}”.",
        "zh-CN": "未知时区“{tz}”。",
    },
    "notify.task_reminder.title": {
        "en": "Reminder: {title}",
        "zh-CN": "任务提醒：{title}",
    },
    "notify.task_reminder.body": {
        "en": "Due {due}.",
        "zh-CN": "截止时间：{due}。",
    },
    "notify.task_reminder.no_due": {
        "en": "No due time.",
        "zh-CN": "无截止时间。",
    },
})
