import { describe, expect, it } from 'vitest';
import { checkVisit, refsFrom } from '../../../src/core/model/checks.ts';
import { needsFollowUpDate, pendingOf } from '../../../src/core/model/followup.ts';

describe('follow-up rules', () => {
  it('a date is needed exactly when some item, for someone, needs a follow-up', () => {
    expect(needsFollowUpDate([])).toBe(false);
    expect(needsFollowUpDate([{ itemId: 'vneid', residentIds: ['a'], outcome: 'done' }, { itemId: 'fibre', residentIds: [], outcome: 'partial' }])).toBe(false);
    expect(needsFollowUpDate([{ itemId: 'vneid', residentIds: ['a'], outcome: 'done' }, { itemId: 'vneid', residentIds: ['b'], outcome: 'follow-up' }])).toBe(true);
  });

  it('what is pending: follow-ups first, then partly done, one entry per item, residents merged, done and declined left out', () => {
    expect(
      pendingOf([
        { itemId: 'cashless', residentIds: ['a'], outcome: 'partial' },
        { itemId: 'vneid', residentIds: ['a'], outcome: 'done' },
        { itemId: 'vneid', residentIds: ['b', 'c'], outcome: 'follow-up' },
        { itemId: 'fibre', residentIds: [], outcome: 'follow-up' },
        { itemId: 'skills', residentIds: ['c'], outcome: 'declined' },
        { itemId: 'vneid', residentIds: ['c', 'd'], outcome: 'follow-up' },
      ]),
    ).toEqual([
      { itemId: 'vneid', residentIds: ['b', 'c', 'd'], outcome: 'follow-up' },
      { itemId: 'fibre', residentIds: [], outcome: 'follow-up' },
      { itemId: 'cashless', residentIds: ['a'], outcome: 'partial' },
    ]);
  });
});

describe('a visit records one outcome per resident per item', () => {
  const household = { id: 'h1', villageId: 'v1' };
  const residents = ['a', 'b'].map((id) => ({ id, householdId: 'h1', villageId: 'v1' }));
  const refs = refsFrom(household, residents, [
    { id: 'vneid', level: 'resident' },
    { id: 'fibre', level: 'household' },
  ]);
  const visit = (items: unknown[]) => ({ id: 'x', villageId: 'v1', householdId: 'h1', memberId: 'm', memberName: 'A', at: 1, items, dossiers: [], language: 'vi', minutes: 10, note: '', followUpOn: null, replaces: null });

  it('accepts the same item twice with different residents and outcomes', () => {
    const r = checkVisit(visit([{ itemId: 'vneid', residentIds: ['a'], outcome: 'done' }, { itemId: 'vneid', residentIds: ['b'], outcome: 'follow-up' }]), refs);
    expect(r.ok).toBe(true);
  });

  it('refuses two outcomes for one resident of an item, or a household item twice', () => {
    const twice = checkVisit(visit([{ itemId: 'vneid', residentIds: ['a', 'b'], outcome: 'done' }, { itemId: 'vneid', residentIds: ['b'], outcome: 'declined' }]), refs);
    expect(twice).toEqual({ ok: false, code: 'invalid', issues: [{ field: 'items.1.residentIds', rule: 'duplicate' }] });
    const house = checkVisit(visit([{ itemId: 'fibre', residentIds: [], outcome: 'done' }, { itemId: 'fibre', residentIds: [], outcome: 'partial' }]), refs);
    expect(house).toEqual({ ok: false, code: 'invalid', issues: [{ field: 'items.1.residentIds', rule: 'duplicate' }] });
  });
});
