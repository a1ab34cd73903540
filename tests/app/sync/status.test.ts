import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { EngineState } from '../../../src/app/sync/engine.ts';
import { deriveSyncView, type SyncInputs } from '../../../src/app/sync/status.ts';

const idle: EngineState = { running: false, phase: 'idle', online: true, failures: 0 };
const base: SyncInputs = { joined: true, waiting: 0, attention: 0, engine: idle, online: true };

describe('sync status', () => {
  it('says the one thing that matters most', () => {
    expect(deriveSyncView({ ...base, joined: false, waiting: 4 }).kind).toBe('local');
    expect(deriveSyncView({ ...base, problem: { code: 'upgrade', at: 1, protocol: 1, schema: 1 }, engine: { ...idle, running: true } }).kind).toBe('must-update');
    expect(deriveSyncView({ ...base, problem: { code: 'token-revoked', at: 1 } }).kind).toBe('must-rejoin');
    expect(deriveSyncView({ ...base, waiting: 3, engine: { ...idle, running: true, progress: { done: 1, total: 3 } } })).toMatchObject({ kind: 'syncing', progress: { done: 1, total: 3 } });
    expect(deriveSyncView({ ...base, waiting: 3, online: false }).kind).toBe('offline');
    // A request that failed while the phone says it is online: the server may be down, so "waiting", with the error.
    expect(deriveSyncView({ ...base, waiting: 3, engine: { ...idle, lastError: { code: 'network', at: 1 } } })).toMatchObject({ kind: 'waiting', error: 'network' });
    expect(deriveSyncView({ ...base, waiting: 3, attention: 1 }).kind).toBe('attention');
    expect(deriveSyncView({ ...base, waiting: 3, engine: { ...idle, lastError: { code: 'unavailable', at: 1 }, nextAttemptAt: 9 } })).toMatchObject({ kind: 'waiting', error: 'unavailable', nextAttemptAt: 9 });
    expect(deriveSyncView({ ...base, lastSentAt: 5 })).toMatchObject({ kind: 'all-sent', lastSentAt: 5 });
    expect(deriveSyncView({ ...base, lastPulledAt: 7 })).toMatchObject({ kind: 'all-sent', lastSentAt: 7 });
    expect(deriveSyncView(base).kind).toBe('never-synced');
  });
});

describe('sync strings', () => {
  const flatten = (o: unknown, prefix = ''): Record<string, string> =>
    Object.entries(o as Record<string, unknown>).reduce<Record<string, string>>((acc, [k, v]) => {
      const key = prefix ? `${prefix}.${k}` : k;
      if (v && typeof v === 'object') Object.assign(acc, flatten(v, key));
      else acc[key.replace(/_(one|other)$/, '')] = String(v);
      return acc;
    }, {});
  const load = (lang: string) => ({
    ...flatten(JSON.parse(fs.readFileSync(`locales/${lang}/sync.json`, 'utf8'))),
    ...flatten(JSON.parse(fs.readFileSync(`locales/${lang}/sync-badge.json`, 'utf8'))),
  });
  const vars = (s: string) => [...s.matchAll(/\{\{(\w+)\}\}/g)].map((m) => m[1]).sort();

  it('has the same keys and placeholders in vi and en, and the glossary words in Vietnamese', () => {
    const vi = load('vi');
    const en = load('en');
    expect(Object.keys(en).sort()).toEqual(Object.keys(vi).sort());
    for (const k of Object.keys(vi)) expect([k, vars(en[k])]).toEqual([k, vars(vi[k])]);
    const all = JSON.stringify(vi);
    for (const word of ['Đang ngoại tuyến', 'Đang đồng bộ', 'đang chờ', 'Đã gửi hết lúc', 'Xã đã xác nhận', 'Cần xử lý', 'Gửi ngay', 'Tham gia tổ', 'Mã mời', 'Xuất dữ liệu ra tệp'])
      expect(all).toContain(word);
  });

  it('has a Vietnamese sentence for every mutation name and status', () => {
    const vi = load('vi');
    for (const name of ['household.put', 'resident.put', 'checklist.set', 'followup.put', 'visit.add', 'visit.void', 'session.add', 'session.void']) {
      expect(vi[`what.${name}`]).toBeTruthy();
      expect(vi[`kinds.${name}`]).toBeTruthy();
    }
    for (const kind of ['local', 'must-update', 'must-rejoin', 'syncing', 'offline', 'attention', 'waiting', 'all-sent', 'never-synced']) expect(vi[`badge.${kind}`]).toBeTruthy();
  });
});
