import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it } from 'vitest';
import { exportBackup, importBackup, parseBackup } from '../../../src/app/store/backup.ts';
import { residentsOf, updateHousehold } from '../../../src/app/store/households-repo.ts';
import { deviceId } from '../../../src/app/store/outbox.ts';
import { logVisit } from '../../../src/app/store/visits-repo.ts';
import type { CodedError } from '../../../src/core/errors.ts';
import { addFamily, closeAll, setUpPhone } from '../helpers.ts';

afterEach(closeAll);

const roundTrip = async (b: Awaited<ReturnType<typeof exportBackup>>) => parseBackup(JSON.stringify(b));

describe('export and import of all data', () => {
  it('hands one phone’s records and unsent mutations to another, keeping their stamps, once', async () => {
    const a = await setUpPhone('Người A');
    const h = await addFamily(a.db);
    const [pao] = await residentsOf(a.db, h.id);
    const visit = await logVisit(a.db, h.id, { items: [{ itemId: 'vneid', residentIds: [pao.id], outcome: 'done' }], dossiers: [{ field: 'residence', count: 1 }], language: 'vi', minutes: 15, note: '', followUpOn: null }, a.member);
    // A sent its first two mutations already: only the rest is still waiting in its outbox.
    await a.db.outbox.bulkDelete([1, 2]);
    const file = await roundTrip(await exportBackup(a.db));
    expect(file.tables.outbox).toHaveLength((await a.db.outbox.count()));
    expect(JSON.stringify(file)).not.toMatch(/token/i);

    const b = await setUpPhone('Người B');
    await addFamily(b.db, 'Hộ của B');
    const bBefore = await b.db.outbox.toArray();
    const summary = await importBackup(b.db, file);
    expect(summary.added).toMatchObject({ households: 1, residents: 4, visits: 1, checklist: 1 });
    expect(summary.requeued).toBe(file.tables.outbox.length);
    expect(summary.skipped).toBe(0);
    expect(await b.db.visits.get(visit.id)).toEqual(visit);
    expect((await b.db.roster.get(h.id))?.lastVisitAt).toBe(visit.at);
    const bAfter = await b.db.outbox.orderBy('seq').toArray();
    const requeued = bAfter.slice(bBefore.length);
    expect(requeued.map((e) => e.seq)).toEqual(requeued.map((_, i) => bBefore.length + 1 + i));
    const fromA = (await a.db.outbox.orderBy('seq').toArray()).map((e) => [e.name, e.id, e.hlc]);
    expect(requeued.map((e) => [e.name, e.id, e.hlc])).toEqual(fromA);
    // B's clock moved past A's stamps: B's next edit is newer than anything A made.
    await updateHousehold(b.db, h.id, { notes: 'B ghi sau' });
    const last = await b.db.outbox.orderBy('seq').last();
    expect(requeued.every((e) => e.hlc < last!.hlc)).toBe(true);

    const again = await importBackup(b.db, file);
    expect(again.requeued).toBe(0);
    expect(again.added).toEqual({});
    expect(await b.db.outbox.count()).toBe(bAfter.length + 1);

    // A importing its own file queues nothing: every mutation in it was made on A.
    const self = await importBackup(a.db, file);
    expect(self.requeued).toBe(0);
    expect(await a.db.outbox.count()).toBe(file.tables.outbox.length);
    expect(await deviceId(a.db)).toBe(file.deviceId);
  });

  it('applies the other phone’s unsent field edits unless this phone has a newer one', async () => {
    const a = await setUpPhone('Người A');
    const h = await addFamily(a.db);
    const b = await setUpPhone('Người B');
    await importBackup(b.db, await roundTrip(await exportBackup(a.db)));
    await a.db.outbox.clear();
    await updateHousehold(a.db, h.id, { phone: '0912345678', notes: 'A sửa' });
    await new Promise((r) => setTimeout(r, 3)); // B edits strictly later than A
    await updateHousehold(b.db, h.id, { notes: 'B sửa sau' });
    await importBackup(b.db, await roundTrip(await exportBackup(a.db)));
    expect(await b.db.households.get(h.id)).toMatchObject({ phone: '0912345678', notes: 'B sửa sau' });
  });

  it('refuses a file that is not a backup, and skips rows that fail validation', async () => {
    const refuse = (text: string) => {
      try {
        parseBackup(text);
      } catch (e) {
        return (e as CodedError).code;
      }
      return 'accepted';
    };
    expect(refuse('{not json')).toBe('bad-request');
    expect(refuse('{"format":"other"}')).toBe('bad-request');
    const a = await setUpPhone();
    await addFamily(a.db);
    const file = await roundTrip(await exportBackup(a.db));
    (file.tables.households[0] as { notes: string }).notes = 'số CCCD 012345678901';
    (file.tables.outbox[0] as { name: string }).name = 'household.drop';
    const b = await setUpPhone();
    const s = await importBackup(b.db, file);
    expect(s.skipped).toBe(2);
    expect(s.added.households).toBeUndefined();
    expect(await b.db.households.count()).toBe(0);
  });
});
