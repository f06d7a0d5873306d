// A record's display name: the name field, common fallbacks, and for objects without a
// name (exchange rates) their first required text field rather than a raw id.
import { describe, expect, it } from "vitest";
import type { ObjectMeta } from "./meta";
import { recordTitle } from "./meta";

const field = (api_name: string, type: string, required = false) => ({ api_name, label: api_name, type,
  required, options: null, custom: false, readonly: false });

describe("recordTitle", () => {
  it("uses the name field", () => {
    const accounts = { api_name: "accounts", name_field: "name", fields: [field("name", "text", true)] } as ObjectMeta;
    expect(recordTitle(accounts, { id: "1", name: "Acme" })).toBe("Acme");
  });

  it("names an exchange rate by its currency, not its id", () => {
    const rates = { api_name: "exchange_rates", name_field: "name",
      fields: [field("id", "text"), field("currency", "text", true), field("rate", "number", true)] } as ObjectMeta;
    expect(recordTitle(rates, { id: "0199-abc", currency: "USD", rate: "7.1" })).toBe("USD");
  });
});
