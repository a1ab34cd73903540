import { describe, expect, it } from 'vitest';
import { duplicatePairs, similarHouseholds, type HouseholdLike } from '../../../src/core/roster/similar.ts';

const h = (id: string, headName: string, houseLabel = '', phone = '', villageId = 'v1'): HouseholdLike => ({ id, villageId, headName, houseLabel, phone });

describe('similar households', () => {
  it('finds the same house typed twice, with the evidence', () => {
    const others = [h('a', 'Lò Văn Pọm', 'Số 5'), h('b', 'Giàng A Pao', 'Xóm Trên', '0912 345 678'), h('c', 'Lò Văn Pọm', 'Số 9'), h('d', 'Lò Văn Pọm', 'Số 5', '', 'v2')];
    expect(similarHouseholds({ villageId: 'v1', headName: 'lo van pom', houseLabel: 'số 5', phone: '' }, others)).toEqual([
      { household: others[0], evidence: ['same-name', 'same-address'] },
    ]);
    expect(similarHouseholds({ villageId: 'v1', headName: 'Giàng Thị Mai', houseLabel: '', phone: '+84912345678' }, others)).toEqual([
      { household: others[1], evidence: ['same-phone'] },
    ]);
    // One letter apart at the same address; a common name at another address is another house.
    expect(similarHouseholds({ villageId: 'v1', headName: 'Lò Văn Pọmm', houseLabel: 'Số 5', phone: '' }, others).map((m) => [m.household.id, m.evidence])).toEqual([['a', ['similar-name', 'same-address']]]);
    expect(similarHouseholds({ villageId: 'v1', headName: 'Lò Văn Pọm', houseLabel: 'Số 7', phone: '' }, others)).toEqual([]);
  });

  it('lists each likely pair once, the same as comparing every pair', () => {
    const names = ['Lò Văn Pọm', 'Lò Văn Pom', 'Giàng A Pao', 'Giàng A Páo', 'Mùa A Sử', 'Lò Văn Pọm'];
    const addresses = ['Số 1', 'Số 2', '', 'Số 1'];
    const list: HouseholdLike[] = [];
    for (let i = 0; i < 120; i++) list.push(h(`h${String(i).padStart(3, '0')}`, names[i % names.length], addresses[(i * 7) % addresses.length], i % 13 === 0 ? '0912000000' : ''));
    const fast = duplicatePairs(list).map((p) => `${p.a.id}|${p.b.id}`).sort();
    const slow: string[] = [];
    for (let i = 0; i < list.length; i++)
      for (let j = 0; j < list.length; j++)
        if (list[i].id < list[j].id && similarHouseholds(list[i], [list[j]]).length) slow.push(`${list[i].id}|${list[j].id}`);
    expect(fast).toEqual(slow.sort());
    expect(fast.length).toBeGreaterThan(10);
  });
});
