"""Messages of comments, followers and record teams, in zh-CN and en."""

from salescrm.platform.i18n import register

register({
    "collab.body_empty": {"en": "Write something first.", "zh-CN": "请输入内容。"},
    "collab.mention_unknown": {
        "en": "The mentioned user {user_id} does not exist.",
        "zh-CN": "提到的用户 {user_id} 不存在。",
    },
    "collab.too_many_mentions": {
        "en": "At most {max} people can be mentioned in one comment.",
        "zh-CN": "一条评论最多提到 {max} 人。",
    },
    "collab.comment_forbidden": {
        "en": "Only the author or an administrator may change this comment.",
        "zh-CN": "只有评论作者或管理员可以修改此评论。",
    },
    "collab.not_notified.cannot_read": {
        "en": "{name} cannot see this record and was not notified.",
        "zh-CN": "{name} 无权查看此记录，未收到通知。",
    },
    "collab.not_notified.inactive": {
        "en": "{name} is deactivated and was not notified.",
        "zh-CN": "{name} 已停用，未收到通知。",
    },
    "collab.not_notified.author": {
        "en": "You mentioned yourself; no notification was sent.",
        "zh-CN": "您提到了自己，未发送通知。",
    },
    "collab.user_inactive": {
        "en": "This user is deactivated.",
        "zh-CN": "该用户已停用。",
    },
    "collab.access_invalid": {
        "en": "Must be “read” or “edit”.",
        "zh-CN": "必须是“read”（只读）或“edit”（可编辑）。",
    },
    "collab.team_owner": {
        "en": "The owner already has full access to the record.",
        "zh-CN": "负责人已拥有此记录的全部权限。",
    },
    "collab.team_forbidden": {
        "en": "Only the owner, a manager above the owner or an administrator may change "
              "the team.",
        "zh-CN": "只有负责人、负责人的上级或管理员可以修改协作团队。",
    },
    "collab.team_not_member": {
        "en": "This user is not on the record's team.",
        "zh-CN": "该用户不在此记录的协作团队中。",
    },
    "collab.access.read": {"en": "read only", "zh-CN": "只读"},
    "collab.access.edit": {"en": "can edit", "zh-CN": "可编辑"},
    "collab.system": {"en": "System", "zh-CN": "系统"},
    "collab.notify.mention.title": {
        "en": "{author} mentioned you on {object} “{name}”",
        "zh-CN": "{author} 在{object}“{name}”中提到了您",
    },
    "collab.notify.comment.title": {
        "en": "{author} commented on {object} “{name}”",
        "zh-CN": "{author} 评论了{object}“{name}”",
    },
    "collab.notify.comment.body": {"en": "{text}", "zh-CN": "{text}"},
    "collab.notify.updated.title": {
        "en": "{author} updated {object} “{name}”",
        "zh-CN": "{author} 更新了{object}“{name}”",
    },
    "collab.notify.updated.body": {"en": "Changed: {fields}", "zh-CN": "修改了：{fields}"},
    "collab.notify.team.title": {
        "en": "{author} added you to the team of {object} “{name}” ({access})",
        "zh-CN": "{author} 将您加入{object}“{name}”的协作团队（{access}）",
    },
})
