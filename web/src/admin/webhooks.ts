// Webhook helpers: the event types an administrator can subscribe to, a fresh secret,
// and how a delivery's state reads. Event types are "<object>.<event>" (API.md).
import type { ObjectMeta } from "../api/meta";

export interface Webhook { id: string; url: string; events: string[]; description: string | null;
  is_active: boolean; secret_hint: string; consecutive_failures: number; disabled_at: string | null;
  version: number; created_at: string | null; secret?: string }

export interface Delivery { id: string; event_id: string; event_type: string; url: string;
  status: "pending" | "succeeded" | "failed" | "cancelled"; attempts: number;
  last_status_code: number | null; last_error: string | null; replay_of: string | null;
  next_attempt_at: string | null; created_at: string | null; delivered_at: string | null }

/** Events the server emits beyond created/updated/deleted, by object. */
export const SPECIAL_EVENTS: Record<string, string[]> = {
  opportunities: ["stage_changed"], orders: ["approved"], leads: ["converted"],
};
const RECORD_EVENTS = ["created", "updated", "deleted"];

export interface EventGroup { object: string; events: string[] }

/** Per object: "object.*" then its events; objects in the order given. */
export function eventGroups(objects: Pick<ObjectMeta, "api_name">[]): EventGroup[] {
  return objects.map(({ api_name: o }) => ({ object: o,
    events: [`${o}.*`, ...RECORD_EVENTS.map((e) => `${o}.${e}`),
      ...(SPECIAL_EVENTS[o] ?? []).map((e) => `${o}.${e}`)] }));
}

/** Events a wildcard already covers are redundant: "*" covers all, "a.*" covers "a.x". */
export function redundantEvents(events: string[]): string[] {
  if (events.includes("*")) return events.filter((e) => e !== "*");
  const wild = new Set(events.filter((e) => e.endsWith(".*")).map((e) => e.slice(0, -2)));
  return events.filter((e) => !e.endsWith(".*") && wild.has(e.split(".")[0]));
}

/** A 48-hex-digit secret (the server's own length) from the browser's CSPRNG. */
export function newSecret(): string {
  const bytes = new Uint8Array(24);
  crypto.getRandomValues(bytes);
  return Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
}

export const URL_PATTERN = /^https?:\/\/[^\s/]+[^\s]*$/i;

/** Tag colour of a delivery status. */
export function statusColor(status: Delivery["status"]): string {
  return { pending: "processing", succeeded: "success", failed: "error", cancelled: "default" }[status];
}
