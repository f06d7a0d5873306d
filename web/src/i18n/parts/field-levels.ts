// A money figure the server withholds: it sums a field the user's role hides or masks.
export default {
  en: {
    withheld: {
      tooltip: "Hidden: this total adds up a field your role may not see.",
    },
  },
  zh: {
    withheld: {
      tooltip: "已隐藏：此合计汇总的字段对您的角色不可见。",
    },
  },
};
