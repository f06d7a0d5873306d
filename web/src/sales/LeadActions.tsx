// Lead actions on its page: claim from / release to the pool, and convert into
// account + contact (+ opportunity) with duplicate warnings first.
import { useEffect, useState } from "react";
import { Alert, App, Button, Checkbox, DatePicker, Form, Input, InputNumber, Modal, Radio,
  Space, Typography } from "antd";
import { SwapOutlined } from "@ant-design/icons";
import dayjs from "dayjs";
import { useQueryClient } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import { Link, useNavigate } from "react-router-dom";
import { ApiError, api } from "../api/client";
import type { RecordData } from "../api/client";
import { useAuth } from "../auth/AuthContext";
import { useObject } from "../api/meta";
import { routeMissing } from "../shell/NotificationsBell";

export interface Match { id: string; score?: number; fields?: string[]; name?: string; object?: string }

/** Duplicate check (POST /duplicates/check); an empty list when the API is missing. */
export async function checkDuplicates(object: string, record: Record<string, unknown>): Promise<Match[]> {
  try {
    const res = await api<{ matches: Match[] }>("duplicates/check", { body: { object, record } });
    return res.matches ?? [];
  } catch (err) {
    if (routeMissing(err)) return [];
    throw err;
  }
}

export function useClaimRelease() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const qc = useQueryClient();
  return async (lead: RecordData, action: "claim" | "release", reason?: string) => {
    try {
      await api(`leads/${lead.id}/${action}`, { method: "POST",
        body: action === "release" && reason ? { reason } : undefined });
      message.success(action === "claim" ? t("lead.claimed") : t("lead.released"));
    } catch (err) {
      message.error((err as Error).message);
    }
    void qc.invalidateQueries({ queryKey: ["list", "leads"] });
    void qc.invalidateQueries({ queryKey: ["record", "leads", lead.id] });
    void qc.invalidateQueries({ queryKey: ["timeline"] });
  };
}

/** Returning a lead to the pool gives it away: confirm, and say why (kept as a note). */
function ReleaseDialog({ lead, onClose }: { lead: RecordData; onClose: () => void }) {
  const { t } = useTranslation();
  const claimRelease = useClaimRelease();
  const [form] = Form.useForm<{ reason: string }>();
  const [busy, setBusy] = useState(false);
  const ok = async () => {
    const values = await form.validateFields().catch(() => null);
    if (!values) return; // the form shows what is missing
    const { reason } = values;
    setBusy(true);
    await claimRelease(lead, "release", reason.trim());
    setBusy(false);
    onClose();
  };
  return (
    <Modal open title={t("flows.releaseTitle")} onCancel={onClose} onOk={() => void ok()} confirmLoading={busy}
      okText={t("flows.releaseOk")} okButtonProps={{ danger: true, ...({ "data-testid": "release-ok" } as Record<string, string>) }}>
      <Typography.Paragraph>{t("flows.releaseText")}</Typography.Paragraph>
      <Form form={form} layout="vertical" requiredMark={false}>
        <Form.Item name="reason" label={t("flows.releaseReason")}
          rules={[{ required: true, whitespace: true, message: t("flows.releaseReasonRequired") }]}>
          <Input.TextArea id="release-reason" rows={3} maxLength={500} autoFocus />
        </Form.Item>
      </Form>
    </Modal>
  );
}

export default function LeadActions({ lead }: { lead: RecordData }) {
  const { t } = useTranslation();
  const { me } = useAuth();
  const claimRelease = useClaimRelease();
  const [converting, setConverting] = useState(false);
  const [releasing, setReleasing] = useState(false);
  const converted = lead.status === "converted";
  return (
    <Space wrap>
      {!lead.owner_id && <Button onClick={() => void claimRelease(lead, "claim")}
        data-testid="lead-claim">{t("lead.claim")}</Button>}
      {lead.owner_id === me?.id && !converted && <Button onClick={() => setReleasing(true)}
        data-testid="lead-release">{t("lead.release")}</Button>}
      {!converted && <Button type="primary" icon={<SwapOutlined />} onClick={() => setConverting(true)}
        data-testid="lead-convert">{t("lead.convert")}</Button>}
      {converted && typeof lead.converted_account_id === "string" && (
        <Link to={`/o/accounts/${lead.converted_account_id}`}>{t("lead.openAccount")}</Link>
      )}
      {converting && <ConvertDialog lead={lead} onClose={() => setConverting(false)} />}
      {releasing && <ReleaseDialog lead={lead} onClose={() => setReleasing(false)} />}
    </Space>
  );
}

