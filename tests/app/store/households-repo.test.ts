import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it } from 'vitest';
import { CodedError } from '../../../src/core/errors.ts';
import { createHousehold, removeHousehold, residentsOf, updateHousehold } from '../../../src/app/store/households-repo.ts';
import { addFamily, closeAll, FAMILY, setUpPhone, VILLAGE, YEAR } from '../helpers.ts';

afterEach(closeAll);

const codeOf = async (p: Promise<unknown>) => {
  try {
    await p;
  } catch (e) {
    return e as CodedError;
  }
  throw new Error('expected the write to be refused');
};

describe('households repository', () => {
  it('writes a new household and its residents with every field, each with its mutation, in one transaction', async () => {
    const { db } = await setUpPhone();
    const h = await addFamily(db);
    expect(await db.households.get(h.id)).toMatchObject({ headName: 'Lò Văn Páo', villageId: VILLAGE, removed: false });
    const residents = await db.residents.where('householdId').equals(h.id).toArray();
    expect(residents).toHaveLength(4);
    const out = await db.outbox.orderBy('seq').toArray();
    expect(out.map((e) => e.name)).toEqual(['household.put', 'resident.put', 'resident.put', 'resident.put', 'resident.put']);
    expect(out.map((e) => e.seq)).toEqual([1, 2, 3, 4, 5]);
    expect(out[0].args).toEqual({ id: h.id, villageId: VILLAGE, code: '', headName: 'Lò Văn Páo', houseLabel: 'Xóm Trên, số 12', phone: '', flags: [], notes: '', removed: false });
    expect(Object.keys(out[1].args).sort()).toEqual(['birthYear', 'householdId', 'id', 'label', 'removed', 'sex', 'villageId']);
    expect(await db.roster.get(h.id)).toMatchObject({ residents: 4, headName: 'Lò Văn Páo' });
  });

  it('sends only the changed fields of an edit, and nothing when nothing changed', async () => {
    const { db } = await setUpPhone();
    const h = await addFamily(db);
    const before = await db.outbox.count();
    const residents = await residentsOf(db, h.id);
    const xuan = residents.find((r) => r.label === 'Lò Thị Xuân')!;
    expect(await updateHousehold(db, h.id, { headName: 'Lò Văn Páo', notes: '' }, residents)).toBe(0);
    const n = await updateHousehold(db, h.id, { phone: '0912 345 678' }, [
      ...residents.map((r) => (r.id === xuan.id ? { ...r, birthYear: YEAR - 17 } : r)),
      { label: 'Lò Văn Mới', birthYear: YEAR, sex: null },
    ]);
    expect(n).toBe(3);
    const added = (await db.outbox.orderBy('seq').toArray()).slice(before);
    expect(added[0].args).toEqual({ id: h.id, villageId: VILLAGE, phone: '0912 345 678' });
    expect(added[1]).toMatchObject({ name: 'resident.put', args: { label: 'Lò Văn Mới', birthYear: YEAR, sex: null, removed: false } });
    expect(added[2].args).toEqual({ id: xuan.id, householdId: h.id, villageId: VILLAGE, birthYear: YEAR - 17 });
    expect((await db.residents.get(xuan.id))?.birthYear).toBe(YEAR - 17);
  });

  it('removes by setting the removed field, and the roster drops the household', async () => {
    const { db } = await setUpPhone();
    const h = await addFamily(db);
    await removeHousehold(db, h.id);
    expect((await db.outbox.orderBy('seq').last())?.args).toEqual({ id: h.id, villageId: VILLAGE, removed: true });
    expect((await db.roster.get(h.id))?.removed).toBe(true);
  });

  it('refuses invalid input naming each field, and writes nothing', async () => {
    const { db } = await setUpPhone();
    const e = await codeOf(
      createHousehold(db, VILLAGE, { headName: ' ', houseLabel: '', phone: '12345', flags: [], notes: 'CCCD 001203004005' }, [
        { label: 'Con', birthYear: null, sex: null },
        { label: 'mã 123456', birthYear: 1800, sex: null },
      ]),
    );
    expect(e.code).toBe('invalid');
    expect(e.issues).toEqual(
      expect.arrayContaining([
        { field: 'headName', rule: 'required' },
        { field: 'phone', rule: 'bad-format' },
        { field: 'notes', rule: 'looks-like-id-number' },
        { field: 'residents.0.birthYear', rule: 'required' },
        { field: 'residents.1.label', rule: 'looks-like-otp' },
        { field: 'residents.1.birthYear', rule: 'too-small' },
      ]),
    );
    expect(await db.households.count()).toBe(0);
    expect(await db.outbox.count()).toBe(0);
  });

  it('rolls the record back with its mutation when the write fails, and reports a full disk as quota-exceeded', async () => {
    const { db } = await setUpPhone();
    const unhook = (() => {
      const fn = () => {
        throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
      };
      db.roster.hook('creating', fn);
      return () => db.roster.hook('creating').unsubscribe(fn);
    })();
    const e = await codeOf(addFamily(db));
    unhook();
    expect(e.code).toBe('quota-exceeded');
    expect(await db.households.count()).toBe(0);
    expect(await db.residents.count()).toBe(0);
    expect(await db.outbox.count()).toBe(0);
    await addFamily(db, 'Cầm Văn Sơn', FAMILY.slice(0, 1));
    expect((await db.outbox.toArray()).map((o) => o.seq)).toEqual([1, 2]);
  });
});
