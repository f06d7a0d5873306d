// "Forgot password?" from the sign-in page: a link by e-mail when the server can send
// mail (the same answer for any address), else where to get one (an administrator).
import { useState } from "react";
import { Alert, Button, Card, Form, Input, Skeleton, Typography } from "antd";
import { MailOutlined } from "@ant-design/icons";
import { useQuery } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import { Link } from "react-router-dom";
import { api } from "../api/client";
import { problemText } from "../admin/problems";
import LanguageSwitch from "../shell/LanguageSwitch";

export default function ForgotPassword() {
  const { t } = useTranslation();
  const options = useQuery({ queryKey: ["password-reset-options"],
    queryFn: () => api<{ email: boolean }>("auth/password_reset") });
  const [sent, setSent] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (v: { email: string }) => {
    setBusy(true);
    setError(null);
    try {
      const res = await api<{ detail: string }>("auth/password_reset", { body: { email: v.email.trim() } });
      setSent(res.detail);
    } catch (err) {
      setError(problemText(err, t));
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="login-page" data-testid="forgot-password">
      <div className="login-lang"><LanguageSwitch /></div>
      <Card className="login-card">
        <Typography.Title level={4} style={{ marginTop: 0 }}>{t("forgot.title")}</Typography.Title>
        {options.isLoading ? <Skeleton active paragraph={{ rows: 2 }} />
          : options.data?.email ? (sent ? <Alert type="success" showIcon message={sent} data-testid="forgot-sent" /> : (
            <>
              <Typography.Paragraph type="secondary">{t("forgot.emailIntro")}</Typography.Paragraph>
              {error && <Alert type="error" showIcon message={error} style={{ marginBottom: 16 }} />}
              <Form layout="vertical" onFinish={submit} requiredMark={false}>
                <Form.Item name="email" label={t("login.email")}
                  rules={[{ required: true, message: t("login.emailRequired") }]}>
                  <Input prefix={<MailOutlined />} autoComplete="username" inputMode="email" autoFocus />
                </Form.Item>
                <Button type="primary" htmlType="submit" block loading={busy}>{t("forgot.send")}</Button>
              </Form>
            </>))
          : <Typography.Paragraph data-testid="forgot-ask-admin">{t("forgot.adminIntro")}</Typography.Paragraph>}
        <Link to="/login"><Button type="link" block style={{ marginTop: 8 }}>{t("forgot.back")}</Button></Link>
      </Card>
    </div>
  );
}
