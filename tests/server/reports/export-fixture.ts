import { assembleTallies, type VillageFigures } from '../../../src/core/report/assemble.ts';
import { parsePeriod } from '../../../src/core/report/period.ts';
import { villageRollup } from '../../../src/core/report/rollup.ts';
import type { ActivityReport, ExportInput, Freshness } from '../../../src/core/report/shapes.ts';
import { at, C, CATALOGUE, recordsOf, TARGETS, V1, V2 } from '../../core/report/fixture.ts';

// An export built from the hand-counted fixture of the core tests, with hostile text in every place a user can
// type (village names, item labels, team and member names, the officer's text).
export const NOW = at('2026-08-20', 9);
const fresh = (oldest: number | null, devices = 1): Freshness => ({ oldestSyncAt: oldest, newestSyncAt: oldest, devices, neverSynced: oldest === null ? devices : 0, staleDevices: 0 });

export const exportInput = (hostile = false): ExportInput => {
  const period = parsePeriod('2026-Q3')!;
  const r1 = villageRollup(V1, CATALOGUE, recordsOf(V1), 2026);
  const r2 = villageRollup(V2, CATALOGUE, recordsOf(V2), 2026);
  const sumOf = <K extends 'visits' | 'sessions' | 'attendees'>(r: typeof r1, k: K) => r.activity.reduce((a, x) => a + x[k], 0);
  const village = (id: string, name: string, r: typeof r1, freshness: Freshness): VillageFigures => ({
    id, name, kind: 'ban', households: r.households, residents: r.residents, freshness,
    followUpsOpen: r.followUps.reduce((a, f) => a + f.open, 0),
    followUpsOverdue: r.followUps.filter((f) => f.dueOn < '2026-08-20').reduce((a, f) => a + f.open, 0),
    visits: sumOf(r, 'visits'), dossiers: r.dossiers.reduce((a, d) => a + d.count, 0), sessions: sumOf(r, 'sessions'),
    attendees: sumOf(r, 'attendees'), residentsReached: new Set(r.attendance.map((a) => a.residentId)).size,
  });
  const items = hostile ? CATALOGUE.map((i) => (i.id === 'fibre' ? { ...i, label: { vi: '+Cáp quang=1', en: '+Fibre' } } : i)) : CATALOGUE;
  const tallies = assembleTallies({
    commune: { id: C, name: hostile ? '@Xã Nậm Tiên' : 'Xã Nậm Tiên (mẫu)', provinceId: 'p1', provinceName: 'Tỉnh Sơn Cước (mẫu)' },
    period,
    now: NOW,
    asOf: NOW - 60_000,
    asOfYear: 2026,
    items,
    targets: hostile ? TARGETS.map((t) => ({ ...t, source: '=HYPERLINK("http://x","y")' })) : TARGETS,
    villages: [
      village(V1, hostile ? '=1+2 Bản Nà Pồng' : 'Bản Nà Pồng', r1, fresh(at('2026-08-18'))),
      village(V2, hostile ? '-Bản Huổi Lạ' : 'Bản Huổi Lạ', r2, fresh(null)),
    ],
    tallies: [...r1.tallies, ...r2.tallies],
    dossiers: [...r1.dossiers, ...r2.dossiers],
    sessionKinds: [...r1.sessionKinds, ...r2.sessionKinds],
    weekDone: [...r1.weekDone, ...r2.weekDone],
  });
  const activity: ActivityReport = {
    commune: tallies.commune,
    period,
    generatedAt: NOW,
    staleDevices: 1,
    inactiveTeams: 1,
    teams: [
      {
        id: 't1', name: hostile ? '\t=cmd|"/c calc"!A1' : 'Tổ CNSCĐ Bản Nà Pồng', villageIds: [V1], inactive: false,
        visits7: 0, visits30: 3, sessions7: 0, sessions30: 2, visitsInPeriod: 3, sessionsInPeriod: 2,
        members: [
          {
            id: 'm1', displayName: hostile ? '@SUM(A1:A9)' : 'Lò Văn A', role: 'leader', teamId: 't1',
            visits7: 0, visits30: 2, sessions7: 0, sessions30: 1, visitsInPeriod: 2, sessionsInPeriod: 1, lastActivityAt: at('2026-07-10', 12),
            devices: [{ id: 'd1', memberId: 'm1', memberName: 'Lò Văn A', label: 'Điện thoại của A', lastSyncAt: at('2026-08-10'), revoked: false, stale: true, sentTotal: 120, mayHold: 24 }],
          },
        ],
      },
      {
        id: 't2', name: 'Tổ CNSCĐ Bản Huổi Lạ', villageIds: [V2], inactive: true,
        visits7: 0, visits30: 0, sessions7: 0, sessions30: 0, visitsInPeriod: 0, sessionsInPeriod: 0, members: [],
      },
    ],
    unassigned: [],
  };
  return {
    tallies,
    activity,
    text: {
      periodKey: period.key,
      difficulties: hostile ? '-2+3\n=cmd' : 'Bản Huổi Lạ chưa có sóng di động.\nNhiều người cao tuổi chưa có điện thoại thông minh.',
      proposals: hostile ? '=IMPORTXML("http://x")' : 'Đề nghị hỗ trợ 20 điện thoại thông minh cho hộ nghèo.',
      updatedAt: NOW,
      updatedBy: 'admin',
    },
  };
};
