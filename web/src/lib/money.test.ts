import { describe, expect, it } from "vitest";
import { add, compactMoney, compare, formatMoney, fromScaled, groupDigits, isDecimal, lineTotal,
  multiply, subtract, toScaled } from "./money";

describe("money on decimal strings", () => {
  it("adds without float error", () => {
    expect(add("0.10", "0.20")).toBe("0.30");
    expect(add("12500.00", "0.01", "-0.01")).toBe("12500.00");
    expect(add()).toBe("0.00");
    expect(add("99999999999999.99", "0.01")).toBe("100000000000000.00"); // beyond float precision
  });

  it("subtracts and compares", () => {
    expect(subtract("100.00", "33.33")).toBe("66.67");
    expect(subtract("1", "2.5")).toBe("-1.50");
    expect(compare("10.00", "9.99")).toBe(1);
    expect(compare("1,000.00", "1000")).toBe(0);
    expect(compare(null, "0")).toBe(0);
  });

  it("rounds half up, away from zero", () => {
    expect(multiply("0.5", "0.01")).toBe("0.01");
    expect(multiply("-0.5", "0.01")).toBe("-0.01");
    expect(fromScaled(toScaled("2.675"))).toBe("2.68"); // 2.675 is 2.67499… as a float
  });

  it("computes an order line like the server: qty × price × (1 − discount/100), cents once", () => {
    expect(lineTotal("3", "19.99")).toBe("59.97");
    expect(lineTotal("2", "100.00", "15")).toBe("170.00");
    expect(lineTotal("1", "0.05", "50")).toBe("0.03"); // 0.025 → 0.03, half up
    expect(lineTotal("3", "33.33", "33.3")).toBe("66.69"); // 99.99 × 0.667 = 66.69333
    expect(lineTotal("0.5", "0.01")).toBe("0.01");
    expect(lineTotal("", "12")).toBe("0.00");
  });

  it("formats for people", () => {
    expect(formatMoney("1234567.5")).toBe("¥1,234,567.50");
    expect(formatMoney("-12.3", "USD")).toBe("-$12.30");
    expect(formatMoney("10", "CHF")).toBe("CHF 10.00");
    expect(formatMoney(null)).toBe("");
    expect(formatMoney("n/a")).toBe("n/a");
    expect(groupDigits("-1000.5")).toBe("-1,000.5");
  });

  it("shortens large figures in the reader's language", () => {
    expect(compactMoney("1250000", "en")).toBe("1.25M");
    expect(compactMoney("1250000", "zh-CN")).toBe("125万");
    expect(compactMoney("230000000", "zh-CN")).toBe("2.3亿");
    expect(compactMoney("950", "en")).toBe("950.00");
  });

  it("recognizes decimals and rejects the rest", () => {
    expect(isDecimal("12.50")).toBe(true);
    expect(isDecimal("1e5")).toBe(false);
    expect(isDecimal(12.5)).toBe(false);
    expect(() => toScaled("abc")).toThrow();
  });
});
