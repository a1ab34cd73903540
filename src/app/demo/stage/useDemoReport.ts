import { useEffect, useRef, useState } from 'preact/hooks';
import { buildDemoReport } from '../../../core/demo/report.ts';
import { addDaysIso, currentPeriod, customPeriod, localDate, type Period } from '../../../core/report/period.ts';
import { COMMUNE_ROW } from '../../../core/report/rows.ts';
import type { TalliesReport } from '../../../core/report/shapes.ts';
import type { SyncTable } from '../../../core/sync/protocol.ts';
import type { DemoEvent } from '../../../core/demo/server.ts';
import type { DemoHost, HostEvent } from '../host.ts';

// The commune dashboard's figures, computed in the page from the demo server's records by the core's report
// rules, again whenever the server changes. A push that brought records leaves "news": what arrived, from whom,
// and how each indicator moved.
export const PERIOD_CHOICES = ['recent', 'month', 'quarter', 'year'] as const;
export type PeriodChoice = (typeof PERIOD_CHOICES)[number];

export const periodFor = (choice: PeriodChoice, now: number): Period => {
  if (choice === 'recent') {
    const today = localDate(now);
    return customPeriod(addDaysIso(today, -181), today) as Period;
  }
  return currentPeriod(choice, now);
};

export type Arrival = {
  at: number;
  from: string; // the phone's label (its member's name)
  counts: Partial<Record<SyncTable, number>>;
  // Indicators whose figures changed: the numerator (people or households newly done) and the denominator (a new
  // household's residents join it), with the rate before and after.
  moved: Record<string, { before: number; after: number; denBefore: number; denAfter: number; pctBefore: number | null; pctAfter: number | null }>;
};

export type DemoFigures = { report: TalliesReport; version: number; arrival?: Arrival; computedIn: number };

const diff = (before: TalliesReport | undefined, after: TalliesReport): Arrival['moved'] => {
  const moved: Arrival['moved'] = {};
  if (!before) return moved;
  const old = new Map(before.rows.filter((r) => r.villageId === COMMUNE_ROW).map((r) => [r.itemId, r]));
  for (const r of after.rows) {
    if (r.villageId !== COMMUNE_ROW) continue;
    const o = old.get(r.itemId);
    if (o && (o.numerator !== r.numerator || o.denominator !== r.denominator))
      moved[r.itemId] = { before: o.numerator, after: r.numerator, denBefore: o.denominator, denAfter: r.denominator, pctBefore: o.pct, pctAfter: r.pct };
  }
  return moved;
};

export const useDemoReport = (host: DemoHost | undefined, choice: PeriodChoice): DemoFigures | undefined => {
  const [figures, setFigures] = useState<DemoFigures>();
  const latest = useRef<DemoFigures | undefined>(undefined);
  const rollups = useRef(new Map()).current;
  useEffect(() => {
    if (!host) return;
    let live = true;
    let timer: ReturnType<typeof setTimeout> | undefined;
    let pending: HostEvent[] = [];
    const compute = async (events: HostEvent[]) => {
      // After a reset (or another tab's) the same version numbers come round again with other records: start afresh.
      if (events.some((e) => e.kind === 'reset' || e.kind === 'reload')) rollups.clear();
      const server = await host.server();
      if (!live) return;
      const started = performance.now();
      const now = Date.now();
      const report = buildDemoReport({
        province: server.world.commune.province,
        commune: server.world.commune.commune,
        records: server.records(),
        devices: server.deviceList(),
        period: periodFor(choice, now),
        now,
        cache: { keys: server.rollupKeys(), rollups },
      });
      const before = latest.current;
      const reset = events.some((e) => e.kind === 'reset' || e.kind === 'reload');
      const pushes = events.filter((e): e is DemoEvent => e.kind === 'push' && e.applied > 0);
      let arrival = reset ? undefined : before?.arrival;
      if (pushes.length && before) {
        const counts: Arrival['counts'] = {};
        for (const e of server.entriesAfter(before.version)) counts[e.table] = (counts[e.table] ?? 0) + 1;
        const device = server.deviceList().find((d) => d.id === pushes[pushes.length - 1].deviceId);
        arrival = { at: pushes[pushes.length - 1].at, from: device?.label ?? '', counts, moved: diff(before.report, report) };
      }
      const next = { report, version: server.version(), arrival, computedIn: performance.now() - started };
      latest.current = next;
      setFigures(next);
    };
    void compute([]);
    const off = host.subscribe((e) => {
      pending.push(e);
      clearTimeout(timer);
      // A sync is a push and a few pulls in a row: one recompute once they settle.
      timer = setTimeout(() => {
        const events = pending;
        pending = [];
        void compute(events);
      }, 120);
    });
    return () => {
      live = false;
      clearTimeout(timer);
      off();
    };
  }, [host, choice]);
  return figures;
};
