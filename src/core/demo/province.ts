import type { DemoCommune } from '../sample/demo-commune.ts';
import { generateDemoCommune } from '../sample/demo-commune.ts';
import { DEMO_NEIGHBOURS } from '../sample/demo-names.ts';
import { DAY_MS } from '../sample/demo-random.ts';
import { shiftPeriod, type Period } from '../report/period.ts';
import { assembleProvince, type CommuneExtras, type ProvinceReport } from '../report/province.ts';
import type { TalliesReport } from '../report/shapes.ts';
import { buildDemoReport, type DemoReportInput } from './report.ts';
import type { DemoRecords } from './server.ts';
import type { DemoDevice } from './world.ts';

// The demo's province view: GET /api/reports/province's shape (src/core/report/province.ts), answered in the
// browser from the sample province's communes — the demo's own commune as it stands now (whatever the class has
// synced to it) and two neighbours generated from the same seed — each commune's figures its own report's, made
// by the same rules as the commune dashboard (buildDemoReport), ranked by assembleProvince as the real server does.

export type DemoCommuneSource = {
  commune: DemoCommune;
  records: DemoRecords;
  devices: readonly DemoDevice[];
  texts: { difficulties: string; proposals: string };
};

// What each commune wrote in its report: sample text, in the commune's own words.
const TEXTS: readonly { difficulties: string; proposals: string }[] = [
  { difficulties: 'Hai bản vùng cao chưa có sóng điện thoại ổn định; nhiều người cao tuổi chưa dùng điện thoại thông minh.', proposals: 'Đề nghị hỗ trợ thêm điện thoại cho hộ nghèo và một buổi tập huấn tiếng Mông.' },
  { difficulties: 'Nhiều người đi làm ăn xa, chỉ về nhà cuối tuần.', proposals: 'Đề nghị tổ chức hỗ trợ vào thứ Bảy, Chủ nhật.' },
  { difficulties: 'Ba bản xa trung tâm, đường đi lại khó khăn mùa mưa; ít thành viên tổ biết tiếng Mông.', proposals: 'Đề nghị bố trí người phiên dịch và thêm kinh phí đi lại cho tổ.' },
];

const recordsOf = (d: DemoCommune): DemoRecords => ({
  villages: d.villages,
  catalogue: [...d.catalogue],
  targets: d.targets,
  members: d.members,
  households: d.households,
  residents: d.residents,
  cells: d.cells,
  visits: d.visits,
  sessions: d.sessions,
  voids: d.voids,
  followUps: d.followUps,
});

// A neighbour's field phones: every team member's, synced within the last day (the neighbours are not in the story).
const devicesOf = (d: DemoCommune): DemoDevice[] =>
  d.members
    .filter((m) => m.role === 'member' || m.role === 'leader')
    .map((m, i) => ({ id: `${m.id}-phone`, memberId: m.id, role: m.role, villageIds: [...m.villageIds], label: m.displayName, createdAt: d.now - 200 * DAY_MS, lastSyncAt: d.now - (2 + (i % 20)) * 3_600_000 }));

// The two neighbours, generated once per (seed, epoch): pure and deterministic, like the demo commune.
export const demoNeighbours = (seed: string | number, epoch: number): DemoCommuneSource[] =>
  DEMO_NEIGHBOURS.map((place, i) => {
    const commune = generateDemoCommune(`${String(seed)}:neighbour-${i + 1}`, epoch, place);
    return { commune, records: recordsOf(commune), devices: devicesOf(commune), texts: TEXTS[i + 1] };
  });

export const DEMO_COMMUNE_TEXTS = TEXTS[0];

type Built = { report: TalliesReport; previous: TalliesReport; extras: CommuneExtras };

const build = (c: DemoCommuneSource, period: Period, now: number, cache?: DemoReportInput['cache']): Built => {
  const input = { province: c.commune.province, commune: c.commune.commune, records: c.records, devices: c.devices, now, cache };
  const field = c.records.members.filter((m) => m.role === 'member' || m.role === 'leader');
  return {
    report: buildDemoReport({ ...input, period }),
    previous: buildDemoReport({ ...input, period: shiftPeriod(period, -1) }),
    extras: { teams: c.commune.teams.length, faintTeams: 0, members: field.length, ...c.texts },
  };
};

// The province report for a period: the live commune rebuilt every time (it changes as the class syncs), the
// neighbours' reports kept in `memo` by period (they never change).
export const demoProvinceReport = (x: {
  live: DemoCommuneSource;
  neighbours: readonly DemoCommuneSource[];
  period: Period;
  now: number;
  cache?: DemoReportInput['cache'];
  memo?: Map<string, Built[]>;
}): ProvinceReport => {
  const key = `${x.period.key}|${x.now - (x.now % DAY_MS)}`;
  let others = x.memo?.get(key);
  if (!others) {
    others = x.neighbours.map((n) => build(n, x.period, x.now));
    x.memo?.clear();
    x.memo?.set(key, others);
  }
  const live = build(x.live, x.period, x.now, x.cache);
  const province = x.live.commune.province;
  return assembleProvince({ province: { id: province.id, name: province.name }, period: x.period, previous: shiftPeriod(x.period, -1), now: x.now, reports: [live, ...others] });
};
