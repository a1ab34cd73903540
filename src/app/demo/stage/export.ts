import { reportCsv } from '../../../core/demo/report-csv.ts';
import type { TalliesReport } from '../../../core/report/shapes.ts';
import { formatDateTime } from '../../i18n/format.ts';
import { checkedKey, currentLang, i18n } from '../../i18n/i18n.ts';

// "Xuất báo cáo": the periodic report's CSV, written in the page from the figures on screen, saved as a download.
export const reportFileName = (r: TalliesReport): string => `bao-cao-trinh-dien-${r.period.key}.csv`;

export const downloadReport = (r: TalliesReport): string => {
  const t = i18n.getFixedT(null, 'officer');
  const date = (iso: string) => `${iso.slice(8, 10)}/${iso.slice(5, 7)}/${iso.slice(0, 4)}`;
  const text = reportCsv(r, (k, p) => t(checkedKey(k), p), { date, dateTime: formatDateTime, lang: currentLang() });
  return download(new Blob([text], { type: 'text/csv;charset=utf-8' }), reportFileName(r));
};

export const download = (blob: Blob, name: string): string => {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
  return name;
};
