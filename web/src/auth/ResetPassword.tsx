// Choosing a new password with a one-time link (/reset-password#token=…). The token is
// in the fragment, which no server ever receives; it is taken out of the address bar
// at once so it stays out of the history too.
import { useState } from "react";
import type { ReactNode } from "react";
import { Alert, Button, Card, Form, Input, Result, Typography } from "antd";
import { LockOutlined } from "@ant-design/icons";
import { useTranslation } from "react-i18next";
import { Link } from "react-router-dom";
import { ApiError, api, setCsrf } from "../api/client";
import { problemText } from "../admin/problems";
import LanguageSwitch from "../shell/LanguageSwitch";

interface Values { password: string; confirm: string }

// Kept outside the component: the page may be mounted again (a language switch, the
// signed-in user's locale arriving) after the address bar was cleaned.
let taken: string | null = null;

function takeToken(): string | null {
  const token = new URLSearchParams(window.location.hash.replace(/^#/, "")).get("token");
  if (token) {
    taken = token;
    window.history.replaceState(window.history.state, "", window.location.pathname);
  }
  return taken;
}

export default function ResetPassword() {
  const { t } = useTranslation();
  const [token] = useState(takeToken);
  const [form] = Form.useForm<Values>();
  const [error, setError] = useState<string | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (v: Values) => {
    setBusy(true);
    setError(null);
    try {
      const res = await api<{ email: string }>("auth/password_reset/confirm",
        { body: { token, password: v.password } });
      setCsrf(null); // every session of the user ended, this browser's too
      setDone(res.email);
    } catch (err) {
      const fields = err instanceof ApiError ? err.fieldErrors : {};
      if (fields.password) form.setFields([{ name: "password", errors: [fields.password] }]);
      setError(fields.password ? null : fields.token ?? problemText(err, t));
    } finally {
      setBusy(false);
    }
  };

  const card = (body: ReactNode) => (
    <div className="login-page" data-testid="reset-password">
      <div className="login-lang"><LanguageSwitch /></div>
      <Card className="login-card">{body}</Card>
    </div>);
  if (done) {
    return card(<Result status="success" title={t("reset.done")} subTitle={done}
      extra={<Button type="primary" href={`/login?email=${encodeURIComponent(done)}`}
        data-testid="reset-sign-in">{t("reset.signIn")}</Button>} />);
  }
  if (!token) {
    return card(<Alert type="warning" showIcon message={t("reset.noToken")}
      action={<Link to="/forgot-password">{t("reset.again")}</Link>} />);
  }
  return card(<>
    <Typography.Title level={4} style={{ marginTop: 0 }}>{t("reset.title")}</Typography.Title>
    <Typography.Paragraph type="secondary">{t("reset.intro")}</Typography.Paragraph>
    {error && <Alert type="error" showIcon message={error} style={{ marginBottom: 16 }}
      data-testid="reset-error" action={<Link to="/forgot-password">{t("reset.again")}</Link>} />}
    <Form form={form} layout="vertical" onFinish={submit} requiredMark={false}>
      <Form.Item name="password" label={t("firstPassword.next")} extra={t("firstPassword.nextHelp")}
        rules={[{ required: true, message: t("firstPassword.nextRequired") }]}>
        <Input.Password prefix={<LockOutlined />} autoComplete="new-password" autoFocus id="reset-password" />
      </Form.Item>
      <Form.Item name="confirm" label={t("firstPassword.confirm")} dependencies={["password"]}
        rules={[{ required: true, message: t("firstPassword.nextRequired") },
          ({ getFieldValue }) => ({
            validator: (_, value) => !value || getFieldValue("password") === value
              ? Promise.resolve() : Promise.reject(new Error(t("firstPassword.mismatch"))),
          })]}>
        <Input.Password prefix={<LockOutlined />} autoComplete="new-password" id="reset-confirm" />
      </Form.Item>
      <Button type="primary" htmlType="submit" block loading={busy} size="large"
        data-testid="reset-submit">{t("firstPassword.submit")}</Button>
    </Form>
  </>);
}
