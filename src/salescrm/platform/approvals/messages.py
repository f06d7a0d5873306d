"""Messages of approval flows and approvals, zh-CN and en."""

from salescrm.platform.i18n import register

register({
    "approval.locked": {
        "en": "This record is waiting for approval and cannot be changed. Withdraw it first.",
        "zh-CN": "该记录正在审批中，不能修改。请先撤回审批。",
    },
    "approval.already_pending": {
        "en": "This record is already waiting for approval.",
        "zh-CN": "该记录已在审批中。",
    },
    "approval.not_pending": {
        "en": "This approval is already {state}.",
        "zh-CN": "该审批已{state}。",
    },
    "approval.not_your_turn": {
        "en": "Nothing in this approval is waiting for you.",
        "zh-CN": "该审批当前没有待您处理的步骤。",
    },
    "approval.own_request": {
        "en": "You submitted this request: someone else approves or rejects it.",
        "zh-CN": "这是您提交的申请，需由他人审批。",
    },
    "approval.already_decided": {
        "en": "You have already decided this step.",
        "zh-CN": "您已处理过该审批步骤。",
    },
    "approval.concurrent": {
        "en": "Someone decided this step at the same moment; reload to see the result.",
        "zh-CN": "该步骤刚刚已被他人处理，请刷新查看结果。",
    },
    "approval.only_submitter": {
        "en": "Only the submitter (or an administrator) can withdraw.",
        "zh-CN": "只有提交人（或管理员）可以撤回。",
    },
    "approval.steps": {
        "en": "Give 1 to {max} steps.",
        "zh-CN": "请设置 1 到 {max} 个审批步骤。",
    },
    "approval.approver_type": {
        "en": "Approver type is one of manager, role, user, department_head.",
        "zh-CN": "审批人类型须为 manager、role、user、department_head 之一。",
    },
    "approval.mode": {
        "en": "Mode is any or all.",
        "zh-CN": "审批方式须为 any（或签）或 all（会签）。",
    },
    "approval.user_unknown": {
        "en": "No active user “{user}”.",
        "zh-CN": "没有启用的用户“{user}”。",
    },
    "approval.step_key": {
        "en": "Step keys are distinct lowercase names.",
        "zh-CN": "步骤标识须为互不相同的小写名称。",
    },
    "approval.next_unknown": {
        "en": "No step has the key “{step}”.",
        "zh-CN": "没有标识为“{step}”的步骤。",
    },
    "approval.circular": {
        "en": "The steps lead back to step “{step}”: an approval would never end.",
        "zh-CN": "审批步骤会回到步骤“{step}”，形成循环，审批永远无法结束。",
    },
    "approval.comment": {"en": "At most 2000 characters.", "zh-CN": "最多 2000 个字符。"},
    # notifications
    "approval.notify.request": {
        "en": "Approval requested: {object} “{name}”",
        "zh-CN": "待您审批：{object}“{name}”",
    },
    "approval.notify.approved": {
        "en": "Approved: {object} “{name}”",
        "zh-CN": "审批已通过：{object}“{name}”",
    },
    "approval.notify.rejected": {
        "en": "Rejected: {object} “{name}”",
        "zh-CN": "审批被驳回：{object}“{name}”",
    },
    "approval.notify.reassigned": {
        "en": "Approval moved to you (approver deactivated): {object} “{name}”",
        "zh-CN": "审批已转交给您（原审批人已停用）：{object}“{name}”",
    },
    "approval.status.pending": {"en": "pending", "zh-CN": "审批中"},
    "approval.status.approved": {"en": "approved", "zh-CN": "通过"},
    "approval.status.rejected": {"en": "rejected", "zh-CN": "驳回"},
    "approval.status.withdrawn": {"en": "withdrawn", "zh-CN": "撤回"},
})
