// Import page guidance (issue 10): per-column date formats with a preview, every error,
// rows that changed nothing, imported users' first passwords.
export default {
  en: {
    importGuide: {
      preview: "Preview the first rows",
      previewTitle: "How the first rows read",
      dateFormat: "Date format",
      suggested: "These dates read as {{format}}",
      useSuggested: "Use it",
      samples: "First rows (as read)",
      unread: "{{count}} of these rows do not read",
      formats: {
        auto: "Automatic (refuses 01/03/2017)", excel: "Excel serial number (42795)",
        "YYYY-MM-DD": "2017-03-01", "DD/MM/YYYY": "01/03/2017 (day first)", "DD-MM-YY": "01-03-17 (day first)",
        "MM/DD/YYYY": "03/01/2017 (month first)", "YYYY/M/D": "2017/3/1", "YYYY年M月D日": "2017年3月1日",
      },
      unchanged: "Unchanged",
      allErrors: "Show all {{total}} errors",
      loadingErrors: "Loading every error…",
      passwords: "Download the new users' first passwords (once)",
      passwordsHelp: "Each new user got a generated first password. The file can be downloaded once; hand each password over privately.",
    },
  },
  zh: {
    importGuide: {
      preview: "预览前几行",
      previewTitle: "前几行的读取结果",
      dateFormat: "日期格式",
      suggested: "这些日期可按 {{format}} 读取",
      useSuggested: "使用该格式",
      samples: "前几行（读取结果）",
      unread: "其中 {{count}} 行无法读取",
      formats: {
        auto: "自动识别（不猜测 01/03/2017 这类日期）", excel: "Excel 序列号（42795）",
        "YYYY-MM-DD": "2017-03-01", "DD/MM/YYYY": "01/03/2017（日在前）", "DD-MM-YY": "01-03-17（日在前）",
        "MM/DD/YYYY": "03/01/2017（月在前）", "YYYY/M/D": "2017/3/1", "YYYY年M月D日": "2017年3月1日",
      },
      unchanged: "无变化",
      allErrors: "显示全部 {{total}} 条错误",
      loadingErrors: "正在加载全部错误…",
      passwords: "下载新用户的初始密码（仅一次）",
      passwordsHelp: "每位新用户都生成了初始密码。该文件只能下载一次，请私下分别告知各用户。",
    },
  },
};
