import { beforeEach, describe, expect, it } from "vitest";
import type { SavedView } from "./views";
import { groupViews, keepLegacyViews, legacyBody, legacyViews, matchesView, viewBody, viewParams,
  withoutRejected } from "./views";
import { decodeMentions, encodeMentions, splitMentions } from "./mentions";

const view = (over: Partial<SavedView> = {}): SavedView => ({
  id: "v1", object: "accounts", name: "大客户", sharing: "private", owner_id: "u1", owner_name: "Ann",
  mine: true, can_edit: true, is_default: false, version: 1, q: null, sort: "-amount",
  filters: [{ field: "level", op: "eq", value: "A" }], columns: ["name", "level"], ...over });

describe("saved views", () => {
  it("groups my views before those shared with me", () => {
    const { mine, shared } = groupViews([view({ id: "a" }), view({ id: "b", mine: false }),
      view({ id: "c" })]);
    expect(mine.map((v) => v.id)).toEqual(["a", "c"]);
    expect(shared.map((v) => v.id)).toEqual(["b"]);
  });

  it("puts a view in the URL so it can be shared and reopened", () => {
    expect(viewParams(view({ q: "集团" })).toString())
      .toBe(new URLSearchParams({ view: "v1", q: "集团", sort: "-amount", level: "A" }).toString());
    expect(viewParams(view({ sort: "-created_at", filters: [] })).toString()).toBe("view=v1");
  });

  it("tells when the list no longer matches its view", () => {
    const state = { q: "", sort: "-amount", filters: [{ field: "level", op: "eq", value: "A" }],
      columns: ["name", "level"] };
    expect(matchesView(view(), state)).toBe(true);
    expect(matchesView(view(), { ...state, sort: "name" })).toBe(false);
    expect(matchesView(view(), { ...state, columns: ["name"] })).toBe(false);
    expect(matchesView(view(), { ...state, filters: [] })).toBe(false);
  });

  it("saves only filters that filter", () => {
    expect(viewBody({ q: "", sort: "name", columns: ["name"], filters: [
      { field: "level", op: "eq", value: "" }, { field: "email", op: "isnull", value: "" }] }))
      .toEqual({ q: null, sort: "name", columns: ["name"],
        filters: [{ field: "email", op: "isnull", value: "true" }] });
  });
});

describe("moving views kept in the browser", () => {
  beforeEach(() => localStorage.clear());

  it("reads the old localStorage views and clears them once moved", () => {
    localStorage.setItem("salescrm.views.accounts", JSON.stringify([
      { name: "Old", filters: [], sort: "name", columns: ["name"] }, { bogus: true }]));
    const views = legacyViews("accounts");
    expect(views.map((v) => v.name)).toEqual(["Old"]);
    expect(legacyBody("accounts", views[0])).toEqual({ object: "accounts", name: "Old",
      sharing: "private", filters: [], sort: "name", columns: ["name"], q: null });
    keepLegacyViews("accounts", []);
    expect(localStorage.getItem("salescrm.views.accounts")).toBeNull();
    expect(legacyViews("accounts")).toEqual([]);
  });

  it("drops only the parts the server refused", () => {
    const body = legacyBody("accounts", { name: "x", sort: "-gone", q: "",
      filters: [{ field: "gone", op: "eq", value: "1" }, { field: "level", op: "eq", value: "A" }],
      columns: ["name", "gone"] });
    expect(withoutRejected(body, [{ field: "filters[0].field" }, { field: "columns[1]" },
      { field: "sort" }])).toMatchObject({ filters: [{ field: "level", op: "eq", value: "A" }],
      columns: ["name"], sort: "-created_at" });
  });
});

describe("mentions", () => {
  it("turns picked @names into tokens and back", () => {
    const people = new Map([["王芳", "u1"], ["王芳芳", "u2"]]);
    const body = encodeMentions("@王芳芳 和 @王芳 看一下，@路人 不算", people);
    expect(body).toBe("@[王芳芳](user:u2) 和 @[王芳](user:u1) 看一下，@路人 不算");
    expect(decodeMentions(body)).toEqual({ text: "@王芳芳 和 @王芳 看一下，@路人 不算", people: new Map([
      ["王芳芳", "u2"], ["王芳", "u1"]]) });
    expect(splitMentions(body)).toEqual([{ name: "王芳芳", userId: "u2" }, { text: " 和 " },
      { name: "王芳", userId: "u1" }, { text: " 看一下，@路人 不算" }]);
  });
});
