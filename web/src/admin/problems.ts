// One line for an API error in an admin dialog: the server's localized reason and
// its field messages, or "check your connection" when the request never got there.
import type { TFunction } from "i18next";
import { ApiError } from "../api/client";

export function problemText(err: unknown, t: TFunction): string {
  if (err instanceof ApiError) {
    return [err.message, ...Object.entries(err.fieldErrors).map(([k, m]) => `${k}: ${m}`)].join(" — ");
  }
  return t("error.network");
}
