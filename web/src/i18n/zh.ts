// 简体中文界面文字。键必须与 en.ts 完全一致（有测试检查）。
import type { Messages } from "./en";

const zh: Messages = {
  app: { name: "SalesCRM 销售管理" },
  common: {
    all: "查看全部", cancel: "取消", delete: "删除", edit: "编辑", editField: "编辑{{field}}",
    loading: "加载中…", new: "新建", no: "否", noResults: "没有找到", remove: "移除",
    retry: "重试", save: "保存", saved: "已保存", yes: "是",
  },
  login: {
    tagline: "从线索到回款，一处搞定", email: "邮箱", emailRequired: "请输入邮箱",
    password: "密码", passwordRequired: "请输入密码", submit: "登录",
  },
  nav: {
    home: "我的一天", dashboard: "仪表盘", analytics: "数据分析", reports: "报表", approvals: "审批", customers: "客户", leads: "线索",
    leadPool: "线索公海", deals: "商机", kanban: "商机看板", orders: "订单与回款",
    activities: "跟进", service: "服务", more: "更多", admin: "系统管理",
    adminHome: "概览", fields: "字段", audit: "审计日志", logout: "退出登录", menu: "菜单",
    account: "我的账号",
  },
  search: {
    open: "搜索", placeholder: "搜索客户、联系人、线索…",
    hint: "输入名称、电话或邮箱。回车打开，↑↓ 选择。", none: "没有与“{{q}}”匹配的结果",
  },
  notifications: { title: "通知", empty: "没有新通知" },
  notFound: { title: "页面不存在", text: "这个地址没有内容。", home: "回到我的一天" },
  error: {
    network: "无法连接服务器。请检查网络后重试；已填写的内容不会丢失。",
    unknown: "出错了。请重试；如果一直出现，请联系管理员。",
    loadFailed: "加载失败", forbidden: "你没有访问权限",
  },
  form: {
    createTitle: "新建{{object}}", editTitle: "编辑{{object}}", required: "{{field}}为必填项",
    requiredShort: "必填", tooLong: "最多 {{max}} 个字符", email: "请输入有效的邮箱地址",
    money: "请输入金额，例如 12500.00", number: "请输入数字", url: "请输入以 http:// 或 https:// 开头的网址",
    searchPlaceholder: "输入以搜索",
  },
  duplicate: {
    title: "可能已经存在", open: "打开", saveAnyway: "仍然保存",
  },
  conflict: {
    title: "该记录已被他人修改", text: "在你打开之后，其他人保存了这条记录。请对比两个版本，逐个字段选择保留哪一个，然后保存。",
    field: "字段", mine: "你的修改", theirs: "对方已保存", keep: "保留", keepMine: "我的",
    keepTheirs: "对方的", both: "双方都改了", save: "保存合并结果",
  },
  list: {
    total: "共 {{count}} 条", search: "搜索{{object}}", filters: "筛选", noFilters: "还没有筛选条件。",
    addFilter: "添加条件", applyFilters: "应用", clearFilters: "清除", columns: "列",
    export: "导出", exportUnavailable: "此服务器暂不支持导出。",
    empty: "暂无数据", loadMore: "加载更多", unknownObject: "没有名为“{{object}}”的对象。",
  },
  views: { title: "视图", mine: "只看我的", save: "保存当前视图…", name: "视图名称" },
  op: {
    eq: "等于", ne: "不等于", in: "属于", contains: "包含", gte: "≥", lte: "≤", gt: ">", lt: "<",
    isnull: "为", empty: "空", notEmpty: "非空",
  },
  bulk: {
    selected: "已选 {{count}} 条", assign: "分配负责人", edit: "批量修改", field: "字段",
    deleteTitle: "删除 {{count}} 条记录？", deleteText: "记录将移入回收站，可以恢复。",
    done: "已完成 {{count}} 条", partial: "成功 {{ok}} 条，失败 {{failed}} 条：{{reason}}",
  },
  detail: {
    details: "详情", related: "相关", timeline: "动态", groupMain: "基本信息",
    groupCustom: "自定义字段", groupSystem: "系统信息", groupMore: "更多信息", noRelated: "没有相关记录",
    notFound: "该记录不存在或你无权查看", backToList: "返回列表",
    deleteTitle: "删除“{{name}}”？", deleteText: "记录将移入回收站，可以恢复。",
    deleted: "已删除",
  },
  timeline: {
    empty: "暂无动态",
    action: { create: "创建", update: "修改", delete: "删除", restore: "恢复", convert: "转化" },
    kind: { activity: "跟进", comment: "评论", approval: "审批", change: "变更", stage: "阶段" },
  },
  followUp: {
    hint: "点选跟进方式，再点保存", logged: "已记录跟进", notePlaceholder: "备注（可选）",
    default: { call: "已电话沟通", visit: "已拜访", meeting: "已会面", note: "备注" },
  },
  checkin: {
    button: "签到", title: "现场签到", locating: "正在定位…",
    denied: "定位权限被拒绝。请在浏览器设置中允许定位后再签到。",
    unavailable: "暂时无法获取位置。请到室外或稍后重试。",
    unsupported: "此浏览器不支持定位。", address: "地址（可选）",
    save: "签到", content: "在 {{address}} 签到",
  },
  myDay: {
    morning: "早上好，{{name}}", afternoon: "下午好，{{name}}", evening: "晚上好，{{name}}",
    tasks: "今日任务", tasksSoon: "安装任务模块后，任务会显示在这里。",
    noTasks: "今天没有到期任务", overdue: "已逾期", due: "截止", markDone: "标记完成",
    taskDone: "任务已完成", openRelated: "打开", recent: "最近的{{object}}",
    closing: "30 天内预计成交的商机", noClosing: "未来 30 天没有预计成交的商机",
  },
  account: {
    won: "赢单金额", ordered: "订单金额", paid: "已回款", receivable: "应收款", contacts: "联系人",
    deals: "商机", orders: "订单", payments: "回款",
  },
  lead: {
    claim: "领取", claimed: "已领取，这条线索归你了", release: "退回公海",
    released: "已退回公海", convert: "转化", convertTitle: "转化“{{name}}”",
    convertText: "用这条线索创建客户和联系人，也可以同时创建商机。",
    createDeal: "同时创建商机", dealName: "商机名称", dealAmount: "金额", closeDate: "预计成交日期",
    duplicatesFound_one: "已存在 {{count}} 个相似客户", duplicatesFound_other: "已存在 {{count}} 个相似客户", createNewAccount: "新建客户",
    useExisting: "使用已有客户", openAccount: "打开客户", poolHint: "无人负责的线索，领取后开始跟进。",
    poolEmpty: "公海里没有线索",
    convertAnyway: "仍然转化（保留两条）", contactDuplicatesFound_one: "已存在 {{count}} 个相似联系人", contactDuplicatesFound_other: "已存在 {{count}} 个相似联系人",
    createNewContact: "新建联系人",
  },
  kanban: {
    title: "商机看板", won: "赢单", lost: "输单", noStages: "该销售流程没有阶段",
    needsFields: "进入该阶段需要补充信息", more: "还有 {{count}} 个，在列表中查看 →",
  },
  order: {
    new: "新建订单", editTitle: "编辑订单", lines: "产品明细", product: "产品", quantity: "数量",
    unitPrice: "单价", discount: "折扣", amount: "金额", total: "合计", addLine: "添加一行",
    number: "订单", status: "状态", date: "日期", editLines: "编辑明细", submit: "提交审批",
    submitted: "已提交审批",
  },
  quote: {
    new: "新建报价单", editTitle: "编辑报价单", editLines: "编辑明细", toOrder: "生成订单",
    ordered: "已根据报价单生成订单",
  },
  approvals: {
    title: "审批", waitingForMe: "待我审批", allPending: "全部待审批", none: "没有待审批的事项",
    approve: "同意", reject: "驳回", approved: "已同意", rejected: "已驳回",
    comment: "审批意见（可选）", step: "第 {{n}} 步，共 {{of}} 步",
  },
  payment: {
    record: "登记回款", title: "登记回款", save: "登记", amount: "金额", paidOn: "回款日期",
    method: "方式", owed: "尚欠：{{amount}}", over: "超过了应收金额",
    amountRequired: "请输入大于 0 的金额",
  },
  dashboard: {
    title: "销售仪表盘", openDeals: "进行中的商机", weighted: "加权预测",
    historical: "预测（按历史赢率）", won: "已赢单", funnel: "销售漏斗",
    amountByStage: "各阶段金额", stageTable: "阶段", stage: "阶段", count: "商机数", amount: "金额",
    conversion: "转化率", noData: "暂无数据", pipeline: "在途商机金额",
    trend: "按月赢单与加权预测", leaderboard: "销售排行", receivables: "应收款（按下单月份）",
  },
  reports: {
    title: "报表设计器", object: "对象", groupBy: "分组 {{n}}", addGroup: "添加分组",
    measures: "指标", addMeasure: "添加指标", run: "运行", table: "表格", chart: "图表",
    rows_one: "{{count}} 行", rows_other: "{{count}} 行",
    bucket: { day: "日", week: "周", month: "月", quarter: "季度", year: "年" },
    agg: { count: "计数", sum: "求和", avg: "平均", min: "最小", max: "最大" },
  },
  roles: {
    builtin: "系统内置角色：服务器可能不允许修改。", dataScope: "数据范围", object: "对象",
    fieldPermissions: "字段权限", level: "权限", editor: "权限设置",
    allObjects: "所有对象（默认）", inherited: "同默认", inherit: "恢复默认",
    actions: { read: "查看", create: "新建", update: "编辑", delete: "删除", export: "导出", approve: "审批" },
    levels: { full: "完全访问", readonly: "只读", masked: "脱敏", hidden: "隐藏" },
  },
  departments: { title: "组织架构", addChild: "添加下级部门" },
  import: {
    title: "数据导入", stepFile: "文件", stepMap: "字段映射", stepCheck: "校验", stepImport: "导入",
    drop: "把 CSV 或 XLSX 文件拖到这里，或点击选择",
    hint: "支持 UTF-8 或 GBK 编码的 CSV，以及 Excel。列名与字段同名时自动匹配。",
    column: "文件中的列", field: "字段", skip: "跳过此列", check: "校验（试导入）",
    run: "导入", checkResult: "校验结果——尚未保存任何数据", result: "导入结果", total: "行数",
    wouldCreate: "将新建", created: "已新建", updated: "已更新", failedRows: "出错的行",
    row: "行号", message: "问题", errorsCsv: "下载全部错误（CSV）", failed: "导入失败",
    openList: "打开列表",
  },
  admin: {
    users: { title: "用户", text: "邀请成员，设置角色和上级" },
    departments: { title: "部门", text: "数据范围依据的组织架构" },
    roles: { title: "角色", text: "每个角色能做什么、能看什么" },
    fields: { title: "字段", text: "为每个对象添加自定义字段" },
    audit: { title: "审计日志", text: "每一次修改：谁、何时、改了什么" },
    import: { title: "数据导入", text: "从表格导入客户、联系人和线索" },
  },
  audit: { allObjects: "全部对象", at: "时间", action: "操作", object: "记录", changes: "变更" },
  fields: {
    add: "添加字段", label: "显示名称", apiName: "API 名称", apiNameHelp: "小写字母、数字和下划线，例如 budget_code",
    apiNamePattern: "以字母开头，只用 a–z、0–9 和 _", type: "类型", required: "必填",
    custom: "自定义", readonly: "只读", options: "选项", optionsHelp: "用逗号或换行分隔选项",
    target: "关联对象", unavailable: "此服务器暂不支持添加字段。",
    types: {
      text: "文本", textarea: "长文本", number: "数字", integer: "整数", money: "金额", date: "日期",
      datetime: "日期时间", boolean: "是/否", picklist: "单选", multi_picklist: "多选",
      email: "邮箱", phone: "电话", url: "网址", lookup: "关联", json: "结构化",
    },
  },
  pick: {
    status: {
      new: "新线索", contacted: "已联系", qualified: "已确认", unqualified: "无效", converted: "已转化",
      open: "进行中", won: "赢单", lost: "输单", draft: "草稿", submitted: "已提交", approved: "已批准",
      rejected: "已驳回", fulfilled: "已履约", cancelled: "已取消", done: "已完成", pending: "待审批",
    },
    kind: { call: "电话", visit: "拜访", meeting: "会议", email: "邮件", note: "备注", checkin: "签到" },
    data_scope: { own: "本人", department: "本部门", department_and_below: "本部门及下级", all: "全部" },
    locale: { "zh-CN": "中文", en: "English" },
  },
};

export default zh;
