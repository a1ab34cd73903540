import { useEffect, useState } from 'preact/hooks';
import type { Target } from '../../../core/model/people.ts';
import type { TalliesReport } from '../../../core/report/shapes.ts';
import { formatNumber } from '../../i18n/format.ts';
import { useT } from '../../i18n/i18n.ts';
import { download, downloadReport } from './export.ts';

// "Xuất báo cáo": the periodic report as a file, written in the page from the figures on screen — the
// appendix-shaped XLSX (by a Web Worker, loaded on the first press) and the long CSV.
type Props = { report: TalliesReport | undefined; targets: readonly Target[]; onExported: () => void };

const warm = () => void import('../xlsx/report-xlsx.ts').then((m) => m.warmXlsx(), () => undefined);

export const ExportButton = ({ report, targets, onExported, warmNow }: Props & { warmNow?: boolean }) => {
  useEffect(() => {
    if (!warmNow) return;
    const id = setTimeout(warm, 300);
    return () => clearTimeout(id);
  }, [warmNow]);
  const t = useT('demo');
  const [saved, setSaved] = useState<{ file: string; ms?: number; workerMs?: number }>();
  const [busy, setBusy] = useState(false);
  const [failed, setFailed] = useState(false);
  const xlsx = async () => {
    if (!report || busy) return;
    setBusy(true);
    setFailed(false);
    try {
      const started = performance.now();
      const { buildReportXlsx } = await import('../xlsx/report-xlsx.ts');
      const { blob, name, ms } = await buildReportXlsx(report, targets);
      download(blob, name);
      setSaved({ file: name, ms: performance.now() - started, workerMs: ms });
      onExported();
    } catch {
      setFailed(true);
    } finally {
      setBusy(false);
    }
  };
  return (
    <>
      <span class="ds-export-buttons">
        <button
          type="button"
          class="btn primary"
          id="demo-export"
          disabled={!report || busy}
          aria-busy={busy}
          onPointerEnter={warm}
          onFocus={warm}
          onClick={() => void xlsx()}
        >
          {busy ? t('dash.exporting') : t('dash.exportXlsx')}
        </button>
        <button
          type="button"
          class="btn"
          id="demo-export-csv"
          disabled={!report}
          onClick={() => {
            if (!report) return;
            setSaved({ file: downloadReport(report) });
            onExported();
          }}
        >
          {t('dash.export')}
        </button>
      </span>
      {saved && (
        <p class="ds-saved" role="status" data-ms={saved.ms?.toFixed(0)} data-worker-ms={saved.workerMs?.toFixed(0)}>
          {saved.ms === undefined ? t('dash.saved', { file: saved.file }) : t('dash.savedIn', { file: saved.file, seconds: formatNumber(saved.ms / 1000, 1) })}
        </p>
      )}
      {failed && (
        <p class="ds-error" role="alert">
          {t('dash.exportFailed')}
        </p>
      )}
    </>
  );
};

// The walkthrough's export step: what the file is, and the buttons.
export const ExportPanel = ({ report, targets, onExported }: Props) => {
  const t = useT('demo');
  return (
    <section class="ds-panel ds-export" aria-labelledby="ds-export-title">
      <h2 id="ds-export-title">{t('exportPanel.title', { commune: report?.commune.name ?? '' })}</h2>
      <p class="ds-export-count">
        <strong data-figure>{report ? report.items.length : '—'}</strong> {t('exportPanel.count', { count: report?.items.length ?? 0 })}
      </p>
      <p class="ds-hint">{t('exportPanel.body')}</p>
      <ExportButton report={report} targets={targets} onExported={onExported} warmNow />
    </section>
  );
};
