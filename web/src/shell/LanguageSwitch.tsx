import { Segmented } from "antd";
import { useLanguage } from "./LanguageProvider";

export default function LanguageSwitch() {
  const { lang, setLang } = useLanguage();
  return (
    <Segmented size="small" value={lang} onChange={(v) => setLang(v as "zh-CN" | "en")}
      options={[{ label: "中文", value: "zh-CN" }, { label: "EN", value: "en" }]}
      aria-label="Language / 语言" data-testid="language-switch" />
  );
}
