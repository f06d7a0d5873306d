// Import wizard: choose the object and a CSV/XLSX file → map columns to fields → dry run
// with the row errors → import, following its progress (POST /imports, GET /imports/{id}).
import { useEffect, useState } from "react";
import { Alert, App, Button, Card, Checkbox, Input, Modal, Result, Select, Space, Statistic, Steps, Table, Typography,
  Upload, Progress } from "antd";
import { useQuery } from "@tanstack/react-query";
import { InboxOutlined } from "@ant-design/icons";
import { useTranslation } from "react-i18next";
import { Link } from "react-router-dom";
import { ApiError, api } from "../api/client";
import { useAuth } from "../auth/AuthContext";
import { editable, labelOf, useObjects } from "../api/meta";
import { csvHeader, decodeText, guessMapping } from "./importFile";
import { applySaved, importForm, savedMappingBody, type SavedMapping } from "./importForm";
import ImportPreview from "./ImportPreview";
import { allErrors, fieldTitle, type DateFormat, type ErrorsPage, type Preview, type RowError } from "./importPreview";
import type { FieldMeta } from "../api/meta";

interface ImportJob { id: string; status: "queued" | "running" | "done" | "failed"; total?: number;
  created?: number; updated?: number; unchanged?: number; failed?: number; progress?: number;
  dry_run?: boolean; errors?: RowError[]; errors_total?: number; first_passwords?: boolean;
  detail?: string }

function useImportJob(id: string | null) {
  const [job, setJob] = useState<ImportJob | null>(null);
  useEffect(() => {
    if (!id) { setJob(null); return; }
    let live = true;
    const poll = async () => {
      try {
        const j = await api<ImportJob>(`imports/${id}`);
        if (!live) return;
        setJob(j);
        if (j.status === "queued" || j.status === "running") setTimeout(poll, 700);
      } catch {
        if (live) setTimeout(poll, 2000); // keep following through a network hiccup
      }
    };
    void poll();
    return () => { live = false; };
  }, [id]);
  return job;
}

