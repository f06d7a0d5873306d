// Values read as the business, never as the database (issue 13): choices by their
// labels from the metadata, stages by name, references by the record's title (a
// polymorphic one too), the history without codes, JSON or ids.
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { cleanup, render } from "@testing-library/react";
import { MemoryRouter } from "react-router-dom";
import i18n, { initI18n } from "../i18n";
import type { FieldMeta, ObjectMeta } from "../api/meta";
import { recordTitle } from "../api/meta";
import { ChangeLines } from "./Changes";
import FieldValue from "./FieldValue";
import type { NameMap } from "./lookups";
import { objectKey, referencedIds, roleKey, stageKey } from "./lookups";

beforeAll(() => { initI18n("en"); });
afterEach(async () => { cleanup(); await i18n.changeLanguage("en"); });

const ID = "01a24509-3faa-7729-aa14-755b6d393e78";
const field = (api_name: string, type: FieldMeta["type"], more: Partial<FieldMeta> = {}): FieldMeta => ({
  api_name, label: api_name, type, required: false, options: null, custom: false, readonly: false, ...more });
const method = field("method", "picklist", { label: "Method", options: ["bank_transfer"],
  option_labels: { bank_transfer: { en: "Bank transfer", "zh-CN": "银行转账" } } });
const names: NameMap = new Map([[ID, "Acme · Phase 1"], [stageKey("p1", "negotiation"), "Negotiation"],
  [stageKey("", "negotiation"), "Negotiation"], [objectKey("opportunities"), "Opportunities"],
  [roleKey("sales_rep"), "Sales rep"]]);
const shown = (el: React.ReactElement) => render(<MemoryRouter>{el}</MemoryRouter>).container.textContent;

describe("a value on screen", () => {
  it("is a choice's label in the reader's language, never its stored value", async () => {
    expect(shown(<FieldValue field={method} value="bank_transfer" />)).toBe("Bank transfer");
    cleanup();
    await i18n.changeLanguage("zh-CN");
    expect(shown(<FieldValue field={method} value="bank_transfer" />)).toBe("银行转账");
  });

  it("names a stage, a polymorphic record and its object; never an id", () => {
    const record = { pipeline_id: "p1", related_type: "opportunities", related_id: ID };
    expect(shown(<FieldValue field={field("stage", "text")} value="negotiation" record={record}
      names={names} />)).toBe("Negotiation");
    cleanup();
    expect(shown(<FieldValue field={field("related_type", "text")} value="opportunities" record={record}
      names={names} />)).toBe("Opportunities");
    cleanup();
    expect(shown(<FieldValue field={field("related_id", "text")} value={ID} record={record}
      names={names} />)).toBe("Acme · Phase 1");
    cleanup();
    const owner = field("owner_id", "lookup", { target: "users" });
    expect(shown(<FieldValue field={owner} value="01a2-unknown" names={names} />)).not.toMatch(/01a2/);
  });
});

describe("a record's title", () => {
  it("is its product's title for a price book entry, and never its id", () => {
    const entries = { api_name: "price_book_entries", name_field: "product_id",
      fields: [field("product_id", "lookup", { target: "products" })] } as unknown as ObjectMeta;
    expect(recordTitle(entries, { id: "e1", product_id: ID }, names)).toBe("Acme · Phase 1");
    expect(recordTitle(entries, { id: "e1", product_id: ID })).toBe("");
    const rates = { api_name: "rates", name_field: "name", fields: [] } as unknown as ObjectMeta;
    expect(recordTitle(rates, { id: ID })).toBe("");
  });
});

describe("references of records", () => {
  it("are the lookups, the polymorphic pair and the products on lines", () => {
    const orders = { api_name: "orders", fields: [field("account_id", "lookup", { target: "accounts" })] } as
      unknown as ObjectMeta;
    const ids = referencedIds(orders, [{ account_id: "a1", related_type: "tasks", related_id: "t1",
      lines: [{ product_id: "p9" }] }]);
    expect([...ids.entries()].map(([k, v]) => [k, [...v]])).toEqual([
      ["accounts", ["a1"]], ["tasks", ["t1"]], ["products", ["p9"]]]);
  });
});

describe("a history entry", () => {
  const opportunities = { api_name: "opportunities", fields: [method, field("lines", "json", { label: "Lines" }),
    field("id", "text")] } as unknown as ObjectMeta;

  it("reads approvals and roles as words, lines as changed, and leaves ids and unknown codes out", () => {
    const text = shown(<ChangeLines obj={opportunities} names={names} changes={{
      approval: ["pending", "approved"], roles: [[], ["sales_rep"]], lines: [[{ product_id: ID }], []],
      method: [null, "bank_transfer"], id: [null, ID], flow: [null, "f1"] }} />);
    expect(text).toContain("Approval: Pending → Approved");
    expect(text).toContain("Sales rep");
    expect(text).toContain("Lines changed");
    expect(text).toContain("Bank transfer");
    expect(text).not.toMatch(/pending|sales_rep|product_id|bank_transfer|01a2|flow/);
  });
});
