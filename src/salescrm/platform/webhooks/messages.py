"""Messages of webhooks, zh-CN and en."""

from salescrm.platform.i18n import register

register({
    "webhook.url": {
        "en": "An http(s) address of at most 2000 characters, naming a host or an IP "
              "address (no user name, %-escapes or spaces; a port up to 65535).",
        "zh-CN": "须为不超过 2000 个字符的 http(s) 地址，写明主机名或 IP 地址"
                 "（不含用户名、%转义或空格；端口不超过 65535）。",
    },
    "webhook.private_address": {
        "en": "This address is on a private or local network, which the server does not "
              "call; use a public address (or ask the operator to allow private ones).",
        "zh-CN": "该地址位于内网或本机，服务器不会调用；请使用公网地址（或请运维人员允许内网地址）。",
    },
    "webhook.events": {
        "en": "A list of event types such as accounts.created or opportunities.stage_changed "
              "(\"*\" for all, \"accounts.*\" for every event of an object).",
        "zh-CN": "须为事件类型列表，例如 accounts.created、opportunities.stage_changed"
                 "（\"*\" 表示全部，\"accounts.*\" 表示该对象的全部事件）。",
    },
    "webhook.event_unknown": {
        "en": "Unknown event type “{event}”.",
        "zh-CN": "未知事件类型“{event}”。",
    },
    "webhook.secret": {
        "en": "A secret of 16 to 200 characters.",
        "zh-CN": "密钥须为 16 到 200 个字符。",
    },
    "webhook.disabled": {
        "en": "This webhook is disabled; enable it first.",
        "zh-CN": "该 Webhook 已停用，请先启用。",
    },
})
