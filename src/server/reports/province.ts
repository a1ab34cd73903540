import ExcelJS from 'exceljs';
import type { ExportT } from './i18n.ts';
import { CodedError } from '../../core/errors.ts';
import { addDaysIso, localDate, shiftPeriod, type Period } from '../../core/report/period.ts';
import { assembleProvince, type ProvinceReport } from '../../core/report/province.ts';
import { bandKey, round1 } from '../../core/report/rows.ts';
import { exportT, fmtDate, fmtDateTime, type ExportLang } from './i18n.ts';
import { talliesReport, type ReportStore } from './queries.ts';
import { neutralise } from './safe-cell.ts';
import { getReportText } from './texts.ts';
import { appendixCells, appendixHeader, csvBytes, writeAppendixSheet, type CsvDecimal } from './appendix-sheet.ts';
import { loadIndicatorMap, loadProvinceTargets } from './province-setup.ts';
import { changedSince, provinceAppendixRows } from '../../core/report/appendix.ts';
import { communeAppendix, firstSubmissions, latestSubmission } from './submissions.ts';

// GET /api/reports/province: every (not retired) commune of the province with its figures for the period and the
// previous one, ranked per indicator; and its export. Each commune's figures are its own report's (the same
// rollups and as-of figures its officer reads), so the two never disagree.
export const provinceReport = async (store: ReportStore, provinceId: string, period: Period, now: number): Promise<ProvinceReport> => {
  const { db } = store;
  const province = await db.selectFrom('provinces').select(['id', 'name']).where('id', '=', provinceId).executeTakeFirst();
  if (!province) throw new CodedError('not-found', 'no such province');
  const communes = await db.selectFrom('communes').select(['id']).where('province_id', '=', provinceId).where('retired', '=', 0).execute();
  const ids = communes.map((c) => c.id);
  const previous = shiftPeriod(period, -1);
  const [teams, members] = await Promise.all([
    ids.length ? db.selectFrom('teams').select((eb) => ['commune_id', eb.fn.countAll<number>().as('n')]).where('commune_id', 'in', ids).groupBy('commune_id').execute() : [],
    ids.length
      ? db
          .selectFrom('members')
          .select((eb) => ['commune_id', eb.fn.countAll<number>().as('n')])
          .where('commune_id', 'in', ids)
          .where('role', 'in', ['member', 'leader'])
          .where('disabled_at', 'is', null)
          .groupBy('commune_id')
          .execute()
      : [],
  ]);
  const count = (rows: readonly { commune_id: string | null; n: unknown }[], id: string) => Number(rows.find((r) => r.commune_id === id)?.n ?? 0);
  // One commune at a time: each brings its own rollups up to date first, and the writes are the database's.
  const reports = [];
  const firsts = await firstSubmissions(db, ids, period);
  for (const id of ids) {
    const [report, prev, text] = await Promise.all([talliesReport(store, id, period, now), talliesReport(store, id, previous, now), getReportText(db, id, period.key)]);
    const first = firsts.get(id);
    let submission = null;
    if (first) {
      const last = (await latestSubmission(db, id, period))!;
      const changed = changedSince(last.snapshot.rows, await communeAppendix(db, report)).length;
      submission = { firstAt: first.submittedAt, onTime: first.onTime, lastAt: last.submittedAt, lastBy: last.submittedBy, changed };
    }
    reports.push({ report, previous: prev, extras: { teams: count(teams, id), faintTeams: 0, members: count(members, id), difficulties: text.difficulties, proposals: text.proposals, submission } });
  }
  // After every commune's report: their rollups are up to date.
  const faint = await faintTeams(db, ids, now);
  for (const r of reports) r.extras.faintTeams = faint.get(r.report.commune.id) ?? 0;
  const [mapping, targets] = await Promise.all([loadIndicatorMap(db, provinceId), loadProvinceTargets(db, provinceId)]);
  const year = Number(period.to.slice(0, 4));
  const provinceTargets = new Map<string, number>();
  for (const t of targets) if (t.year === year && (t.thisYear ?? t.scheme) !== null) provinceTargets.set(t.itemId, (t.thisYear ?? t.scheme)!);
  const r = assembleProvince({ province, period, previous, now, reports, provinceTargets });
  r.appendix = provinceAppendixRows({ items: r.items, cells: r.total.cells, year: Number(period.to.slice(0, 4)), targets, mapping, lang: 'vi' });
  return r;
};

type Cell = string | number | null;

