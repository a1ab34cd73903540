import { describe, expect, it } from 'vitest';
import { itemsOf } from '../../../../src/app/screens/visit/picked.ts';

describe('the visit form’s items: one outcome per resident', () => {
  it('groups the residents of an item by their own outcome, in the outcomes’ order', () => {
    expect(itemsOf('vneid', 'resident', { residentIds: ['a', 'b', 'c'], outcome: 'done', by: { b: 'follow-up', c: 'declined' } })).toEqual([
      { itemId: 'vneid', residentIds: ['a'], outcome: 'done' },
      { itemId: 'vneid', residentIds: ['c'], outcome: 'declined' },
      { itemId: 'vneid', residentIds: ['b'], outcome: 'follow-up' },
    ]);
  });
  it('everyone with the item’s outcome is one entry; a household item ignores residents', () => {
    expect(itemsOf('vneid', 'resident', { residentIds: ['a', 'b'], outcome: 'partial' })).toEqual([{ itemId: 'vneid', residentIds: ['a', 'b'], outcome: 'partial' }]);
    expect(itemsOf('fibre', 'household', { residentIds: [], outcome: 'done', by: { a: 'declined' } })).toEqual([{ itemId: 'fibre', residentIds: [], outcome: 'done' }]);
  });
  it('no resident picked yet keeps one empty entry, so the check names the field', () => {
    expect(itemsOf('vneid', 'resident', { residentIds: [], outcome: 'done' })).toEqual([{ itemId: 'vneid', residentIds: [], outcome: 'done' }]);
  });
});
