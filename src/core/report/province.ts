import type { CatalogueItem } from '../model/checklist.ts';
import { bandFor, BANDS, percentOfTarget, type Band } from '../tally/bands.ts';
import { percent } from '../tally/tally.ts';
import type { AppendixRow } from './appendix.ts';
import { reportDueBefore, type Period } from './period.ts';
import { COMMUNE_ROW } from './rows.ts';
import type { Freshness, TalliesReport } from './shapes.ts';

// The province's view (docs/design.md §1: a province admin sees every indicator across all communes, ranks them, finds
// faint teams): made from each commune's own report, so a commune's figure here is the figure its officer sees.
export type BandCounts = Record<Band | 'none', number>;

export type ProvinceCell = {
  itemId: string;
  numerator: number;
  denominator: number;
  pct: number | null;
  target: number | null;
  ofTarget: number | null;
  band: Band | null;
  previousPct: number | null; // the same indicator in the previous period
  rank: number | null; // 1 = best of the province's communes (by %), null when nobody is eligible
};

export type ProvinceCommune = {
  id: string;
  name: string;
  households: number;
  residents: number;
  visits: number;
  dossiers: number;
  sessions: number;
  attendees: number;
  freshness: Freshness;
  villages: number;
  villagesCovered: number; // villages with at least one team member's device
  teams: number;
  faintTeams: number; // teams with no visit and no group session in the last 30 days
  members: number;
  cells: ProvinceCell[];
  bands: BandCounts;
  late: TalliesReport['late'];
  difficulties: string;
  proposals: string;
  // The commune's report for the period as sent (src/server/reports/submissions.ts): the first submission (whether
  // it came by the due date), the latest, and how many indicators changed since the latest.
  submission: CommuneSubmission | null;
};

export type CommuneSubmission = { firstAt: number; onTime: boolean | null; lastAt: number; lastBy: string | null; changed: number };

export type ProvinceReport = {
  province: { id: string; name: string };
  period: Period;
  previous: Period;
  generatedAt: number;
  items: CatalogueItem[];
  total: Omit<ProvinceCommune, 'id' | 'name' | 'difficulties' | 'proposals' | 'late' | 'submission'>;
  communes: ProvinceCommune[];
  dueOn: string | null; // the period's report due date (src/core/report/period.ts)
  // The province's appendix (its own targets, its row order), filled by the server.
  appendix?: AppendixRow[];
};

export type CommuneExtras = { teams: number; faintTeams?: number; members: number; difficulties: string; proposals: string; submission?: CommuneSubmission | null };

const emptyBands = (): BandCounts => ({ met: 0, 'above-80': 0, '50-80': 0, 'below-50': 0, none: 0 });
export const countBands = (cells: readonly Pick<ProvinceCell, 'band'>[]): BandCounts => {
  const b = emptyBands();
  for (const c of cells) b[c.band ?? 'none'] += 1;
  return b;
};

