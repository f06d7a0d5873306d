import { describe, expect, it } from "vitest";
import { formatDate, formatDateTime, isOverdue, isoDate, relativeTime } from "./dates";

describe("dates", () => {
  it("keeps a calendar date on its day in every timezone", () => {
    expect(formatDate("2026-11-27", "zh-CN")).toBe("2026-11-27");
    expect(formatDate("2026-11-27", "en")).toBe("Nov 27, 2026");
    expect(formatDate("", "en")).toBe("");
    expect(formatDate("soon", "en")).toBe("soon");
  });

  it("shows datetimes in local time", () => {
    const iso = new Date(2026, 10, 27, 16, 5).toISOString();
    expect(formatDateTime(iso, "zh-CN")).toBe("2026-11-27 16:05");
    expect(formatDateTime(iso, "en")).toBe("Nov 27, 2026 16:05");
    expect(formatDateTime(null, "en")).toBe("");
  });

  it("gives the local date as YYYY-MM-DD", () => {
    expect(isoDate(new Date(2026, 0, 5, 23, 59))).toBe("2026-01-05");
  });

  it("knows what is overdue", () => {
    const now = new Date(2026, 10, 27, 12, 0);
    expect(isOverdue("2026-11-26", now)).toBe(true);
    expect(isOverdue("2026-11-27", now)).toBe(false);
    expect(isOverdue(new Date(2026, 10, 27, 11, 0).toISOString(), now)).toBe(true);
    expect(isOverdue(new Date(2026, 10, 27, 13, 0).toISOString(), now)).toBe(false);
    expect(isOverdue(null, now)).toBe(false);
  });

  it("says how long ago", () => {
    const now = new Date(2026, 10, 27, 12, 0);
    const words = (unit: string, n: number) => `${n} ${unit}`;
    expect(relativeTime(new Date(2026, 10, 27, 11, 58).toISOString(), now, words)).toBe("2 minute");
    expect(relativeTime(new Date(2026, 10, 25, 12, 0).toISOString(), now, words)).toBe("2 day");
    expect(relativeTime(now.toISOString(), now, words)).toBe("0 now");
  });
});
