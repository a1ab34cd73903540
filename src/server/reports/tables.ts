import type { ProcedureField, SessionKind } from '../../core/model/enums.ts';
import type { ExportT } from './i18n.ts';
import type { CatalogueItem } from '../../core/model/checklist.ts';
import { periodText } from '../../core/report/period.ts';
import { bandKey, COMMUNE_ROW, round1, ruleText, type IndicatorRow } from '../../core/report/rows.ts';
import type { ExportInput, MemberActivity, VillageReport } from '../../core/report/shapes.ts';
import { fmtDate, fmtDateTime, type ExportLang } from './i18n.ts';

// The periodic report as plain tables (header + rows of text or numbers), written by both the XLSX and the CSV
// writer, so the two files always say the same thing. Text is neutralised by the writers, not here.
export type Cell = string | number | null;
export type Table = { header: string[]; rows: Cell[][]; widths: number[]; percentCols?: number[] };

export type Ctx = { input: ExportInput; t: ExportT; lang: ExportLang };

export const periodName = ({ input, t, lang }: Ctx): string => {
  const { key, params } = periodText(input.tallies.period, (iso) => fmtDate(lang, iso));
  return t(key, params);
};

export const titleLines = (ctx: Ctx): string[] => {
  const { input, t, lang } = ctx;
  const { tallies } = input;
  return [
    t('export.title'),
    t('export.unitLine', { commune: tallies.commune.name, province: tallies.commune.provinceName }),
    t('export.periodLine', { period: periodName(ctx), from: fmtDate(lang, tallies.period.from), to: fmtDate(lang, tallies.period.to) }),
    t('export.asOfLine', { when: fmtDateTime(lang, tallies.asOf) }),
    ...(tallies.late?.count ? [t('export.lateLine', { count: tallies.late.count, when: tallies.late.lastAt === null ? '' : fmtDateTime(lang, tallies.late.lastAt) })] : []),
  ];
};

const label = (item: CatalogueItem | undefined, lang: ExportLang, fallback: string) => item?.label[lang] ?? fallback;
const eligible = (t: ExportT, item: CatalogueItem | undefined) => {
  if (!item) return '';
  const r = ruleText(item.rule);
  return t(r.key, r.params);
};
const when = (lang: ExportLang, t: ExportT, ms: number | null) => (ms === null ? t('export.never') : fmtDateTime(lang, ms));

// Text that repeats on every row (an item's name and who it counts, a band's words), worked out once per report.
const memo = new WeakMap<Ctx, Map<string, string>>();
const once = (ctx: Ctx, key: string, make: () => string): string => {
  let m = memo.get(ctx);
  if (!m) memo.set(ctx, (m = new Map()));
  let v = m.get(key);
  if (v === undefined) m.set(key, (v = make()));
  return v;
};

// One indicator row in the provincial appendix shape.
const appendixCells = (ctx: Ctx, r: IndicatorRow, asOf: string): Cell[] => {
  const { t, lang, input } = ctx;
  const item = () => input.tallies.items.find((i) => i.id === r.itemId);
  return [
    once(ctx, `label|${r.itemId}`, () => label(item(), lang, r.itemId)),
    once(ctx, `eligible|${r.itemId}`, () => eligible(t, item())),
    once(ctx, 'unit', () => t('export.percentUnit')),
    r.target?.value ?? null,
    r.target ? fmtDate(lang, r.target.dueOn) : '',
    round1(r.pct),
    round1(r.ofTarget),
    r.band === null && r.target && r.denominator === 0 ? once(ctx, 'band|noData', () => t('band.noData')) : once(ctx, `band|${r.band}`, () => t(bandKey(r.band))),
    r.numerator,
    r.denominator,
    asOf,
    r.target?.source ?? '',
  ];
};

