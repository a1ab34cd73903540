import { useState } from 'preact/hooks';
import type { TalliesReport } from '../../../core/report/shapes.ts';
import { useT } from '../../i18n/i18n.ts';
import { downloadReport } from './export.ts';

// "Xuất báo cáo": the periodic report as a file, written in the page from the figures on screen.
export const ExportButton = ({ report, onExported }: { report: TalliesReport | undefined; onExported: () => void }) => {
  const t = useT('demo');
  const [saved, setSaved] = useState<string>();
  return (
    <>
      <button
        type="button"
        class="btn primary"
        id="demo-export"
        disabled={!report}
        onClick={() => {
          if (!report) return;
          setSaved(downloadReport(report));
          onExported();
        }}
      >
        {t('dash.export')}
      </button>
      {saved && (
        <p class="ds-saved" role="status">
          {t('dash.saved', { file: saved })}
        </p>
      )}
    </>
  );
};

// The walkthrough's export step: what the file is, and the button.
export const ExportPanel = ({ report, onExported }: { report: TalliesReport | undefined; onExported: () => void }) => {
  const t = useT('demo');
  return (
    <section class="ds-panel ds-export" aria-labelledby="ds-export-title">
      <h2 id="ds-export-title">{t('exportPanel.title', { commune: report?.commune.name ?? '' })}</h2>
      <p class="ds-export-count">
        <strong data-figure>{report ? report.items.length : '—'}</strong> {t('exportPanel.count', { count: report?.items.length ?? 0 })}
      </p>
      <p class="ds-hint">{t('exportPanel.body')}</p>
      <ExportButton report={report} onExported={onExported} />
    </section>
  );
};
