// The one way the web app talks to the server.
//
// Auth: the HttpOnly session cookie set by POST /auth/login, plus the X-CSRF-Token
// header on writes (the token comes in the login response and lives in
// sessionStorage, so a script on another site can never read it). No bearer token
// is kept in the browser. See web/README.md.
// An RFC 9457 problem as the server sends it (platform/errors.py; API.md "Errors").
// Written by hand: the OpenAPI document types requests and problems, not the answers of
// module endpoints, so a generated file gave the screens nothing (decision 0160).
export interface Problem extends Record<string, unknown> {
  type: string;
  title: string;
  status: number;
  detail: string;
  code?: string;
  errors: { field: string; message: string; code?: string | null }[];
}
export type FieldErrors = Record<string, string>;
export type RecordData = Record<string, unknown> & { id: string; version: number };
export type Page<T = RecordData> = { items: T[]; next_cursor: string | null; total?: number };

const CSRF_KEY = "salescrm.csrf";
let language = "en";
// Bumped at each sign-in/out: a 401 to a request sent under an older session must not
// end the new one (the first /me of the login page can answer after the user signed in).
let generation = 0;
const listeners = new Set<() => void>();

export function setApiLanguage(lang: string): void {
  language = lang;
}

export function setCsrf(token: string | null): void {
  generation += 1;
  if (token) sessionStorage.setItem(CSRF_KEY, token);
  else sessionStorage.removeItem(CSRF_KEY);
}

export function getCsrf(): string | null {
  return sessionStorage.getItem(CSRF_KEY);
}

/** Called when the server answers 401: the session ended (expired, revoked). */
export function onUnauthorized(fn: () => void): () => void {
  listeners.add(fn);
  return () => listeners.delete(fn);
}

export class ApiError extends Error {
  status: number;
  problem: Problem | null;
  constructor(status: number, message: string, problem: Problem | null) {
    super(message);
    this.status = status;
    this.problem = problem;
  }
  /** Field-level messages, keyed by field api name, for forms. */
  get fieldErrors(): FieldErrors {
    const out: FieldErrors = {};
    for (const e of this.problem?.errors ?? []) {
      if (e.field && !(e.field in out)) out[e.field] = e.message;
    }
    return out;
  }
  get code(): string | undefined {
    return this.problem?.code as string | undefined;
  }
}

/** A network failure (offline, server down): distinct so the UI can say "retry". */
export class NetworkError extends Error {}

type Query = Record<string, string | number | boolean | null | undefined>;

export function buildQuery(query?: Query): string {
  if (!query) return "";
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) {
    if (v !== undefined && v !== null && v !== "") params.set(k, String(v));
  }
  const s = params.toString();
  return s ? `?${s}` : "";
}

export interface RequestOptions {
  method?: string;
  body?: unknown;
  query?: Query;
  signal?: AbortSignal;
}

export async function api<T = unknown>(path: string, opts: RequestOptions = {}): Promise<T> {
  const method = opts.method ?? (opts.body !== undefined ? "POST" : "GET");
  const headers: Record<string, string> = { "Accept-Language": language,
    Accept: "application/json, application/problem+json" };
  if (opts.body !== undefined && !(opts.body instanceof FormData)) {
    headers["Content-Type"] = "application/json";
  }
  const csrf = getCsrf();
  const sentUnder = generation;
  if (method !== "GET" && csrf) headers["X-CSRF-Token"] = csrf;
  const url = (path.startsWith("/api/") ? path : `/api/v1/${path.replace(/^\//, "")}`)
    + buildQuery(opts.query);
  let res: Response;
  try {
    res = await fetch(url, {
      method, headers, credentials: "same-origin", signal: opts.signal,
      body: opts.body === undefined ? undefined
        : opts.body instanceof FormData ? opts.body : JSON.stringify(opts.body),
    });
  } catch (err) {
    if ((err as Error).name === "AbortError") throw err;
    throw new NetworkError((err as Error).message);
  }
  if (res.status === 204) return undefined as T;
  const type = res.headers.get("content-type") ?? "";
  const data = type.includes("json") ? await res.json().catch(() => null) : null;
  if (!res.ok) {
    const problem = data && typeof data === "object" ? (data as Problem) : null;
    if (res.status === 401 && !url.endsWith("/auth/login") && sentUnder === generation) {
      listeners.forEach((fn) => fn());
    }
    throw new ApiError(res.status, problem?.detail ?? res.statusText, problem);
  }
  return data as T;
}

/** A file download (exports) through the same session, saved under the server's name;
 * with `body` it is a POST (report exports). */
export async function download(path: string, query: Query, fallbackName: string,
  body?: unknown): Promise<void> {
  const headers: Record<string, string> = { "Accept-Language": language };
  if (body !== undefined) {
    headers["Content-Type"] = "application/json";
    const csrf = getCsrf();
    if (csrf) headers["X-CSRF-Token"] = csrf;
  }
  const res = await fetch(`/api/v1/${path}${buildQuery(query)}`, { method: body === undefined ? "GET" : "POST",
    headers, credentials: "same-origin", body: body === undefined ? undefined : JSON.stringify(body) });
  if (!res.ok) {
    const problem = await res.json().catch(() => null) as Problem | null;
    throw new ApiError(res.status, problem?.detail ?? res.statusText, problem);
  }
  const blob = await res.blob();
  const disposition = res.headers.get("content-disposition") ?? "";
  const name = /filename\*?=(?:UTF-8'')?"?([^";]+)/i.exec(disposition)?.[1];
  const a = document.createElement("a");
  a.href = URL.createObjectURL(blob);
  a.download = name ? decodeURIComponent(name) : fallbackName;
  a.click();
  URL.revokeObjectURL(a.href);
}
