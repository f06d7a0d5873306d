// The notice of currencies left out of money figures: nothing when every amount was
// converted; otherwise each missing currency named, in English and Chinese, with the
// way to the exchange rates for those who may set them.
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { cleanup, render, screen } from "@testing-library/react";
import { MemoryRouter } from "react-router-dom";
import i18n, { initI18n } from "../i18n";
import { currencyOf, mergeCurrency } from "./currency";
import { CurrencyNoticeView } from "./CurrencyNotice";

const show = (currency: Parameters<typeof CurrencyNoticeView>[0]["currency"], admin = true) =>
  render(<MemoryRouter><CurrencyNoticeView currency={currency} admin={admin} /></MemoryRouter>);

beforeAll(() => { initI18n("en"); });
afterEach(async () => { cleanup(); await i18n.changeLanguage("en"); });

describe("CurrencyNotice", () => {
  it("shows nothing when every currency was converted", () => {
    const { container } = show({ code: "CNY", rates: { USD: "7.1" }, unconverted: [] });
    expect(container.textContent).toBe("");
    expect(screen.queryByTestId("currency-notice")).toBeNull();
  });

  it("shows nothing for an answer without a currency block", () => {
    const { container } = show(currencyOf({ stages: [] }));
    expect(container.textContent).toBe("");
  });

  it("names both currencies and links administrators to the exchange rates", () => {
    show({ code: "CNY", rates: {}, unconverted: ["EUR", "USD"] });
    expect(screen.getByTestId("currency-notice").textContent).toContain(
      "Amounts in EUR, USD are not included: they have no exchange rate.");
    const link = screen.getByRole("link", { name: "Set exchange rates" });
    expect(link.getAttribute("href")).toBe("/o/exchange_rates");
  });

  it("says it in Chinese, and tells others who can fix it instead of linking", async () => {
    await i18n.changeLanguage("zh-CN");
    show({ code: "CNY", unconverted: ["EUR", "USD"] }, false);
    const notice = screen.getByTestId("currency-notice").textContent ?? "";
    expect(notice).toContain("EUR、USD 金额未计入：尚未设置汇率。");
    expect(notice).toContain("管理员");
    expect(screen.queryByRole("link")).toBeNull();
  });

  it("links in Chinese too", async () => {
    await i18n.changeLanguage("zh-CN");
    show({ code: "CNY", unconverted: ["USD"] });
    expect(screen.getByRole("link", { name: "设置汇率" })).toBeTruthy();
  });

  it("combines the figures of a page into one notice, each currency once", () => {
    show([{ code: "CNY", unconverted: ["USD"] }, undefined, { code: "CNY", unconverted: ["EUR", "USD"] },
      { code: "CNY", unconverted: [] }]);
    expect(screen.getAllByTestId("currency-notice")).toHaveLength(1);
    expect(screen.getByTestId("currency-notice").textContent).toContain("Amounts in EUR, USD are not included");
  });
});

describe("mergeCurrency", () => {
  it("keeps the company currency and the rates, and is undefined without blocks", () => {
    expect(mergeCurrency([undefined, null])).toBeUndefined();
    expect(mergeCurrency([{ code: "USD", rates: { EUR: "1.08" }, unconverted: ["JPY"] },
      { code: "USD", rates: {}, unconverted: [] }]))
      .toEqual({ code: "USD", rates: { EUR: "1.08" }, unconverted: ["JPY"] });
  });
});
