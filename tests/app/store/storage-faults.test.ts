import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it } from 'vitest';
import { CodedError } from '../../../src/core/errors.ts';
import { AppDb } from '../../../src/app/store/db.ts';
import { residentsOf, updateHousehold } from '../../../src/app/store/households-repo.ts';
import { isUpgradeBlocked, onUpgradeBlockedChange } from '../../../src/app/store/open-state.ts';
import { logVisit, visitsOf } from '../../../src/app/store/visits-repo.ts';
import { errorText } from '../../../src/app/ui/issues.ts';
import fs from 'node:fs';
import { i18n } from '../../../src/app/i18n/i18n.ts';
import { addFamily, closeAll, setUpPhone } from '../helpers.ts';

// The phone's storage failing under the app (issue 12, the phone side of the fault suite): the browser's quota
// runs out mid-write, and a new version's schema upgrade is held up by an old tab. Each gets its translated
// message and loses nothing already saved.
afterEach(closeAll);

const visitInput = { items: [{ itemId: 'fibre', residentIds: [], outcome: 'done' as const }], dossiers: [], language: 'vi' as const, minutes: 10, note: '', followUpOn: null };

// The next `n` writes to any object store fail as a full disk does (the browser's QuotaExceededError).
const fillDisk = (n = Infinity) => {
  const store = globalThis.IDBObjectStore.prototype as unknown as Record<'put' | 'add', (...a: unknown[]) => unknown>;
  const saved = { put: store.put, add: store.add };
  let left = n;
  for (const k of ['put', 'add'] as const)
    store[k] = function (this: unknown, ...a: unknown[]) {
      if (left-- > 0) throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
      return saved[k].apply(this, a);
    };
  return () => Object.assign(store, saved);
};

describe('a full disk', () => {
  it('refuses the save with quota-exceeded, in words, and keeps everything saved before it, outbox included', async () => {
    await i18n.init({ lng: 'vi', fallbackLng: false, ns: [], resources: {}, interpolation: { escapeValue: false } });
    i18n.addResourceBundle('vi', 'errors', JSON.parse(fs.readFileSync('locales/vi/errors.json', 'utf8')), true, true);
    const { db, member } = await setUpPhone();
    const h = await addFamily(db);
    const first = await logVisit(db, h.id, visitInput, member);
    const before = { visits: await db.visits.count(), outbox: await db.outbox.count(), checklist: await db.checklist.count(), household: await db.households.get(h.id) };

    const free = fillDisk();
    let error: unknown;
    try {
      await logVisit(db, h.id, { ...visitInput, note: 'lần hai' }, member);
    } catch (e) {
      error = e;
    }
    try {
      await updateHousehold(db, h.id, { phone: '0912345678' });
    } catch (e) {
      expect((e as CodedError).code).toBe('quota-exceeded');
    } finally {
      free();
    }
    expect(error).toBeInstanceOf(CodedError);
    expect((error as CodedError).code).toBe('quota-exceeded');
    expect(errorText(i18n.getFixedT('vi', 'errors'), error)).toMatch(/Bộ nhớ của máy đã đầy/);
    // Nothing half-written: the record, its cells and its outbox entry went together or not at all.
    expect(await db.visits.count()).toBe(before.visits);
    expect(await db.outbox.count()).toBe(before.outbox);
    expect(await db.checklist.count()).toBe(before.checklist);
    expect(await db.households.get(h.id)).toEqual(before.household);
    expect((await visitsOf(db, h.id)).map((v) => v.id)).toContain(first.id);
    // Space freed: the same save goes through.
    await logVisit(db, h.id, { ...visitInput, note: 'lần hai' }, member);
    expect(await db.visits.count()).toBe(before.visits + 1);
    expect(await db.outbox.count()).toBeGreaterThan(before.outbox);
  });
});

describe('an upgrade held up by an old tab', () => {
  it('says so while it waits, and opens with every record once the old tab lets go', async () => {
    const { db, member } = await setUpPhone();
    const h = await addFamily(db);
    await logVisit(db, h.id, visitInput, member);
    const people = (await residentsOf(db, h.id)).length;
    const name = db.name;
    const version = db.verno;
    db.close();

    // The old tab: this database at today's version, open, deaf to requests to close it.
    const old = await new Promise<IDBDatabase>((resolve, reject) => {
      const r = indexedDB.open(name, Math.round(version * 10));
      r.onsuccess = () => resolve(r.result);
      r.onerror = () => reject(r.error);
    });
    // The new build: one more schema version.
    class NextDb extends AppDb {
      constructor() {
        super(name);
        this.version(version + 1).stores({});
      }
    }
    const next = new NextDb();
    const told = new Promise<void>((resolve) => {
      const off = onUpgradeBlockedChange(() => isUpgradeBlocked() && (off(), resolve()));
    });
    const opening = next.open();
    await told;
    expect(isUpgradeBlocked()).toBe(true);
    old.close();
    await opening;
    expect(isUpgradeBlocked()).toBe(false);
    expect(await next.households.get(h.id)).toBeDefined();
    expect(await next.residents.where('householdId').equals(h.id).count()).toBe(people);
    expect(await next.visits.count()).toBe(1);
    await next.delete();
  });
});