function ConvertDialog({ lead, onClose }: { lead: RecordData; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const qc = useQueryClient();
  const accountsMeta = useObject("accounts");
  const contactsMeta = useObject("contacts");
  const labels = (names: string[] | undefined, meta = accountsMeta) => (names ?? [])
    .map((n) => meta?.fields.find((f) => f.api_name === n)?.label ?? n).join(", ");
  const [matches, setMatches] = useState<Match[] | null>(null);
  const [contactMatches, setContactMatches] = useState<Match[]>([]);
  const [accountId, setAccountId] = useState<string | null>(null);
  const [contactId, setContactId] = useState<string | null>(null);
  const [blocked, setBlocked] = useState<string[] | null>(null); // a 409: duplicates found on save
  const [withDeal, setWithDeal] = useState(true);
  const [deal, setDeal] = useState({ name: `${lead.company ?? lead.name}`, amount: null as string | null,
    close_date: dayjs().add(30, "day").format("YYYY-MM-DD") });
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    // An exact match (score 1) is chosen by default: a new account would be refused as
    // its duplicate anyway. Fuzzy ones are offered, not chosen.
    const exact = (found: Match[]) => found.find((m) => (m.score ?? 0) >= 1)?.id ?? null;
    checkDuplicates("accounts", { name: lead.company ?? lead.name })
      .then((found) => { setMatches(found); setAccountId(exact(found)); }).catch(() => setMatches([]));
    checkDuplicates("contacts", { name: lead.name, mobile: lead.mobile, email: lead.email })
      .then((found) => { setContactMatches(found); setContactId(exact(found)); })
      .catch(() => setContactMatches([]));
  }, [lead]);

  const convert = async (allowDuplicate = false) => {
    if (busy) return;
    setBusy(true);
    setError(null);
    try {
      const body: Record<string, unknown> = {};
      if (accountId) body.account_id = accountId;
      if (contactId) body.contact_id = contactId;
      if (withDeal) body.opportunity = { name: deal.name, amount: deal.amount, close_date: deal.close_date };
      const res = await api<{ account_id: string; opportunity_id: string | null }>(
        `leads/${lead.id}/convert`, { body, query: allowDuplicate ? { allow_duplicate: true } : undefined });
      void qc.invalidateQueries();
      message.success(res.opportunity_id && withDeal ? t("flows.convertedWithDeal", { deal: deal.name })
        : t("flows.converted"));
      onClose();
      navigate(`/o/accounts/${res.account_id}`);
    } catch (err) {
      if (err instanceof ApiError && err.status === 409 && err.code !== "leads.already_converted") {
        setBlocked((err.problem?.errors ?? []).map((e) => e.message));
        setError(err.message);
      } else {
        setError(err instanceof ApiError ? [err.message, ...Object.values(err.fieldErrors)].join(" — ")
          : t("error.network"));
      }
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal open title={t("lead.convertTitle", { name: lead.name })} onCancel={onClose} onOk={() => void convert()}
      okText={t("lead.convert")} confirmLoading={busy} okButtonProps={{ "data-testid": "convert-ok" } as Record<string, string>}
      data-testid="convert-dialog">
      {error && <Alert type={blocked ? "warning" : "error"} showIcon message={error} style={{ marginBottom: 12 }}
        data-testid="convert-error" description={blocked && <>
          <ul style={{ paddingLeft: 18, margin: "4px 0" }}>{blocked.map((m, i) => <li key={i}>{m}</li>)}</ul>
          <Button size="small" onClick={() => void convert(true)} data-testid="convert-anyway">
            {t("lead.convertAnyway")}</Button></>} />}
      {matches && matches.length > 0 && (
        <Alert type="warning" showIcon style={{ marginBottom: 12 }} data-testid="convert-duplicates"
          message={accountId && matches.some((m) => m.id === accountId && (m.score ?? 0) >= 1)
            ? t("flows.exactMatch") : t("lead.duplicatesFound", { count: matches.length })}
          description={<Radio.Group value={accountId} onChange={(e) => setAccountId(e.target.value)}>
            <Space direction="vertical">
              <Radio value={null}>{t("lead.createNewAccount")}</Radio>
              {matches.map((m) => (
                <Radio key={m.id} value={m.id}>
                  {t("lead.useExisting")}: <Link to={`/o/accounts/${m.id}`} target="_blank">{m.name ?? m.id}</Link>
                  {m.fields?.length ? <Typography.Text type="secondary"> ({labels(m.fields)})</Typography.Text> : null}
                </Radio>
              ))}
            </Space>
          </Radio.Group>} />
      )}
      {contactMatches.length > 0 && (
        <Alert type="warning" showIcon style={{ marginBottom: 12 }} data-testid="convert-contact-duplicates"
          message={t("lead.contactDuplicatesFound", { count: contactMatches.length })}
          description={<Radio.Group value={contactId} onChange={(e) => setContactId(e.target.value)}>
            <Space direction="vertical">
              <Radio value={null}>{t("lead.createNewContact")}</Radio>
              {contactMatches.map((m) => (
                <Radio key={m.id} value={m.id}>{t("lead.useExisting")}: {m.name ?? m.id}
                  {m.fields?.length ? <Typography.Text type="secondary"> ({labels(m.fields, contactsMeta)})</Typography.Text> : null}
                </Radio>
              ))}
            </Space>
          </Radio.Group>} />
      )}
      <Typography.Paragraph>{t("lead.convertText")}</Typography.Paragraph>
      <Checkbox checked={withDeal} onChange={(e) => setWithDeal(e.target.checked)} style={{ marginBottom: 12 }}>
        {t("lead.createDeal")}</Checkbox>
      {withDeal && <Form layout="vertical">
        <Form.Item label={t("lead.dealName")} required>
          <Input value={deal.name} onChange={(e) => setDeal({ ...deal, name: e.target.value })}
            data-testid="convert-deal-name" />
        </Form.Item>
        <Form.Item label={t("lead.dealAmount")}>
          <InputNumber<string> stringMode precision={2} min="0" style={{ width: "100%" }} value={deal.amount}
            onChange={(v) => setDeal({ ...deal, amount: v })} data-testid="convert-deal-amount" />
        </Form.Item>
        <Form.Item label={t("lead.closeDate")}>
          <DatePicker style={{ width: "100%" }} value={dayjs(deal.close_date)} allowClear={false}
            onChange={(d) => d && setDeal({ ...deal, close_date: d.format("YYYY-MM-DD") })} />
        </Form.Item>
      </Form>}
    </Modal>
  );
}
