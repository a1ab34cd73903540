import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it } from 'vitest';
import { createHousehold, residentsOf } from '../../../src/app/store/households-repo.ts';
import { ensureRosterYear, filterRoster, loadRoster, refreshAllRosters, refreshRoster } from '../../../src/app/store/roster.ts';
import { localDate, logVisit } from '../../../src/app/store/visits-repo.ts';
import { setCell } from '../../../src/app/store/checklist-repo.ts';
import { DEFAULT_CATALOGUE } from '../../../src/core/model/catalogue-defaults.ts';
import { closeAll, setUpPhone, VILLAGE, YEAR } from '../helpers.ts';

afterEach(closeAll);

const today = localDate(Date.now());
const make = (db: Parameters<typeof createHousehold>[0], headName: string, ages: number[], extra: { houseLabel?: string } = {}) =>
  createHousehold(db, VILLAGE, { headName, houseLabel: extra.houseLabel ?? '', phone: '', flags: [], notes: '' }, ages.map((a, i) => ({ label: i ? `${headName} ${i}` : headName, birthYear: YEAR - a, sex: null })));

describe('roster', () => {
  it('searches ignoring diacritics and case, on head, house label and residents', async () => {
    const { db, member } = await setUpPhone();
    await make(db, 'Nguyễn Văn Điện', [50]);
    await make(db, 'Giàng A Páo', [30], { houseLabel: 'Gần trường Tiểu học' });
    await make(db, 'Lò Thị Hoa', [60, 20]);
    const rows = await loadRoster(db, member.villageIds[0]);
    const names = (q: string) => filterRoster(rows, q, 'all', today).map((r) => r.headName);
    expect(names('nguyen van')).toEqual(['Nguyễn Văn Điện']);
    expect(names('dien')).toEqual(['Nguyễn Văn Điện']);
    expect(names('ĐIỆN')).toEqual(['Nguyễn Văn Điện']);
    expect(names('truong')).toEqual(['Giàng A Páo']);
    expect(names('hoa 1')).toEqual(['Lò Thị Hoa']);
    expect(names('xyz')).toEqual([]);
    // roster order is by given name: Điện, Hoa, Páo
    expect(names('')).toEqual(['Nguyễn Văn Điện', 'Lò Thị Hoa', 'Giàng A Páo']);
  });

  it('filters by gaps that follow the eligibility rules and the checklist', async () => {
    const { db, member } = await setUpPhone();
    const teen = await make(db, 'Hộ có người 14 tuổi', [13 + 1, 10]);
    const kids = await make(db, 'Hộ chỉ có trẻ nhỏ', [13, 5]);
    const adult = await make(db, 'Hộ người lớn', [40]);
    let rows = await loadRoster(db, VILLAGE);
    const ids = (f: Parameters<typeof filterRoster>[2]) => filterRoster(rows, '', f, today).map((r) => r.id).sort();
    expect(ids('gap-l2')).toEqual([teen.id, adult.id].sort());
    expect(ids('gap-cashless')).toEqual([adult.id]);
    expect(ids('followup-due')).toEqual([]);
    expect(ids('all')).toHaveLength(3);
    const [a] = await residentsOf(db, adult.id);
    await logVisit(db, adult.id, { items: [{ itemId: 'vneid-l2', residentIds: [a.id], outcome: 'done' }], dossiers: [], language: 'vi', minutes: 10, note: '', followUpOn: today }, member);
    const [t] = await residentsOf(db, teen.id);
    const l2 = DEFAULT_CATALOGUE.find((i) => i.id === 'vneid-l2')!;
    await setCell(db, { household: teen, resident: t, item: l2 }, 'declined', member);
    rows = await loadRoster(db, VILLAGE);
    expect(ids('gap-l2')).toEqual([]);
    expect(ids('followup-due')).toEqual([adult.id]);
    expect(kids.id).toBeTruthy();
  });

  it('rebuilds all summaries identically, and when the year turns', async () => {
    const { db } = await setUpPhone();
    const h = await make(db, 'Hộ sắp đủ tuổi', [13]);
    const incremental = await db.roster.toArray();
    await refreshAllRosters(db);
    expect(await db.roster.toArray()).toEqual(incremental);
    expect((await db.roster.get(h.id))?.gapL2).toBe(0);
    await ensureRosterYear(db, YEAR + 1);
    expect(await db.roster.get(h.id)).toMatchObject({ gapL2: 1, year: YEAR + 1 });
    await refreshRoster(db, ['no-such-household']);
    expect(await db.roster.count()).toBe(1);
    // a household whose summary is missing (e.g. written by an older version) is summarised at start
    await db.roster.clear();
    await ensureRosterYear(db, YEAR + 1);
    expect(await db.roster.get(h.id)).toMatchObject({ gapL2: 1, year: YEAR + 1 });
  });
});
