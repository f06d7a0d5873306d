import { useState } from "react";
import { Alert, Button, Card, Form, Input, Typography } from "antd";
import { LockOutlined, MailOutlined } from "@ant-design/icons";
import { useTranslation } from "react-i18next";
import { Link, Navigate, useLocation, useNavigate } from "react-router-dom";
import { ApiError, NetworkError } from "../api/client";
import { useAuth } from "./AuthContext";
import LanguageSwitch from "../shell/LanguageSwitch";

export default function LoginPage() {
  const { t } = useTranslation();
  const { me, login } = useAuth();
  const navigate = useNavigate();
  const location = useLocation();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const from = (location.state as { from?: { pathname: string } } | null)?.from?.pathname ?? "/";
  if (me) return <Navigate to={from} replace />;

  const submit = async (values: { email: string; password: string }) => {
    setBusy(true);
    setError(null);
    try {
      await login(values.email.trim(), values.password);
      navigate(from, { replace: true });
    } catch (err) {
      setError(err instanceof NetworkError ? t("error.network")
        : err instanceof ApiError ? err.message : t("error.unknown"));
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="login-page">
      <div className="login-lang"><LanguageSwitch /></div>
      <Card className="login-card">
        <Typography.Title level={3} style={{ textAlign: "center", marginTop: 0 }}>
          {t("app.name")}
        </Typography.Title>
        <Typography.Paragraph type="secondary" style={{ textAlign: "center" }}>
          {t("login.tagline")}
        </Typography.Paragraph>
        {error && <Alert type="error" showIcon message={error} style={{ marginBottom: 16 }}
          data-testid="login-error" />}
        <Form layout="vertical" onFinish={submit} requiredMark={false}
          initialValues={{ email: new URLSearchParams(location.search).get("email") ?? "" }}>
          <Form.Item name="email" label={t("login.email")}
            rules={[{ required: true, message: t("login.emailRequired") }]}>
            <Input prefix={<MailOutlined />} autoComplete="username" autoFocus
              inputMode="email" />
          </Form.Item>
          <Form.Item name="password" label={t("login.password")}
            rules={[{ required: true, message: t("login.passwordRequired") }]}>
            <Input.Password prefix={<LockOutlined />} autoComplete="current-password" />
          </Form.Item>
          <Button type="primary" htmlType="submit" block loading={busy} size="large">
            {t("login.submit")}
          </Button>
        </Form>
        <div style={{ textAlign: "center", marginTop: 12 }}>
          <Link to="/forgot-password" data-testid="forgot-link">{t("forgot.link")}</Link>
        </div>
      </Card>
    </div>
  );
}