// Faint teams per commune: teams none of whose (not disabled) members logged a visit or a group session in the last
// 30 days, as the team activity screen counts them (src/server/reports/activity.ts), in two queries for the province.
// Read after each commune's report has brought its rollups up to date.
const faintTeams = async (db: ReportStore['db'], ids: readonly string[], now: number): Promise<Map<string, number>> => {
  const out = new Map<string, number>();
  if (!ids.length) return out;
  const today = localDate(now);
  const d30 = addDaysIso(today, -29);
  const [teams, active] = await Promise.all([
    db.selectFrom('teams').select(['id', 'commune_id']).where('commune_id', 'in', ids).execute(),
    db
      .selectFrom('report_activity')
      .innerJoin('members', 'members.id', 'report_activity.member_id')
      .select('members.team_id as team_id')
      .distinct()
      .where('report_activity.commune_id', 'in', ids)
      .where('report_activity.day', '>=', d30)
      .where('report_activity.day', '<=', today)
      .where((eb) => eb.or([eb('report_activity.visits', '>', 0), eb('report_activity.sessions', '>', 0)]))
      .where('members.disabled_at', 'is', null)
      .execute(),
  ]);
  const busy = new Set(active.map((a) => a.team_id));
  for (const t of teams) if (!busy.has(t.id)) out.set(t.commune_id, (out.get(t.commune_id) ?? 0) + 1);
  return out;
};

const itemLabel = (r: ProvinceReport, itemId: string, lang: ExportLang) => {
  const label = r.items.find((i) => i.id === itemId)?.label as Record<string, string> | undefined;
  return label?.[lang] ?? label?.vi ?? itemId;
};

// Province row per indicator, then every commune × indicator, the ranking and the communes' texts.
export const provinceTables = (r: ProvinceReport, t: ExportT, lang: ExportLang) => {
  const head = [t('province.col.indicator'), t('export.col.unit'), t('province.col.numerator'), t('province.col.denominator'), t('export.col.result'), t('export.col.target'), t('export.col.ofTarget'), t('export.col.band'), t('province.col.previous')];
  const cells = (c: ProvinceReport['total']['cells'][number]): Cell[] => [
    c.numerator,
    c.denominator,
    round1(c.pct),
    c.target,
    round1(c.ofTarget),
    t(bandKey(c.band)),
    round1(c.previousPct),
  ];
  const province = r.total.cells.map((c, i): Cell[] => [i + 1, itemLabel(r, c.itemId, lang), t('export.percentUnit'), ...cells(c)]);
  const communes: Cell[][] = [];
  for (const cm of r.communes) for (const c of cm.cells) communes.push([cm.name, itemLabel(r, c.itemId, lang), t('export.percentUnit'), ...cells(c), c.rank]);
  const ranking: Cell[][] = [];
  r.items.forEach((item, k) => {
    const ranked = [...r.communes].sort((a, b) => (a.cells[k].rank ?? 1e9) - (b.cells[k].rank ?? 1e9));
    for (const cm of ranked) ranking.push([itemLabel(r, item.id, lang), cm.cells[k].rank, cm.name, round1(cm.cells[k].pct), t(bandKey(cm.cells[k].band))]);
  });
  const bands = (b: ProvinceReport['total']['bands']) => [b.met, b['above-80'], b['50-80'], b['below-50'], b.none];
  const teamRows: Cell[][] = r.communes.map((cm) => [cm.name, ...bands(cm.bands), cm.households, cm.residents, cm.visits, cm.teams, cm.faintTeams, cm.members, cm.villagesCovered, cm.villages, cm.freshness.devices - cm.freshness.staleDevices, cm.freshness.staleDevices, cm.late?.count ?? 0]);
  teamRows.push([t('export.total'), ...bands(r.total.bands), r.total.households, r.total.residents, r.total.visits, r.total.teams, r.total.faintTeams, r.total.members, r.total.villagesCovered, r.total.villages, r.total.freshness.devices - r.total.freshness.staleDevices, r.total.freshness.staleDevices, null]);
  return {
    province: { header: [t('export.col.no'), ...head], rows: province },
    communes: { header: [t('province.col.commune'), ...head, t('province.col.rank')], rows: communes },
    ranking: { header: [t('province.col.indicator'), t('province.col.rank'), t('province.col.commune'), t('export.col.result'), t('export.col.band')], rows: ranking },
    teams: {
      header: [
        t('province.col.commune'),
        t('band.met'),
        t('band.above-80'),
        t('band.50-80'),
        t('band.below-50'),
        t('band.none'),
        t('export.col.households'),
        t('export.col.residents'),
        t('export.col.visits'),
        t('province.col.teams'),
        t('province.col.faintTeams'),
        t('province.col.members'),
        t('province.col.villagesCovered'),
        t('province.col.villages'),
        t('province.col.activeDevices'),
        t('province.col.silentDevices'),
        t('province.col.late'),
      ],
      rows: teamRows,
    },
    texts: { header: [t('province.col.commune'), t('province.col.difficulties'), t('province.col.proposals')], rows: r.communes.map((cm): Cell[] => [cm.name, cm.difficulties, cm.proposals]) },
    submissions: {
      header: [t('province.col.commune'), t('province.col.firstSubmitted'), t('province.col.onTime', { date: r.dueOn ? fmtDate(lang, r.dueOn) : '' }), t('province.col.lastSubmitted'), t('province.col.submittedBy'), t('province.col.changedSince')],
      rows: r.communes.map((cm): Cell[] => {
        const s = cm.submission;
        if (!s) return [cm.name, t('province.notSubmitted'), '', '', '', ''];
        return [cm.name, fmtDateTime(lang, s.firstAt), s.onTime === null ? '' : s.onTime ? t('export.yes') : t('export.no'), fmtDateTime(lang, s.lastAt), s.lastBy ?? '', s.changed];
      }),
    },
  };
};

