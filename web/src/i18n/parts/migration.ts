// Import wizard: an administrator's migration (deals with their dates and stage history)
// and the separate stage-history file (decision 0140).
export default {
  en: {
    migration: {
      keep: "Migration: keep dates and stage history",
      keepHelp: "created_at, closed_at and “Entered <stage> on” columns are written as given (administrators only)",
      kind: "The file holds",
      records: "Deals",
      stageHistory: "Stage history (deal, stage, entered on)",
    },
  },
  zh: {
    migration: {
      keep: "迁移：保留日期和阶段历史",
      keepHelp: "创建时间、关闭时间和“进入<阶段>日期”列按原样写入（仅管理员）",
      kind: "文件内容",
      records: "商机",
      stageHistory: "阶段历史（商机、阶段、进入日期）",
    },
  },
};