const appendixHeader = (t: ExportT) => [
  t('export.col.indicator'),
  t('export.col.eligible'),
  t('export.col.unit'),
  t('export.col.target'),
  t('export.col.targetDue'),
  t('export.col.result'),
  t('export.col.ofTarget'),
  t('export.col.band'),
  t('export.col.numerator'),
  t('export.col.denominator'),
  t('export.col.asOf'),
  t('export.col.targetSource'),
];
const APPENDIX_WIDTHS = [44, 28, 10, 14, 12, 12, 16, 18, 10, 10, 20, 26];

// Sheet 1: the commune's indicators.
export const indicatorTable = (ctx: Ctx): Table => {
  const asOf = fmtDateTime(ctx.lang, ctx.input.tallies.asOf);
  const rows = ctx.input.tallies.rows.filter((r) => r.villageId === COMMUNE_ROW);
  return {
    header: [ctx.t('export.col.no'), ...appendixHeader(ctx.t)],
    rows: rows.map((r, i) => [i + 1, ...appendixCells(ctx, r, asOf)]),
    widths: [6, ...APPENDIX_WIDTHS],
    percentCols: [4, 6, 7],
  };
};

// Sheet 2: the same shape for every village, with the village's data freshness.
export const villageIndicatorTable = (ctx: Ctx): Table => {
  const { input, t, lang } = ctx;
  const asOf = fmtDateTime(lang, input.tallies.asOf);
  const byVillage = new Map<string, IndicatorRow[]>();
  for (const r of input.tallies.rows) byVillage.set(r.villageId, [...(byVillage.get(r.villageId) ?? []), r]);
  const rows: Cell[][] = [];
  for (const v of input.tallies.villages) {
    const fresh = when(lang, t, v.freshness.oldestSyncAt);
    for (const r of byVillage.get(v.id) ?? []) rows.push([v.name, ...appendixCells(ctx, r, asOf), fresh]);
  }
  return {
    header: [t('export.col.village'), ...appendixHeader(t), t('export.col.freshness')],
    rows,
    widths: [24, ...APPENDIX_WIDTHS, 24],
    percentCols: [4, 6, 7],
  };
};

const activityCells = (v: VillageReport): Cell[] => [
  v.households,
  v.residents,
  v.visits,
  v.dossiers,
  v.sessions,
  v.attendees,
  v.residentsReached,
  v.followUpsOverdue,
];

// Sheet 3: one row per village (and the commune's total): households, activity in the period, freshness.
export const villageActivityTable = (ctx: Ctx): Table => {
  const { input, t, lang } = ctx;
  const { tallies } = input;
  const row = (name: string, v: VillageReport): Cell[] => [
    name,
    ...activityCells(v),
    when(lang, t, v.freshness.oldestSyncAt),
    v.freshness.devices,
    v.freshness.neverSynced,
  ];
  return {
    header: [
      t('export.col.village'),
      t('export.col.households'),
      t('export.col.residents'),
      t('export.col.visits'),
      t('export.col.dossiers'),
      t('export.col.sessions'),
      t('export.col.attendees'),
      t('export.col.reached'),
      t('export.col.overdue'),
      t('export.col.freshness'),
      t('export.col.devices'),
      t('export.col.neverSynced'),
    ],
    rows: [...tallies.villages.map((v) => row(v.name, v)), row(t('export.total'), tallies.total)],
    widths: [26, 10, 12, 14, 16, 16, 14, 18, 16, 26, 10, 14],
  };
};

// Dossiers by procedure field, the commune's total.
export const dossierTable = (ctx: Ctx): Table => {
  const { input, t } = ctx;
  const byField = new Map<ProcedureField, number>();
  for (const d of input.tallies.dossiers) byField.set(d.field, (byField.get(d.field) ?? 0) + d.count);
  const rows: Cell[][] = [...byField].sort((a, b) => b[1] - a[1]).map(([field, count]) => [t(`procedure.${field}`), count]);
  rows.push([t('export.total'), [...byField.values()].reduce((a, b) => a + b, 0)]);
  return { header: [t('export.col.field'), t('export.col.count')], rows, widths: [30, 12] };
};