export const assembleProvince = (x: {
  province: { id: string; name: string };
  period: Period;
  previous: Period;
  now: number;
  reports: readonly { report: TalliesReport; previous: TalliesReport; extras: CommuneExtras }[];
  // The province's own target per indicator (this year's, else the scheme's), set once for the province: the
  // province's row is graded against it; without one, against the communes' target when they all share it.
  provinceTargets?: ReadonlyMap<string, number>;
}): ProvinceReport => {
  // The items every commune reports (a commune may have added its own); in the first commune's catalogue order.
  const first = x.reports[0]?.report.items ?? [];
  const items = first.filter((i) => x.reports.every((r) => r.report.items.some((j) => j.id === i.id)));
  const communes: ProvinceCommune[] = x.reports.map(({ report, previous, extras }) => {
    const rows = new Map(report.rows.filter((r) => r.villageId === COMMUNE_ROW).map((r) => [r.itemId, r]));
    const prev = new Map(previous.rows.filter((r) => r.villageId === COMMUNE_ROW).map((r) => [r.itemId, r]));
    const cells = items.map((i): ProvinceCell => {
      const r = rows.get(i.id);
      return {
        itemId: i.id,
        numerator: r?.numerator ?? 0,
        denominator: r?.denominator ?? 0,
        pct: r?.pct ?? null,
        target: r?.target?.value ?? null,
        ofTarget: r?.ofTarget ?? null,
        band: r?.band ?? null,
        previousPct: prev.get(i.id)?.pct ?? null,
        rank: null,
      };
    });
    const t = report.total;
    return {
      id: report.commune.id,
      name: report.commune.name,
      households: t.households,
      residents: t.residents,
      visits: t.visits,
      dossiers: t.dossiers,
      sessions: t.sessions,
      attendees: t.attendees,
      freshness: t.freshness,
      villages: report.villages.length,
      villagesCovered: report.villages.filter((v) => v.freshness.devices > 0).length,
      teams: extras.teams,
      faintTeams: extras.faintTeams ?? 0,
      members: extras.members,
      cells,
      bands: countBands(cells),
      late: report.late ?? null,
      difficulties: extras.difficulties,
      proposals: extras.proposals,
      submission: extras.submission ?? null,
    };
  });
  // Ranks per indicator: by % (higher first), ties share a rank; communes nobody is eligible in are not ranked.
  items.forEach((_, k) => {
    const ranked = communes.filter((c) => c.cells[k].pct !== null).sort((a, b) => b.cells[k].pct! - a.cells[k].pct!);
    ranked.forEach((c, i) => {
      const prevC = ranked[i - 1];
      c.cells[k].rank = prevC && prevC.cells[k].pct === c.cells[k].pct ? prevC.cells[k].rank : i + 1;
    });
  });
  const sum = (f: (c: ProvinceCommune) => number) => communes.reduce((a, c) => a + f(c), 0);
  // The province's figure sums the communes' counts; its target is the communes' target when they all share one
  // (a province-wide target), otherwise there is none to grade against.
  const cells = items.map((item, k): ProvinceCell => {
    const numerator = sum((c) => c.cells[k].numerator);
    const denominator = sum((c) => c.cells[k].denominator);
    const pct = percent(numerator, denominator);
    const targets = new Set(communes.map((c) => c.cells[k].target));
    const target = x.provinceTargets?.get(item.id) ?? (targets.size === 1 ? [...targets][0] : null);
    const ofTarget = target !== null && pct !== null ? percentOfTarget(pct, target) : null;
    const pn = x.reports.reduce((a, r) => a + (r.previous.rows.find((row) => row.villageId === COMMUNE_ROW && row.itemId === item.id)?.numerator ?? 0), 0);
    const pd = x.reports.reduce((a, r) => a + (r.previous.rows.find((row) => row.villageId === COMMUNE_ROW && row.itemId === item.id)?.denominator ?? 0), 0);
    return { itemId: item.id, numerator, denominator, pct, target, ofTarget, band: bandFor(ofTarget), previousPct: percent(pn, pd), rank: null };
  });
  const fresh = communes.map((c) => c.freshness);
  const synced = fresh.map((f) => f.oldestSyncAt).filter((v): v is number => v !== null);
  const newest = fresh.map((f) => f.newestSyncAt).filter((v): v is number => v !== null);
  return {
    province: x.province,
    period: x.period,
    previous: x.previous,
    generatedAt: x.now,
    items,
    total: {
      households: sum((c) => c.households),
      residents: sum((c) => c.residents),
      visits: sum((c) => c.visits),
      dossiers: sum((c) => c.dossiers),
      sessions: sum((c) => c.sessions),
      attendees: sum((c) => c.attendees),
      freshness: {
        oldestSyncAt: synced.length ? Math.min(...synced) : null,
        newestSyncAt: newest.length ? Math.max(...newest) : null,
        devices: sum((c) => c.freshness.devices),
        neverSynced: sum((c) => c.freshness.neverSynced),
        staleDevices: sum((c) => c.freshness.staleDevices),
      },
      villages: sum((c) => c.villages),
      villagesCovered: sum((c) => c.villagesCovered),
      teams: sum((c) => c.teams),
      faintTeams: sum((c) => c.faintTeams),
      members: sum((c) => c.members),
      cells,
      bands: countBands(cells),
    },
    communes: communes.sort((a, b) => a.name.localeCompare(b.name, 'vi')),
    dueOn: reportDueBefore(x.period),
  };
};

export { BANDS };
