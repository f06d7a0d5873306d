// The UI language: i18next, Ant Design's locale, dayjs and the API's Accept-Language
// all follow one switch.
import { createContext, useContext, useEffect, useState } from "react";
import type { ReactNode } from "react";
import { App as AntApp, ConfigProvider } from "antd";
import enUS from "antd/locale/en_US";
import zhCN from "antd/locale/zh_CN";
import dayjs from "dayjs";
import "dayjs/locale/zh-cn";
import { useQueryClient } from "@tanstack/react-query";
import i18n, { rememberLanguage } from "../i18n";
import type { Language } from "../i18n";
import { setApiLanguage } from "../api/client";

const LanguageContext = createContext<{ lang: Language; setLang: (l: Language) => void }>({
  lang: "en", setLang: () => undefined,
});

function apply(lang: Language) {
  setApiLanguage(lang);
  dayjs.locale(lang === "zh-CN" ? "zh-cn" : "en");
  document.documentElement.lang = lang;
}

export function LanguageProvider({ children }: { children: ReactNode }) {
  const [lang, setLangState] = useState<Language>(i18n.language as Language);
  const queryClient = useQueryClient();
  apply(lang);
  useEffect(() => {
    document.title = i18n.t("app.name");
  }, [lang]);
  const setLang = (l: Language) => {
    rememberLanguage(l);
    void i18n.changeLanguage(l);
    apply(l);
    setLangState(l);
    // Server texts (labels, messages) come localized: fetch them again.
    void queryClient.invalidateQueries();
  };
  return (
    <LanguageContext.Provider value={{ lang, setLang }}>
      <ConfigProvider locale={lang === "zh-CN" ? zhCN : enUS}
        theme={{ token: { colorPrimary: "#1677ff", borderRadius: 6 } }}>
        <AntApp>{children}</AntApp>
      </ConfigProvider>
    </LanguageContext.Provider>
  );
}

export function useLanguage() {
  return useContext(LanguageContext);
}
