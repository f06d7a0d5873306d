// Save the report being built (POST /reports): a name and who may see it; a saved
// report can then feed a dashboard widget. It always runs with the viewer's own scope.
import { useState } from "react";
import { App, Modal } from "antd";
import { useQueryClient } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import { ApiError, api } from "../api/client";
import NameSharingForm from "./NameSharingForm";

export default function SaveReportDialog({ spec, view, onClose }: { spec: Record<string, unknown>; view: string;
  onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const qc = useQueryClient();
  const [name, setName] = useState("");
  const [sharing, setSharing] = useState("private");
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const save = async () => {
    if (!name.trim()) { setError(t("analytics.reportSave.nameRequired")); return; }
    setBusy(true);
    try {
      await api("reports", { body: { ...spec, name: name.trim(), sharing, chart: { view } } });
      await qc.invalidateQueries({ queryKey: ["reports", "saved"] });
      message.success(t("analytics.saved"));
      onClose();
    } catch (err) {
      setError(err instanceof ApiError ? Object.values(err.fieldErrors)[0] ?? err.message : (err as Error).message);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Modal open title={t("analytics.reportSave.title")} onCancel={onClose} onOk={() => void save()} confirmLoading={busy}
      okText={t("analytics.save")} okButtonProps={{ "data-testid": "report-save-ok" }}>
      <NameSharingForm name={name} sharing={sharing} error={error} testId="report-save-name"
        onName={(v) => { setName(v); setError(null); }} onSharing={setSharing} onSubmit={() => void save()} />
    </Modal>
  );
}
