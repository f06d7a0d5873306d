// Follow-up in two taps: pick what happened (call, visit, …), then Save. Notes are
// optional. Check-in adds the phone's location (browser geolocation) and an address.
import { useState } from "react";
import { App, Button, Input, Popover, Space, Typography } from "antd";
import { EnvironmentOutlined, MessageOutlined, PhoneOutlined, TeamOutlined,
  FileTextOutlined } from "@ant-design/icons";
import { useQueryClient } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import { api } from "../api/client";
import { useObject } from "../api/meta";

const KINDS = [
  { kind: "call", icon: <PhoneOutlined /> },
  { kind: "visit", icon: <TeamOutlined /> },
  { kind: "meeting", icon: <MessageOutlined /> },
  { kind: "note", icon: <FileTextOutlined /> },
];

export interface Position { latitude: number; longitude: number; accuracy?: number }

/** The browser's position, as a promise; rejects with a message the user can act on. */
export function currentPosition(t: (k: string) => string): Promise<Position> {
  return new Promise((resolve, reject) => {
    if (!navigator.geolocation) { reject(new Error(t("checkin.unsupported"))); return; }
    navigator.geolocation.getCurrentPosition(
      (p) => resolve({ latitude: p.coords.latitude, longitude: p.coords.longitude,
        accuracy: p.coords.accuracy }),
      (e) => reject(new Error(e.code === e.PERMISSION_DENIED ? t("checkin.denied")
        : t("checkin.unavailable"))),
      { enableHighAccuracy: true, timeout: 15_000, maximumAge: 60_000 });
  });
}

export function formatPosition(p: Position): string {
  const ns = p.latitude >= 0 ? "N" : "S";
  const ew = p.longitude >= 0 ? "E" : "W";
  return `${Math.abs(p.latitude).toFixed(5)}°${ns}, ${Math.abs(p.longitude).toFixed(5)}°${ew}`;
}

interface Props { relatedType: string; relatedId: string; defaultAddress?: string | null }

export default function FollowUp({ relatedType, relatedId, defaultAddress }: Props) {
  const { t } = useTranslation();
  const activities = useObject("activities");
  if (!activities?.permissions.includes("create")) return null;
  return (
    <Space wrap data-testid="follow-up">
      {KINDS.map((k) => <QuickLog key={k.kind} kind={k.kind} icon={k.icon}
        relatedType={relatedType} relatedId={relatedId} />)}
      <CheckIn relatedType={relatedType} relatedId={relatedId} defaultAddress={defaultAddress} />
      <Typography.Text type="secondary" className="hide-mobile">{t("followUp.hint")}</Typography.Text>
    </Space>
  );
}

function useLogActivity(relatedType: string, relatedId: string) {
  const qc = useQueryClient();
  const { message } = App.useApp();
  const { t } = useTranslation();
  return async (body: Record<string, unknown>) => {
    await api("activities", { body: { related_type: relatedType, related_id: relatedId,
      occurred_at: new Date().toISOString(), ...body } });
    message.success(t("followUp.logged"));
    void qc.invalidateQueries({ queryKey: ["timeline"] });
    void qc.invalidateQueries({ queryKey: ["overview"] });
    void qc.invalidateQueries({ queryKey: ["list", "activities"] });
  };
}

function QuickLog({ kind, icon, relatedType, relatedId }: { kind: string; icon: React.ReactNode;
  relatedType: string; relatedId: string }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [open, setOpen] = useState(false);
  const [content, setContent] = useState("");
  const [busy, setBusy] = useState(false);
  const log = useLogActivity(relatedType, relatedId);
  const save = async () => {
    if (busy) return;
    setBusy(true);
    try {
      await log({ kind, content: content.trim() || t(`followUp.default.${kind}`) });
      setContent("");
      setOpen(false);
    } catch (err) {
      message.error((err as Error).message); // keep the note so nothing typed is lost
    } finally {
      setBusy(false);
    }
  };
  return (
    <Popover open={open} onOpenChange={setOpen} trigger="click" title={t(`pick.kind.${kind}`)}
      content={<div style={{ width: 260 }}>
        <Input.TextArea rows={3} value={content} onChange={(e) => setContent(e.target.value)}
          placeholder={t("followUp.notePlaceholder")} maxLength={4000} />
        <Button type="primary" block style={{ marginTop: 8 }} loading={busy} onClick={save}
          data-testid={`follow-up-save-${kind}`}>{t("common.save")}</Button>
      </div>}>
      <Button icon={icon} data-testid={`follow-up-${kind}`}>{t(`pick.kind.${kind}`)}</Button>
    </Popover>
  );
}

function CheckIn({ relatedType, relatedId, defaultAddress }: Props) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [open, setOpen] = useState(false);
  const [pos, setPos] = useState<Position | null>(null);
  const [address, setAddress] = useState(defaultAddress ?? "");
  const [locating, setLocating] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const log = useLogActivity(relatedType, relatedId);
  const locate = async () => {
    setOpen(true);
    setLocating(true);
    setError(null);
    try { setPos(await currentPosition(t)); } catch (err) { setError((err as Error).message); }
    finally { setLocating(false); }
  };
  const save = async () => {
    if (!pos || busy) return;
    setBusy(true);
    try {
      await log({ kind: "checkin", latitude: pos.latitude.toFixed(6),
        longitude: pos.longitude.toFixed(6), address: address.trim() || formatPosition(pos),
        content: t("checkin.content", { address: address.trim() || formatPosition(pos) }) });
      setOpen(false);
    } catch (err) {
      message.error((err as Error).message);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Popover open={open} onOpenChange={(o) => { if (!o) setOpen(false); }} trigger="click"
      title={t("checkin.title")} content={<div style={{ width: 280 }} data-testid="checkin-panel">
        {locating && <Typography.Text>{t("checkin.locating")}</Typography.Text>}
        {error && <Typography.Text type="danger">{error}</Typography.Text>}
        {pos && <>
          <Typography.Paragraph style={{ marginBottom: 8 }}>
            <EnvironmentOutlined /> {formatPosition(pos)}
            {pos.accuracy ? ` (±${Math.round(pos.accuracy)} m)` : ""}
          </Typography.Paragraph>
          <Input value={address} onChange={(e) => setAddress(e.target.value)}
            placeholder={t("checkin.address")} maxLength={500} />
          <Button type="primary" block style={{ marginTop: 8 }} loading={busy} onClick={save}
            data-testid="checkin-save">{t("checkin.save")}</Button>
        </>}
        {error && <Button block style={{ marginTop: 8 }} onClick={locate}>{t("common.retry")}</Button>}
      </div>}>
      <Button icon={<EnvironmentOutlined />} onClick={locate} data-testid="checkin">
        {t("checkin.button")}</Button>
    </Popover>
  );
}
