// Shown instead of the app while the signed-in user must replace a password someone else
// chose (an import's generated first password, an administrator's reset): the API
// refuses every other write until POST /me/password (issue 10.3).
import { useState } from "react";
import { Alert, Button, Card, Form, Input, Typography } from "antd";
import { LockOutlined } from "@ant-design/icons";
import { useTranslation } from "react-i18next";
import { ApiError, NetworkError } from "../api/client";
import { useAuth } from "./AuthContext";
import LanguageSwitch from "../shell/LanguageSwitch";

interface Values { current?: string; password: string; confirm: string }

export default function FirstPassword() {
  const { t } = useTranslation();
  const { me, changePassword, hasSignInPassword, logout } = useAuth();
  const [form] = Form.useForm<Values>();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  // After a reload the password typed at sign-in is gone: ask for it then.
  const [askCurrent, setAskCurrent] = useState(!hasSignInPassword);

  const submit = async (v: Values) => {
    setBusy(true);
    setError(null);
    try {
      await changePassword(v.password, askCurrent ? v.current : undefined);
    } catch (err) {
      if (err instanceof ApiError) {
        const fields = err.fieldErrors;
        if (fields.current_password) setAskCurrent(true);
        form.setFields([
          { name: "current", errors: fields.current_password ? [fields.current_password] : [] },
          { name: "password", errors: fields.password ? [fields.password] : [] },
        ]);
        setError(fields.current_password || fields.password ? null : err.message);
      } else {
        setError(err instanceof NetworkError ? t("error.network") : t("error.unknown"));
      }
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="login-page" data-testid="first-password">
      <div className="login-lang"><LanguageSwitch /></div>
      <Card className="login-card">
        <Typography.Title level={4} style={{ marginTop: 0 }}>{t("firstPassword.title")}</Typography.Title>
        <Typography.Paragraph type="secondary">{t("firstPassword.intro")}</Typography.Paragraph>
        <Typography.Paragraph><Typography.Text strong>{me?.email}</Typography.Text></Typography.Paragraph>
        {error && <Alert type="error" showIcon message={error} style={{ marginBottom: 16 }} />}
        <Form form={form} layout="vertical" onFinish={submit} requiredMark={false}>
          {/* The account's email, for password managers saving the new password. */}
          <input type="email" name="username" autoComplete="username" value={me?.email ?? ""}
            readOnly hidden />
          {askCurrent && (
            <Form.Item name="current" label={t("firstPassword.current")}
              rules={[{ required: true, message: t("firstPassword.currentRequired") }]}>
              <Input.Password prefix={<LockOutlined />} autoComplete="current-password" />
            </Form.Item>)}
          <Form.Item name="password" label={t("firstPassword.next")} extra={t("firstPassword.nextHelp")}
            rules={[{ required: true, message: t("firstPassword.nextRequired") }]}>
            <Input.Password prefix={<LockOutlined />} autoComplete="new-password" autoFocus />
          </Form.Item>
          <Form.Item name="confirm" label={t("firstPassword.confirm")} dependencies={["password"]}
            rules={[{ required: true, message: t("firstPassword.nextRequired") },
              ({ getFieldValue }) => ({
                validator: (_, value) => !value || getFieldValue("password") === value
                  ? Promise.resolve() : Promise.reject(new Error(t("firstPassword.mismatch"))),
              })]}>
            <Input.Password prefix={<LockOutlined />} autoComplete="new-password" />
          </Form.Item>
          <Button type="primary" htmlType="submit" block loading={busy} size="large"
            data-testid="first-password-submit">{t("firstPassword.submit")}</Button>
        </Form>
        <Button type="link" block style={{ marginTop: 8 }} onClick={() => void logout()}>
          {t("firstPassword.signOut")}</Button>
      </Card>
    </div>
  );
}