export default function ImportWizard() {
  const { t, i18n } = useTranslation();
  const { data: objects = [] } = useObjects();
  const [object, setObject] = useState("accounts");
  const [file, setFile] = useState<File | null>(null);
  const [headers, setHeaders] = useState<string[] | null>(null);
  const [mapping, setMapping] = useState<Record<string, string | null>>({});
  const [dryRunId, setDryRunId] = useState<string | null>(null);
  const [importId, setImportId] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [dateFormats, setDateFormats] = useState<Record<string, DateFormat>>({});
  const [preview, setPreview] = useState<Preview | null>(null);
  // An administrator's migration of deals keeps their dates and stage history (decision 0140).
  const { isAdmin } = useAuth();
  const [migration, setMigration] = useState(false);
  const [kind, setKind] = useState<"records" | "stage_history">("records");
  const canMigrate = isAdmin && object === "opportunities";
  const dry = useImportJob(dryRunId);
  const real = useImportJob(importId);
  const obj = objects.find((o) => o.api_name === object);
  const targets = (obj?.fields ?? []).filter((f) => editable(f) || f.api_name === "owner_id");
  const step = importId ? 3 : dryRunId ? 2 : headers || (file && !file.name.endsWith(".csv")) ? 1 : 0;
  const { message } = App.useApp();
  const saved = useQuery({ queryKey: ["import_mappings", object],
    queryFn: () => api<{ items: SavedMapping[] }>(`import_mappings?object=${encodeURIComponent(object)}`) });
  const [saving, setSaving] = useState(false);
  const [mappingName, setMappingName] = useState("");
  const pickSaved = (id: string) => {
    const found = saved.data?.items.find((m) => m.id === id);
    if (!found || !headers) return;
    const applied = applySaved(headers, found);
    setMapping(applied.mapping);
    setDateFormats(applied.dateFormats);
    setDryRunId(null);
    setPreview(null);
  };
  const saveMapping = async () => {
    try {
      await api("import_mappings", { body: savedMappingBody(mappingName, object, mapping, dateFormats) });
      message.success(t("importGuide.mappingSaved"));
      setSaving(false);
      setMappingName("");
      void saved.refetch();
    } catch (err) {
      showError(err);
      setSaving(false);
    }
  };

  const choose = async (f: File) => {
    setFile(f); setDryRunId(null); setImportId(null); setError(null); setPreview(null); setDateFormats({});
    if (f.name.toLowerCase().endsWith(".csv")) {
      const hs = csvHeader(decodeText(new Uint8Array(await f.slice(0, 64 * 1024).arrayBuffer())));
      setHeaders(hs);
      setMapping(guessMapping(hs, targets));
    } else {
      setHeaders(null); // XLSX: columns named like fields map themselves
      setMapping({});
    }
    return false;
  };
  const formOf = (dryRun: boolean, formats: Record<string, DateFormat> = dateFormats) => importForm({
    file: file as File, object, dryRun, mapping, migration: canMigrate && migration,
    kind: canMigrate ? kind : "records", dateFormats: formats });
  const showError = (err: unknown) => setError(err instanceof ApiError
    ? [err.message, ...Object.values(err.fieldErrors)].join(" — ") : t("error.network"));
  const runPreview = async (formats: Record<string, DateFormat> = dateFormats) => {
    if (!file || busy) return;
    setBusy(true);
    setError(null);
    try {
      setPreview(await api<Preview>("imports/preview", { body: formOf(true, formats) }));
    } catch (err) {
      showError(err);
    } finally {
      setBusy(false);
    }
  };
  const chooseFormat = (column: string, format: DateFormat) => {
    const formats = { ...dateFormats, [column]: format };
    setDateFormats(formats);
    setDryRunId(null);
    void runPreview(formats);
  };
  const start = async (dryRun: boolean) => {
    if (!file || busy) return;
    setBusy(true);
    setError(null);
    const form = formOf(dryRun);
    try {
      const { id } = await api<{ id: string }>("imports", { body: form });
      if (dryRun) setDryRunId(id); else setImportId(id);
    } catch (err) {
      showError(err);
    } finally {
      setBusy(false);
    }
  };

  return (
    <div data-testid="import-wizard">
      <div className="page-header"><Typography.Title level={3}>{t("import.title")}</Typography.Title></div>
      <Steps current={step} style={{ marginBottom: 16 }} items={[
        { title: t("import.stepFile") }, { title: t("import.stepMap") }, { title: t("import.stepCheck") },
        { title: t("import.stepImport") }]} />
      {error && <Alert type="error" showIcon message={error} style={{ marginBottom: 12 }} />}
      <Card size="small" style={{ marginBottom: 16 }}>
        <Space wrap style={{ marginBottom: 12 }}>
          <Typography.Text>{t("reports.object")}</Typography.Text>
          <Select style={{ width: 200 }} value={object} disabled={!!importId} showSearch optionFilterProp="label"
            data-testid="import-object"
            onChange={(v) => { setObject(v); setFile(null); setHeaders(null); setDryRunId(null); }}
            options={objects.filter((o) => o.permissions.includes("create"))
              .map((o) => ({ value: o.api_name, label: labelOf(o, i18n.language) }))} />
          {canMigrate && (<>
            <Typography.Text>{t("migration.kind")}</Typography.Text>
            <Select style={{ width: 280 }} value={kind} disabled={!!importId} data-testid="import-kind"
              onChange={(v) => { setKind(v); setDryRunId(null); }}
              options={[{ value: "records", label: t("migration.records") },
                { value: "stage_history", label: t("migration.stageHistory") }]} />
            {kind === "records" && (
              <Checkbox checked={migration} disabled={!!importId} data-testid="import-migration"
                onChange={(e) => { setMigration(e.target.checked); setDryRunId(null); }}>
                {t("migration.keep")}</Checkbox>)}
          </>)}
        </Space>
        {canMigrate && migration && kind === "records" && (
          <Typography.Paragraph type="secondary">{t("migration.keepHelp")}</Typography.Paragraph>)}
        <Upload.Dragger accept=".csv,.xlsx" maxCount={1} beforeUpload={(f) => { void choose(f); return false; }}
          showUploadList={false} disabled={!!importId}>
          <p className="ant-upload-drag-icon"><InboxOutlined /></p>
          <p>{file ? file.name : t("import.drop")}</p>
          <p className="ant-upload-hint">{t("import.hint")}</p>
        </Upload.Dragger>
      </Card>
      {headers && !importId && !(canMigrate && kind === "stage_history") && (
        <Card size="small" title={t("import.stepMap")} style={{ marginBottom: 16 }} extra={
          <Space wrap size={8}>
            {!!saved.data?.items.length && (
              <Select style={{ width: 200 }} placeholder={t("importGuide.useSaved")} value={null}
                data-testid="import-saved-mappings" onChange={(id: string) => pickSaved(id)}
                options={saved.data.items.map((m) => ({ value: m.id, label: m.name }))} />)}
            <Button size="small" onClick={() => setSaving(true)} data-testid="import-save-mapping"
              disabled={!Object.values(mapping).some(Boolean)}>{t("importGuide.saveMapping")}</Button>
          </Space>}>
          <Table size="small" rowKey={(h) => h} pagination={false} dataSource={headers} columns={[
            { key: "c", title: t("import.column"), render: (_, h) => <Typography.Text code>{h}</Typography.Text> },
            { key: "f", title: t("import.field"), render: (_, h) => (
              <Select style={{ width: 220 }} allowClear placeholder={t("import.skip")} value={mapping[h]}
                onChange={(v) => { setMapping({ ...mapping, [h]: v ?? null }); setDryRunId(null); setPreview(null); }}
                showSearch optionFilterProp="label"
                options={targets.map((f) => ({ value: f.api_name, label: labelOf(f, i18n.language) }))} />) },
          ]} />
        </Card>
      )}
      <Modal open={saving} title={t("importGuide.saveMapping")} onCancel={() => setSaving(false)}
        onOk={() => void saveMapping()} okButtonProps={{ disabled: !mappingName.trim() }}>
        <Typography.Paragraph type="secondary">{t("importGuide.saveMappingHelp")}</Typography.Paragraph>
        <Input value={mappingName} maxLength={100} placeholder={t("importGuide.mappingName")}
          onChange={(e) => setMappingName(e.target.value)} data-testid="import-mapping-name" />
      </Modal>
      {preview && !importId && <ImportPreview preview={preview} formats={dateFormats} onFormat={chooseFormat}
        fields={obj?.fields ?? []} />}
      {file && !importId && (
        <Space style={{ marginBottom: 16 }}>
          {!(canMigrate && kind === "stage_history") && (
            <Button onClick={() => void runPreview()} data-testid="import-preview-button">
              {t("importGuide.preview")}</Button>)}
          <Button onClick={() => void start(true)} loading={busy && !dryRunId}>{t("import.check")}</Button>
          <Button type="primary" disabled={!dry || dry.status !== "done"} onClick={() => void start(false)}>
            {t("import.run")}</Button>
        </Space>
      )}
      {dry && !importId && <JobReport job={dry} dryRun fields={obj?.fields ?? []} />}
      {real && <JobReport job={real} fields={obj?.fields ?? []} />}
      {real?.status === "done" && <Link to={`/o/${object}`}>{t("import.openList")}</Link>}
    </div>
  );
}

