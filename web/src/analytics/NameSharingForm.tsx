// The form of a new saved definition (a report, a dashboard): its name and who may
// see it. Enter submits; an error from the caller shows under the name.
import { Form, Input, Select } from "antd";
import { useTranslation } from "react-i18next";
import { SHARING } from "./DashboardEditor";

interface Props {
  name: string; sharing: string; error: string | null; testId: string;
  onName: (name: string) => void; onSharing: (sharing: string) => void; onSubmit: () => void;
}

export default function NameSharingForm({ name, sharing, error, testId, onName, onSharing, onSubmit }: Props) {
  const { t } = useTranslation();
  return (
    <Form layout="vertical" onFinish={onSubmit}>
      <Form.Item label={t("analytics.dashboards.name")} required validateStatus={error ? "error" : ""} help={error}>
        <Input autoFocus value={name} maxLength={200} data-testid={testId}
          onChange={(e) => onName(e.target.value)} onPressEnter={onSubmit} />
      </Form.Item>
      <Form.Item label={t("analytics.dashboards.sharing")}>
        <Select value={sharing} onChange={onSharing}
          options={SHARING.map((s) => ({ value: s, label: t(`analytics.sharing.${s}`) }))} />
      </Form.Item>
    </Form>
  );
}
