// A money figure the server withheld shows "—" with a tooltip saying why (en and zh),
// never a 0; a figure it sent shows as formatted.
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { cleanup, render, screen } from "@testing-library/react";
import i18n, { initI18n } from "../i18n";
import { MoneyOrWithheld } from "./Withheld";

beforeAll(() => { initI18n("en"); });
afterEach(async () => { cleanup(); await i18n.changeLanguage("en"); });

describe("MoneyOrWithheld", () => {
  it("shows a sent figure as formatted", () => {
    render(<MoneyOrWithheld value="12.50" format={(v) => `¥${v}`} />);
    expect(screen.getByText("¥12.50")).toBeTruthy();
    expect(screen.queryByTestId("withheld")).toBeNull();
  });

  it("shows a withheld figure as a dash that says why, in both languages", async () => {
    render(<MoneyOrWithheld value={null} format={(v) => `¥${v}`} />);
    const mark = screen.getByTestId("withheld");
    expect(mark.textContent).toBe("—");
    expect(mark.getAttribute("aria-label")).toMatch(/your role may not see/);
    cleanup();
    await i18n.changeLanguage("zh-CN");
    render(<MoneyOrWithheld value={null} format={(v) => `¥${v}`} />);
    expect(screen.getByTestId("withheld").getAttribute("aria-label")).toMatch(/不可见/);
  });
});
