import { describe, expect, it } from "vitest";
import type { AuditEntry } from "./customObjects";
import { bothLabels, deletedObjects, objectBody, suggestApiName } from "./customObjects";

const e = (record_id: string, action: string, at: string, changes: AuditEntry["changes"] = null): AuditEntry =>
  ({ id: `${record_id}-${at}`, action, object: "custom_objects", record_id, changes, at });

describe("custom objects", () => {
  it("suggests an api name the server accepts", () => {
    expect(suggestApiName("Service tickets")).toBe("service_tickets");
    expect(suggestApiName("3D Prints!")).toBe("d_prints");
    expect(suggestApiName("工单")).toBe("");
  });

  it("fills a label left blank from the other language", () => {
    expect(bothLabels("工单", "")).toEqual({ en: "工单", "zh-CN": "工单" });
    expect(bothLabels(" 工单 ", "Tickets")).toEqual({ en: "Tickets", "zh-CN": "工单" });
  });

  it("sends the first fields with options only for picklists and a target only for lookups", () => {
    const body = objectBody({ api_name: "tickets", zh: "工单", en: "Tickets", fields: [
      { label: "Priority", api_name: "priority", type: "picklist", options: "low, high，urgent" },
      { label: "Account", api_name: "account_id", type: "lookup", target: "accounts", options: "x" },
      { label: "", api_name: "" }] });
    expect(body.fields).toEqual([
      { api_name: "priority", label: "Priority", type: "picklist", required: false, options: ["low", "high", "urgent"] },
      { api_name: "account_id", label: "Account", type: "lookup", required: false, target: "accounts" }]);
  });

  it("lists objects whose latest audit entry is a delete, by name from their creation", () => {
    const entries = [
      e("a", "create", "2026-01-01T00:00:00Z", { api_name: [null, "tickets"], labels: [null, { en: "Tickets" }] }),
      e("a", "delete", "2026-01-03T00:00:00Z"),
      e("b", "create", "2026-01-01T00:00:00Z", { api_name: [null, "assets"] }),
      e("b", "delete", "2026-01-02T00:00:00Z"),
      e("b", "restore", "2026-01-04T00:00:00Z"),
      e("c", "delete", "2026-01-05T00:00:00Z"),
      e("d", "create", "2026-01-01T00:00:00Z", { api_name: [null, "visits"] }),
      e("d", "delete", "2026-01-02T00:00:00Z"),
    ];
    expect(deletedObjects(entries, new Set()).map((o) => [o.api_name, o.label]))
      .toEqual([["tickets", "Tickets"], ["visits", "visits"]]);
    // An object of the same name live again is not offered.
    expect(deletedObjects(entries, new Set(["visits"])).map((o) => o.api_name)).toEqual(["tickets"]);
  });
});