export const sessionTable = (ctx: Ctx): Table => {
  const { input, t } = ctx;
  const byKind = new Map<SessionKind, { sessions: number; attendees: number }>();
  for (const s of input.tallies.sessionKinds) {
    const k = byKind.get(s.kind) ?? { sessions: 0, attendees: 0 };
    k.sessions += s.sessions;
    k.attendees += s.attendees;
    byKind.set(s.kind, k);
  }
  const rows: Cell[][] = [...byKind].map(([kind, k]) => [t(`sessionKind.${kind}`), k.sessions, k.attendees]);
  const total = input.tallies.total;
  rows.push([t('export.total'), total.sessions, total.attendees]);
  rows.push([t('export.col.reached'), total.residentsReached, null]);
  return { header: [t('export.col.sessionKind'), t('export.col.sessions'), t('export.col.attendees')], rows, widths: [36, 16, 16] };
};

// Sheet 4: team activity, one row per device (a member without a device still gets a row).
export const teamTable = (ctx: Ctx): Table => {
  const { input, t, lang } = ctx;
  const rows: Cell[][] = [];
  const memberRows = (teamName: string, teamStatus: string, m: MemberActivity) => {
    const base: Cell[] = [
      teamName,
      teamStatus,
      m.displayName,
      t(`role.${m.role}`),
      m.visits7,
      m.visits30,
      m.visitsInPeriod,
      m.sessions7,
      m.sessions30,
      m.sessionsInPeriod,
      m.lastActivityAt === null ? t('export.never') : fmtDateTime(lang, m.lastActivityAt),
    ];
    if (!m.devices.length) rows.push([...base, '', '', '', null]);
    for (const d of m.devices)
      rows.push([...base, d.label, when(lang, t, d.lastSyncAt), d.stale ? t('export.yes') : t('export.no'), d.mayHold]);
  };
  for (const team of input.activity.teams) {
    const status = team.inactive ? t('export.inactiveTeam') : t('export.activeTeam');
    if (!team.members.length) rows.push([team.name, status, '', '', 0, 0, 0, 0, 0, 0, '', '', '', '', null]);
    for (const m of team.members) memberRows(team.name, status, m);
  }
  for (const m of input.activity.unassigned) memberRows(t('export.noTeam'), '', m);
  return {
    header: [
      t('export.col.team'),
      t('export.col.teamStatus'),
      t('export.col.member'),
      t('export.col.role'),
      t('export.col.visits7'),
      t('export.col.visits30'),
      t('export.col.visitsPeriod'),
      t('export.col.sessions7'),
      t('export.col.sessions30'),
      t('export.col.sessionsPeriod'),
      t('export.col.lastActivity'),
      t('export.col.device'),
      t('export.col.lastSync'),
      t('export.col.stale', { days: input.activity.silentDays ?? 3 }),
      t('export.col.mayHold'),
    ],
    rows,
    widths: [22, 20, 22, 16, 12, 12, 12, 12, 12, 12, 18, 20, 18, 14, 16],
  };
};

// The CSV: every unit's indicators in one long table (the commune first), for pasting into the province's sheet.
export const csvTable = (ctx: Ctx): Table => {
  const { input, t, lang } = ctx;
  const { tallies } = input;
  const asOf = fmtDateTime(lang, tallies.asOf);
  const names = new Map<string, string>([[COMMUNE_ROW, tallies.commune.name], ...tallies.villages.map((v) => [v.id, v.name] as [string, string])]);
  const fresh = new Map<string, number | null>([
    [COMMUNE_ROW, tallies.total.freshness.oldestSyncAt],
    ...tallies.villages.map((v) => [v.id, v.freshness.oldestSyncAt] as [string, number | null]),
  ]);
  const rows = tallies.rows
    .filter((r) => names.has(r.villageId))
    .map((r) => [names.get(r.villageId)!, ...appendixCells(ctx, r, asOf), when(lang, t, fresh.get(r.villageId) ?? null)]);
  return { header: [t('export.col.unitName'), ...appendixHeader(t), t('export.col.freshness')], rows, widths: [] };
};
