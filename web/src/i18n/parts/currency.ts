// Amounts in other currencies: the notice naming currencies left out of money figures
// (no exchange rate), and the administration card of exchange rates.
export default {
  en: {
    currency: {
      unconverted: "Amounts in {{currencies}} are not included: they have no exchange rate.",
      separator: ", ",
      setRates: "Set exchange rates",
      askAdmin: "An administrator can set them under Administration → Exchange rates.",
      amountsIn: "Amounts in {{code}}",
      exchangeRates: {
        title: "Exchange rates",
        text: "What one unit of another currency is worth in the company currency, for analytics totals",
      },
    },
  },
  zh: {
    currency: {
      unconverted: "{{currencies}} 金额未计入：尚未设置汇率。",
      separator: "、",
      setRates: "设置汇率",
      askAdmin: "管理员可在“系统管理 → 汇率”中设置。",
      amountsIn: "金额单位：{{code}}",
      exchangeRates: {
        title: "汇率",
        text: "其他币种折合本位币的汇率，用于统计分析中的金额合计",
      },
    },
  },
};
