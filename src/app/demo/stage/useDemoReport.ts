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
  moved: Record<string, Move>;
  // The same, village by village (a village's figure moves by whole points where the commune's moves by tenths).
  villages: Record<string, Record<string, Move>>;
};
export type Move = { before: number; after: number; denBefore: number; denAfter: number; pctBefore: number | null; pctAfter: number | null };

export type DemoFigures = { report: TalliesReport; version: number; arrival?: Arrival; computedIn: number };

const diff = (before: TalliesReport | undefined, after: TalliesReport): Pick<Arrival, 'moved' | 'villages'> => {
  const out: Pick<Arrival, 'moved' | 'villages'> = { moved: {}, villages: {} };
  if (!before) return out;
  const key = (villageId: string, itemId: string) => `${villageId}\u0000${itemId}`;
  const old = new Map(before.rows.map((r) => [key(r.villageId, r.itemId), r]));
  for (const r of after.rows) {
    const o = old.get(key(r.villageId, r.itemId));
    if (!o || (o.numerator === r.numerator && o.denominator === r.denominator)) continue;
    const m: Move = { before: o.numerator, after: r.numerator, denBefore: o.denominator, denAfter: r.denominator, pctBefore: o.pct, pctAfter: r.pct };
    if (r.villageId === COMMUNE_ROW) out.moved[r.itemId] = m;
    else (out.villages[r.villageId] ??= {})[r.itemId] = m;
  }
  return out;
};

const JOIN_MS = 15_000;
const joinMoves = (a: Record<string, Move>, b: Record<string, Move>): Record<string, Move> => {
  const out = { ...a };
  for (const [k, m] of Object.entries(b)) {
    const o = a[k];
    out[k] = o ? { ...m, before: o.before, denBefore: o.denBefore, pctBefore: o.pctBefore } : m;
  }
  return out;
};
const joined = (a: Arrival, b: Arrival): Arrival => {
  const counts = { ...a.counts };
  for (const [k, n] of Object.entries(b.counts) as [SyncTable, number][]) counts[k] = (counts[k] ?? 0) + n;
  const villages = { ...a.villages };
  for (const [v, moves] of Object.entries(b.villages)) villages[v] = joinMoves(a.villages[v] ?? {}, moves);
  return { at: b.at, from: b.from, counts, moved: joinMoves(a.moved, b.moved), villages };
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
        const next: Arrival = { at: pushes[pushes.length - 1].at, from: device?.label ?? '', counts, ...diff(before.report, report) };
        // One sync may arrive as several pushes a moment apart: the room sees them as one arrival, from the first
        // figure to the last.
        arrival = arrival && arrival.from === next.from && next.at - arrival.at < JOIN_MS ? joined(arrival, next) : next;
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
