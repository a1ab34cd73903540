import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it } from 'vitest';
import type { CodedError } from '../../../src/core/errors.ts';
import { checklistCellId } from '../../../src/core/model/checklist.ts';
import { residentsOf } from '../../../src/app/store/households-repo.ts';
import { closeFollowUp, openFollowUps, reopenFollowUp } from '../../../src/app/store/followups-repo.ts';
import { lastLanguage, localDate, logVisit, redactVisit, visitsOf, voidVisit, type VisitInput } from '../../../src/app/store/visits-repo.ts';
import { refreshAllRosters } from '../../../src/app/store/roster.ts';
import { addFamily, closeAll, setUpPhone } from '../helpers.ts';

afterEach(closeAll);

const base: Omit<VisitInput, 'items'> = { dossiers: [], language: 'thai', minutes: 20, note: '', followUpOn: null };
const inDays = (n: number) => localDate(Date.now() + n * 86_400_000);

const setUp = async () => {
  const { db, member } = await setUpPhone();
  const h = await addFamily(db);
  const people = await residentsOf(db, h.id);
  const [pao, on] = people.filter((r) => r.label === 'Lò Văn Páo' || r.label === 'Lường Thị Ón');
  return { db, member, h, pao, on, people };
};

describe('visits repository', () => {
  it('writes the visit, a checklist cell per resident helped, and their mutations together', async () => {
    const { db, member, h, pao, on } = await setUp();
    const before = await db.outbox.count();
    const visit = await logVisit(db, h.id, { ...base, items: [{ itemId: 'vneid-l2', residentIds: [pao.id, on.id], outcome: 'done' }, { itemId: 'fibre', residentIds: [], outcome: 'partial' }] }, member);
    expect(await db.visits.get(visit.id)).toMatchObject({ memberId: member.id, memberName: 'Lò Thị Hoa', language: 'thai', minutes: 20, replaces: null });
    expect((await db.checklist.get(checklistCellId('vneid-l2', pao.id)))?.state).toBe('done');
    expect((await db.checklist.get(checklistCellId('vneid-l2', on.id)))?.state).toBe('done');
    expect(await db.checklist.get(checklistCellId('fibre', h.id))).toMatchObject({ state: 'in-progress', residentId: null, by: member.id });
    const out = (await db.outbox.orderBy('seq').toArray()).slice(before);
    // vneid-l2 for Páo and Ón, fibre, and the VNeID account cells level 2 implies (core IMPLIES_DONE)
    expect(out.map((e) => e.name)).toEqual(['visit.add', 'checklist.set', 'checklist.set', 'checklist.set', 'checklist.set', 'checklist.set']);
    expect(out[1].args).toMatchObject({ id: checklistCellId('vneid-l2', pao.id), householdId: h.id, residentId: pao.id, itemId: 'vneid-l2', state: 'done' });
    expect(out.slice(4).map((e) => [e.args.id, e.args.state])).toEqual([
      [checklistCellId('vneid', pao.id), 'done'],
      [checklistCellId('vneid', on.id), 'done'],
    ]);
    expect((await db.checklist.get(checklistCellId('vneid', on.id)))?.state).toBe('done');
    expect(await lastLanguage(db)).toBe('thai');
    expect((await db.roster.get(h.id))?.lastVisitAt).toBe(visit.at);
    // the summary written with the visit equals one rebuilt from the records
    const written = await db.roster.get(h.id);
    await refreshAllRosters(db);
    expect(await db.roster.get(h.id)).toEqual(written);
  });

  it('opens a follow-up when a date is given and closes it with the next visit', async () => {
    const { db, member, h, pao } = await setUp();
    const first = await logVisit(db, h.id, { ...base, items: [{ itemId: 'cashless', residentIds: [pao.id], outcome: 'follow-up' }], followUpOn: inDays(7) }, member);
    const [f] = await db.followups.toArray();
    expect(f).toMatchObject({ householdId: h.id, dueOn: inDays(7), status: 'open', visitId: first.id });
    expect((await db.roster.get(h.id))?.followUpOn).toBe(inDays(7));
    expect((await db.checklist.get(checklistCellId('cashless', pao.id)))?.state).toBe('in-progress');
    const seqBefore = await db.outbox.count();
    await logVisit(db, h.id, { ...base, items: [{ itemId: 'cashless', residentIds: [pao.id], outcome: 'done' }] }, member);
    expect((await db.followups.get(f.id))?.status).toBe('done');
    const out = (await db.outbox.orderBy('seq').toArray()).slice(seqBefore);
    expect(out.map((e) => e.name)).toEqual(['visit.add', 'checklist.set', 'followup.put']);
    expect(out[2].args).toEqual({ id: f.id, householdId: h.id, villageId: h.villageId, status: 'done' });
    expect((await db.roster.get(h.id))?.followUpOn).toBe('');
    const written = await db.roster.get(h.id);
    await refreshAllRosters(db);
    expect(await db.roster.get(h.id)).toEqual(written);
  });

  it('corrects by voiding and replacing, never editing in place', async () => {
    const { db, member, h, pao, on } = await setUp();
    const wrong = await logVisit(db, h.id, { ...base, items: [{ itemId: 'vneid', residentIds: [pao.id], outcome: 'done' }], followUpOn: inDays(3) }, member);
    const right = await logVisit(db, h.id, { ...base, items: [{ itemId: 'vneid', residentIds: [on.id], outcome: 'done' }], followUpOn: null }, member, { replaces: wrong, reason: 'nhầm người' });
    expect(right.replaces).toBe(wrong.id);
    expect(await db.visits.get(wrong.id)).toEqual(wrong);
    const history = await visitsOf(db, h.id);
    expect(history.map((v) => [v.id, v.voided])).toEqual([[right.id, false], [wrong.id, true]]);
    expect((await db.followups.toArray()).map((f) => f.status)).toEqual(['cancelled']);
    const names = (await db.outbox.orderBy('seq').toArray()).map((e) => e.name);
    expect(names.slice(-4)).toEqual(['visit.void', 'visit.add', 'checklist.set', 'followup.put']);
  });

  it('voids a visit once and cancels the follow-up it opened', async () => {
    const { db, member, h, pao } = await setUp();
    const v = await logVisit(db, h.id, { ...base, items: [{ itemId: 'vneid', residentIds: [pao.id], outcome: 'follow-up' }], followUpOn: inDays(1) }, member);
    const a = await voidVisit(db, v, 'ghi nhầm hộ', member);
    const b = await voidVisit(db, v, 'ghi nhầm hộ', member);
    expect(b.id).toBe(a.id);
    expect(await db.voids.count()).toBe(1);
    expect((await db.followups.toArray())[0].status).toBe('cancelled');
    expect((await db.roster.get(h.id))?.lastVisitAt).toBe(0);
  });

  it('refuses an incomplete visit, naming the fields, and writes nothing', async () => {
    const { db, member, h, pao } = await setUp();
    const before = await db.outbox.count();
    const fail = async (input: VisitInput) => {
      try {
        await logVisit(db, h.id, input, member);
      } catch (e) {
        return (e as CodedError).issues;
      }
      throw new Error('expected a refusal');
    };
    expect(await fail({ ...base, items: [] })).toEqual([{ field: 'items', rule: 'empty-list' }]);
    expect(await fail({ ...base, items: [{ itemId: 'vneid-l2', residentIds: [], outcome: 'done' }] })).toEqual([{ field: 'items.0.residentIds', rule: 'empty-list' }]);
    expect(await fail({ ...base, items: [{ itemId: 'vneid', residentIds: [pao.id], outcome: 'done' }], minutes: null, followUpOn: inDays(-2) })).toEqual([
      { field: 'minutes', rule: 'required' },
      { field: 'followUpOn', rule: 'too-small' },
    ]);
    expect(await fail({ ...base, items: [{ itemId: 'vneid', residentIds: [pao.id], outcome: 'done' }], note: 'OTP là 482913' })).toEqual([{ field: 'note', rule: 'looks-like-otp' }]);
    expect(await db.outbox.count()).toBe(before);
    expect(await db.visits.count()).toBe(0);
  });
  it('erases a note at once, from the visit and from its insert still waiting to be sent, and queues the redaction', async () => {
    const { db, member, h, pao } = await setUp();
    const v = await logVisit(db, h.id, { ...base, items: [{ itemId: 'vneid', residentIds: [pao.id], outcome: 'done' }], note: 'Chị Ón nhờ ghi số 0912 345 678' }, member);
    await voidVisit(db, v, '', member);
    await redactVisit(db, v, member);
    const stored = await db.visits.get(v.id);
    expect(stored).toMatchObject({ note: '', items: v.items, minutes: 20 });
    expect(stored?.redactedAt).toEqual(expect.any(Number));
    const out = await db.outbox.orderBy('seq').toArray();
    expect(out.find((e) => e.name === 'visit.add')?.args.note).toBe('');
    expect(JSON.stringify(out)).not.toContain('0912');
    const redact = out.filter((e) => e.name === 'visit.redact');
    expect(redact).toHaveLength(1);
    expect(redact[0]).toMatchObject({ id: v.id, args: { id: v.id, villageId: h.villageId, memberId: member.id, at: stored?.redactedAt } });
    // Once erased, erasing again queues nothing more; the (voided) visit stays in the history.
    await redactVisit(db, v, member);
    expect((await db.outbox.toArray()).filter((e) => e.name === 'visit.redact')).toHaveLength(1);
    expect((await visitsOf(db, h.id)).map((x) => [x.id, x.voided, x.note])).toEqual([[v.id, true, '']]);
  });
  it('refuses "cần hỗ trợ lại" without a follow-up date, and writes nothing', async () => {
    const { db, member, h, pao } = await setUp();
    const before = await db.outbox.count();
    await expect(logVisit(db, h.id, { ...base, items: [{ itemId: 'cashless', residentIds: [pao.id], outcome: 'follow-up' }], followUpOn: null }, member)).rejects.toMatchObject({
      code: 'invalid',
      issues: [{ field: 'followUpOn', rule: 'required' }],
    });
    expect(await db.outbox.count()).toBe(before);
    expect(await db.followups.count()).toBe(0);
  });

  it('records each resident’s own outcome for one item, and the follow-up says what is pending for whom', async () => {
    const { db, member, h, pao, on } = await setUp();
    await logVisit(
      db,
      h.id,
      {
        ...base,
        items: [
          { itemId: 'vneid-l2', residentIds: [pao.id], outcome: 'done' },
          { itemId: 'vneid-l2', residentIds: [on.id], outcome: 'follow-up' },
          { itemId: 'fibre', residentIds: [], outcome: 'partial' },
        ],
        followUpOn: inDays(7),
      },
      member,
    );
    expect((await db.checklist.get(checklistCellId('vneid-l2', pao.id)))?.state).toBe('done');
    expect((await db.checklist.get(checklistCellId('vneid-l2', on.id)))?.state).toBe('in-progress');
    const [f] = await openFollowUps(db, [h.villageId]);
    expect(f.pending).toEqual([
      { itemId: 'vneid-l2', residentIds: [on.id], outcome: 'follow-up' },
      { itemId: 'fibre', residentIds: [], outcome: 'partial' },
    ]);
    expect(f.names.get(on.id)).toBe('Lường Thị Ón');
  });

  it('a follow-up closed by hand can be reopened (undo), once, and never over a later visit’s closing', async () => {
    const { db, member, h, pao } = await setUp();
    await logVisit(db, h.id, { ...base, items: [{ itemId: 'cashless', residentIds: [pao.id], outcome: 'follow-up' }], followUpOn: inDays(7) }, member);
    const [f] = await openFollowUps(db, [h.villageId]);
    expect(await closeFollowUp(db, f, 'done')).toBe(true);
    expect(await openFollowUps(db, [h.villageId])).toHaveLength(0);
    expect(await closeFollowUp(db, f, 'done')).toBe(false);
    expect(await reopenFollowUp(db, f, 'done')).toBe(true);
    expect((await openFollowUps(db, [h.villageId])).map((x) => x.id)).toEqual([f.id]);
    const out = (await db.outbox.orderBy('seq').toArray()).filter((e) => e.name === 'followup.put' && e.id === f.id);
    expect(out.map((e) => e.args.status)).toEqual(['open', 'done', 'open']);
    expect(await reopenFollowUp(db, f, 'done')).toBe(false);
    // Closed another way meanwhile (cancelled): an undo of the "done" no longer applies.
    await closeFollowUp(db, f, 'cancelled');
    expect(await reopenFollowUp(db, f, 'done')).toBe(false);
    expect((await db.followups.get(f.id))?.status).toBe('cancelled');
  });
});
