import { describe, expect, it } from "vitest";
import { bothLabels, objectBody, suggestApiName, titleBody } from "./customObjects";

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

  it("sends the record title the admin chose, or none to let the server pick", () => {
    expect(titleBody({ title_mode: "field", title_field: "serial_no" })).toEqual({ field: "serial_no" });
    expect(titleBody({ title_mode: "field" })).toBeUndefined();
    expect(titleBody({ title_mode: "auto", auto_number: " EQ-{YYYY}-{0000} ", title_field: "x" }))
      .toEqual({ auto_number: "EQ-{YYYY}-{0000}" });
    expect(objectBody({ api_name: "equipment", en: "Equipment" })).not.toHaveProperty("title");
    expect(objectBody({ api_name: "equipment", en: "Equipment", title_mode: "auto", auto_number: "{0000}" }).title)
      .toEqual({ auto_number: "{0000}" });
  });
});
