// i18next with both languages bundled (they are small): zh-CN and en.
import i18n from "i18next";
import { initReactI18next } from "react-i18next";
import { EN_MESSAGES, ZH_MESSAGES } from "./messages";

export const LANGUAGES = ["zh-CN", "en"] as const;
export type Language = (typeof LANGUAGES)[number];
const STORAGE_KEY = "salescrm.lang";

/** zh-CN when the browser prefers Chinese, else English; a user's choice wins. */
export function detectLanguage(preferred: readonly string[] = navigator.languages ?? [],
  stored: string | null = localStorage.getItem(STORAGE_KEY)): Language {
  if (stored === "zh-CN" || stored === "en") return stored;
  const first = preferred.find((l) => /^(zh|en)\b/i.test(l));
  return first && first.toLowerCase().startsWith("zh") ? "zh-CN" : "en";
}

export function rememberLanguage(lang: Language): void {
  localStorage.setItem(STORAGE_KEY, lang);
}

export function initI18n(lang: Language = detectLanguage()) {
  if (!i18n.isInitialized) {
    void i18n.use(initReactI18next).init({
      resources: { en: { translation: EN_MESSAGES }, "zh-CN": { translation: ZH_MESSAGES } },
      lng: lang,
      fallbackLng: "en",
      interpolation: { escapeValue: false },
      returnNull: false,
    });
  }
  return i18n;
}

export default i18n;
