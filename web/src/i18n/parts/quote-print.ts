// The printable quote (issue 13.3).
export default {
  en: {
    quotePrint: {
      open: "Print view", print: "Print", copyLink: "Copy link", copied: "Link copied",
      title: "Quotation", quote: "Quote", customer: "Customer", date: "Date",
      validUntil: "Valid until",
    },
  },
  zh: {
    quotePrint: {
      open: "打印视图", print: "打印", copyLink: "复制链接", copied: "链接已复制",
      title: "报价单", quote: "报价单", customer: "客户", date: "日期",
      validUntil: "有效期至",
    },
  },
};
