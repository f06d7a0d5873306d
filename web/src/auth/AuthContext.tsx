// Who is signed in. The session is the HttpOnly cookie; this keeps /me and the
// CSRF token (sessionStorage). A new tab has the cookie but not the token: it asks the
// server for it (GET /auth/csrf), so it stays signed in even when no other tab is open.
import { createContext, useCallback, useContext, useEffect, useMemo, useRef, useState } from "react";
import type { ReactNode } from "react";
import { useQueryClient } from "@tanstack/react-query";
import { ApiError, api, getCsrf, onUnauthorized, setCsrf } from "../api/client";

export interface Me {
  id: string;
  tenant_id: string;
  tenant_name: string | null;
  name: string;
  email: string;
  department_id: string | null;
  manager_id: string | null;
  locale: string | null;
  roles: string[];
  data_scope?: string;
  permissions?: Record<string, string[]>;
  // A password someone else chose: the app asks for the user's own before anything else.
  must_change_password?: boolean;
}

interface AuthState {
  me: Me | null;
  loading: boolean;
  login: (email: string, password: string) => Promise<void>;
  logout: () => Promise<void>;
  /** POST /me/password; `current` defaults to the password just signed in with. */
  changePassword: (password: string, current?: string) => Promise<void>;
  /** Whether the password typed at this sign-in is still at hand (not after a reload). */
  hasSignInPassword: boolean;
  can: (object: string, action?: string) => boolean;
  isAdmin: boolean;
}

const AuthContext = createContext<AuthState | null>(null);
const channel = typeof BroadcastChannel !== "undefined"
  ? new BroadcastChannel("salescrm-auth") : null;

/** A new tab has the cookie but not the CSRF token: the server gives it to the app's
 * own pages (another site cannot read the answer). 401 when there is no session. */
async function fetchCsrf(): Promise<void> {
  if (getCsrf()) return;
  const res = await api<{ csrf_token: string }>("auth/csrf");
  setCsrf(res.csrf_token);
}

channel?.addEventListener("message", (e: MessageEvent) => {
  if (e.data?.type === "logout") { setCsrf(null); window.location.assign("/login"); }
});

export function AuthProvider({ children }: { children: ReactNode }) {
  const [me, setMe] = useState<Me | null>(null);
  const [loading, setLoading] = useState(true);
  const queryClient = useQueryClient();
  // Counts sign-ins: the page's first /me may answer after the user has signed in.
  const epoch = useRef(0);
  // The first password typed at sign-in, kept in memory only while it must be replaced,
  // so the user is not asked to type a generated password twice.
  const signInPassword = useRef<string | null>(null);

  const loadMe = useCallback(async () => {
    const started = epoch.current;
    try {
      await fetchCsrf();
      const user = await api<Me>("me");
      if (epoch.current === started) setMe(user);
    } catch (err) {
      if (!(err instanceof ApiError && err.status === 401)) throw err;
      if (epoch.current === started) setMe(null);
    } finally {
      setLoading(false);
    }
  }, []);

  useEffect(() => {
    loadMe().catch(() => setLoading(false));
    return onUnauthorized(() => { setCsrf(null); setMe(null); queryClient.clear(); });
  }, [loadMe, queryClient]);

  const login = useCallback(async (email: string, password: string) => {
    const res = await api<{ csrf_token: string; user: Me }>("auth/login",
      { body: { email, password } });
    epoch.current += 1;
    setCsrf(res.csrf_token);
    queryClient.clear();
    signInPassword.current = res.user.must_change_password ? password : null;
    setMe(await api<Me>("me"));
  }, [queryClient]);

  const changePassword = useCallback(async (password: string, current?: string) => {
    await api<Me>("me/password", {
      body: { current_password: current ?? signInPassword.current ?? "", password } });
    signInPassword.current = null;
    queryClient.clear();
    setMe(await api<Me>("me"));
  }, [queryClient]);

  const logout = useCallback(async () => {
    try {
      await api("auth/logout", { method: "POST" });
    } finally {
      setCsrf(null);
      signInPassword.current = null;
      channel?.postMessage({ type: "logout" });
      queryClient.clear();
      setMe(null);
    }
  }, [queryClient]);

  const value = useMemo<AuthState>(() => {
    const isAdmin = !!me?.roles.includes("admin");
    return {
      me, loading, login, logout, isAdmin, changePassword,
      hasSignInPassword: !!signInPassword.current,
      can: (object, action = "read") => isAdmin || !!me?.permissions?.[object]?.includes(action),
    };
  }, [me, loading, login, logout, changePassword]);
  return <AuthContext.Provider value={value}>{children}</AuthContext.Provider>;
}

export function useAuth(): AuthState {
  const ctx = useContext(AuthContext);
  if (!ctx) throw new Error("useAuth outside AuthProvider");
  return ctx;
}