export const writeProvinceXlsx = async (r: ProvinceReport, lang: ExportLang, now: number): Promise<Buffer> => {
  const t = exportT(lang);
  const tables = provinceTables(r, t, lang);
  const wb = new ExcelJS.Workbook();
  wb.creator = 'Từng Nhà';
  const title = [
    t('province.title', { province: r.province.name }),
    t('export.periodLine', { period: r.period.key, from: fmtDate(lang, r.period.from), to: fmtDate(lang, r.period.to) }),
    t('export.generatedLine', { when: fmtDateTime(lang, now) }),
  ];
  const year = Number(r.period.to.slice(0, 4));
  const appendix = r.appendix ?? provinceAppendixRows({ items: r.items, cells: r.total.cells, year, targets: [], mapping: [], lang });
  const submitted = r.communes.filter((c) => c.submission).length;
  const onTime = r.communes.filter((c) => c.submission?.onTime).length;
  const changed = r.communes.filter((c) => c.submission && c.submission.changed > 0).length;
  writeAppendixSheet(wb, {
    name: t('appendix.sheet'),
    title: [t('appendix.title'), t('appendix.subtitle'), t('appendix.provinceLine', { province: r.province.name }), ...title.slice(1)],
    notes: [
      t('appendix.provinceSubmitted', { submitted, total: r.communes.length, onTime, date: r.dueOn ? fmtDate(lang, r.dueOn) : '' }),
      ...(changed ? [t('appendix.provinceChanged', { count: changed })] : []),
      t('appendix.note'),
    ],
    rows: appendix,
    year,
    t,
  });
  const sheets: [string, { header: string[]; rows: Cell[][] }][] = [
    [t('province.sheet.province'), tables.province],
    [t('province.sheet.communes'), tables.communes],
    [t('province.sheet.ranking'), tables.ranking],
    [t('province.sheet.teams'), tables.teams],
    [t('province.sheet.texts'), tables.texts],
    [t('province.sheet.submissions'), tables.submissions],
  ];
  for (const [name, table] of sheets) {
    const ws = wb.addWorksheet(name.slice(0, 31));
    for (const line of title) ws.addRow([neutralise(line)]);
    ws.addRow([]);
    const h = ws.addRow(table.header.map(neutralise));
    h.font = { bold: true };
    for (const row of table.rows) ws.addRow(row.map((c) => (typeof c === 'string' ? neutralise(c) : c)));
    ws.columns.forEach((col, i) => (col.width = i === 0 ? 28 : i === 1 && name === t('province.sheet.communes') ? 40 : 16));
  }
  return Buffer.from(await wb.xlsx.writeBuffer());
};

// CSV: every commune × indicator by default; with table: 'appendix', the province's appendix rows. decimal:
// 'comma' writes Vietnamese decimal commas with semicolons between cells (src/server/reports/appendix-sheet.ts).
export const writeProvinceCsv = (r: ProvinceReport, lang: ExportLang, opts: { decimal?: CsvDecimal; table?: 'communes' | 'appendix' } = {}): Buffer => {
  const t = exportT(lang);
  if (opts.table === 'appendix') {
    const year = Number(r.period.to.slice(0, 4));
    const rows = r.appendix ?? provinceAppendixRows({ items: r.items, cells: r.total.cells, year, targets: [], mapping: [], lang });
    return csvBytes(appendixHeader(t, year), rows.map((x) => appendixCells(x, t)), opts.decimal);
  }
  const table = provinceTables(r, t, lang).communes;
  return csvBytes(table.header, table.rows, opts.decimal);
};
