// What the history and references read as (issue 13): every code the server keeps
// for what happened, in words. Choices of fields come with the metadata instead.
export default {
  en: {
    common: { loadingName: "…" },
    audit: { user: "By", otherObject: "Settings" },
    timeline: {
      changed: "changed",
      action: {
        create: "Created", update: "Edited", delete: "Deleted", restore: "Restored",
        convert: "Converted", submit: "Submitted for approval", approve: "Approved",
        reject: "Rejected", withdraw: "Approval withdrawn", approval: "Approval",
        merge: "Merged", merged_into: "Merged into another", migrate: "Migrated",
        team_add: "Added to the team", team_remove: "Removed from the team",
        team_update: "Team changed", other: "Changed",
      },
      kind: { stage_change: "Stage" },
      approval: {
        submitted: "Submitted", approved: "Approved", rejected: "Rejected",
        cancelled: "Cancelled", pending: "Pending", withdrawn: "Withdrawn",
        approval_approved: "Approval passed", approval_rejected: "Approval rejected",
        approval_withdrawn: "Approval withdrawn", approval_cancelled: "Approval cancelled",
        other: "Approval",
      },
      field: { approval: "Approval", roles: "Roles", team: "Team", password: "Password" },
    },
  },
  zh: {
    common: { loadingName: "…" },
    audit: { user: "操作人", otherObject: "系统设置" },
    timeline: {
      changed: "已修改",
      action: {
        create: "创建", update: "修改", delete: "删除", restore: "恢复", convert: "转化",
        submit: "提交审批", approve: "审批通过", reject: "审批驳回", withdraw: "撤回审批",
        approval: "审批", merge: "合并", merged_into: "已合并到其他记录", migrate: "迁移",
        team_add: "加入团队", team_remove: "移出团队", team_update: "团队变更", other: "变更",
      },
      kind: { stage_change: "阶段" },
      approval: {
        submitted: "已提交", approved: "已同意", rejected: "已驳回", cancelled: "已取消",
        pending: "待审批", withdrawn: "已撤回", approval_approved: "审批通过",
        approval_rejected: "审批驳回", approval_withdrawn: "审批撤回",
        approval_cancelled: "审批取消", other: "审批",
      },
      field: { approval: "审批", roles: "角色", team: "团队", password: "密码" },
    },
  },
};
