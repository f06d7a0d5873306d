// RecordForm against a fake server (global fetch): what the user sees on bad input,
// on a server-side field error, on a duplicate, and that a double click saves once.
import { afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { cleanup, fireEvent, render, screen, waitFor } from "@testing-library/react";
import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { MemoryRouter } from "react-router-dom";
import { App as AntApp } from "antd";
import { initI18n } from "../i18n";
import type { ObjectMeta } from "../api/meta";
import RecordForm from "./RecordForm";

const accounts: ObjectMeta = {
  api_name: "accounts", label: "Accounts", custom: false, owned: true, name_field: "name",
  permissions: ["read", "create", "update"],
  fields: [
    { api_name: "name", label: "Name", type: "text", required: true, options: null, custom: false,
      readonly: false, max_length: 200 },
    { api_name: "email", label: "Email", type: "email", required: false, options: null, custom: false,
      readonly: false },
  ],
};

function problem(status: number, body: object) {
  return new Response(JSON.stringify({ type: "x", title: "t", status, ...body }),
    { status, headers: { "content-type": "application/problem+json" } });
}

function setup(fetchImpl: (url: string, init: RequestInit) => Promise<Response>) {
  const calls: { url: string; body: unknown }[] = [];
  vi.stubGlobal("fetch", vi.fn(async (url: string, init: RequestInit) => {
    calls.push({ url, body: init.body ? JSON.parse(String(init.body)) : undefined });
    return fetchImpl(url, init);
  }));
  const qc = new QueryClient();
  qc.setQueryData(["meta", "objects"], [accounts]);
  const onSaved = vi.fn();
  render(
    <QueryClientProvider client={qc}><MemoryRouter><AntApp>
      <RecordForm object="accounts" open onClose={() => undefined} onSaved={onSaved} />
    </AntApp></MemoryRouter></QueryClientProvider>,
  );
  const type = (id: string, value: string) =>
    fireEvent.change(document.getElementById(id)!, { target: { value } });
  const save = () => fireEvent.click(screen.getByTestId("form-save"));
  return { calls, onSaved, type, save };
}

beforeAll(() => { void initI18n("en"); });
afterEach(() => { cleanup(); vi.unstubAllGlobals(); });

describe("RecordForm", () => {
  it("stops a bad email before any request and says why", async () => {
    const { calls, type, save } = setup(async () => new Response("{}"));
    type("field-name", "Acme");
    type("field-email", "nope");
    save();
    expect(await screen.findByText("Enter a valid email address")).toBeTruthy();
    expect(calls).toHaveLength(0);
  });

  it("puts the server's field message on the field and keeps what was typed", async () => {
    const { type, save } = setup(async () => problem(422, { detail: "Check the fields",
      errors: [{ field: "name", message: "Name is taken in this region" }] }));
    type("field-name", "Acme");
    save();
    expect(await screen.findByText("Name is taken in this region")).toBeTruthy();
    expect((document.getElementById("field-name") as HTMLInputElement).value).toBe("Acme");
  });

  it("saves once on a double click", async () => {
    let release: (r: Response) => void = () => undefined;
    const { calls, onSaved, type } = setup(() => new Promise((resolve) => { release = resolve; }));
    type("field-name", "Acme");
    fireEvent.click(screen.getByTestId("form-save"));
    fireEvent.click(screen.getByTestId("form-save"));
    release(new Response(JSON.stringify({ id: "a1", version: 1, name: "Acme" }),
      { status: 201, headers: { "content-type": "application/json" } }));
    await waitFor(() => expect(onSaved).toHaveBeenCalledTimes(1));
    expect(calls).toHaveLength(1);
    expect(calls[0].body).toEqual({ name: "Acme" }); // only what the user filled in
  });

  it("warns about a duplicate and saves anyway when asked", async () => {
    let n = 0;
    const { calls, onSaved, type, save } = setup(async () => (n++ === 0
      ? problem(409, { code: "dedupe.duplicate", detail: "This account looks like a duplicate.",
        errors: [{ field: "name", message: "Same name as Acme", id: "a0" }] })
      : new Response(JSON.stringify({ id: "a2", version: 1 }), { status: 201,
        headers: { "content-type": "application/json" } })));
    type("field-name", "Acme");
    save();
    expect(await screen.findByText(/Same name as Acme/)).toBeTruthy();
    fireEvent.click(screen.getByTestId("save-anyway"));
    await waitFor(() => expect(onSaved).toHaveBeenCalled());
    expect(calls[1].url).toContain("allow_duplicate=true");
  });

  it("puts a conflict that cannot be saved anyway on its field, without offering to", async () => {
    const { type, save } = setup(async () => problem(409, { code: "error.validation",
      detail: "Some fields are invalid.",
      errors: [{ field: "name", message: "EUR has a rate already: change that one.", code: "currency.rate_exists" }] }));
    type("field-name", "EUR");
    save();
    expect(await screen.findByText("EUR has a rate already: change that one.")).toBeTruthy();
    expect(screen.queryByTestId("save-anyway")).toBeNull();
  });
});