function JobReport({ job, dryRun, fields }: { job: ImportJob; dryRun?: boolean; fields: FieldMeta[] }) {
  const { t, i18n } = useTranslation();
  const running = job.status === "queued" || job.status === "running";
  const [every, setEvery] = useState<RowError[] | null>(null);
  const [loading, setLoading] = useState(false);
  const total = job.errors_total ?? job.errors?.length ?? 0;
  const errors = every ?? job.errors ?? [];
  const loadAll = async () => {
    setLoading(true);
    try {
      setEvery(await allErrors((offset) => api<ErrorsPage>(`imports/${job.id}/errors?offset=${offset}`),
        job.errors ?? [], total));
    } finally {
      setLoading(false);
    }
  };
  if (job.status === "failed") return <Result status="error" title={t("import.failed")} subTitle={job.detail} />;
  return (
    <Card size="small" title={dryRun ? t("import.checkResult") : t("import.result")} style={{ marginBottom: 16 }}
      data-testid={dryRun ? "import-dry-run" : "import-result"}>
      {running && <Progress percent={Math.round((job.progress ?? 0) * 100)} status="active" />}
      <div className="stat-cards">
        <Statistic title={t("import.total")} value={job.total ?? 0} />
        <Statistic title={dryRun ? t("import.wouldCreate") : t("import.created")} value={job.created ?? 0} />
        <Statistic title={t("import.updated")} value={job.updated ?? 0} />
        <Statistic title={t("importGuide.unchanged")} value={job.unchanged ?? 0} />
        <Statistic title={t("import.failedRows")} value={job.failed ?? 0}
          valueStyle={job.failed ? { color: "#cf1322" } : undefined} />
      </div>
      {job.first_passwords && !dryRun && (
        <Alert type="warning" showIcon style={{ margin: "12px 0" }} message={
          <a href={`/api/v1/imports/${job.id}/passwords.csv`} data-testid="import-passwords">
            {t("importGuide.passwords")}</a>} description={t("importGuide.passwordsHelp")} />)}
      {!!errors.length && (
        <>
          {!running && errors.length < total && (
            <Button size="small" loading={loading} onClick={() => void loadAll()} style={{ marginBottom: 8 }}
              data-testid="import-all-errors">
              {loading ? t("importGuide.loadingErrors") : t("importGuide.allErrors", { total })}</Button>)}
          <Table size="small" rowKey={(e, i) => `${e.row}-${e.field}-${i}`} dataSource={errors}
            pagination={{ pageSize: 10 }} columns={[
              { key: "r", title: t("import.row"), dataIndex: "row", width: 64 },
              { key: "f", title: t("import.field"),
                render: (_, e) => fieldTitle(fields, e.field, e.column, i18n.language) },
              { key: "m", title: t("import.message"), dataIndex: "message" },
            ]} />
          <a href={`/api/v1/imports/${job.id}/errors.csv`}>{t("import.errorsCsv")}</a>
        </>
      )}
    </Card>
  );
}
