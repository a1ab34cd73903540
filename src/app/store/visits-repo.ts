import type { FieldIssue } from '../../core/errors.ts';
import { CodedError } from '../../core/errors.ts';
import { FollowUpSchema, needsFollowUpDate, type FollowUp } from '../../core/model/followup.ts';
import type { Member } from '../../core/model/people.ts';
import { stateForOutcome, type ChecklistCell } from '../../core/model/checklist.ts';
import { checkVisit, refsFrom } from '../../core/model/checks.ts';
import { RedactSchema, VoidSchema, type DossierCount, type Visit, type VisitItem, type Void } from '../../core/model/visit.ts';
import type { Language } from '../../core/model/enums.ts';
import { isoDay } from '../ui/dates.ts';
import { alsoDone, buildCell } from './checklist-repo.ts';
import { DEFAULT_CATALOGUE } from '../../core/model/catalogue-defaults.ts';
import type { AppDb } from './db.ts';
import { COMMIT_TABLES, commit } from './commit.ts';
import { getMeta, metaRow } from './meta.ts';
import { deviceNow, newId, type PendingMutation } from './outbox.ts';
import { summarize } from './roster.ts';
import { checked, guardWrite, invalid, refusal } from './write.ts';

// Assistance visits are insert-only. Logging one writes, in one transaction: the visit, a checklist.set for each
// (resident or household, item) helped, the closing of the household's open follow-ups, and a new follow-up when a
// date is given. A correction voids the old visit and writes a new one that `replaces` it.
export type VisitInput = {
  items: VisitItem[];
  dossiers: DossierCount[];
  language: Language;
  minutes: number | null;
  note: string;
  followUpOn: string | null;
};

export type VisitOptions = { replaces?: Visit; reason?: string; today?: string };

export const localDate = (ms: number): string => isoDay(ms);

export const logVisit = (db: AppDb, householdId: string, input: VisitInput, member: Member, opts: VisitOptions = {}): Promise<Visit> =>
  guardWrite(async () => {
    const mark = typeof performance !== 'undefined' ? performance.now() : 0;
    const today = opts.today ?? localDate(Date.now());
    // One transaction: every read at once, then the mutations are built and committed (IndexedDB runs requests in
    // order). The roster summary is computed from what was read plus what is written, with no second read.
    const visit = await db.transaction('rw', COMMIT_TABLES(db), async () => {
      const [household, residents, catalogueRows, followups, cellRows, offset, summary] = await Promise.all([
        db.households.get(householdId),
        db.residents.where('householdId').equals(householdId).toArray(),
        db.catalogue.toArray(),
        db.followups.where('householdId').equals(householdId).toArray(),
        db.checklist.where('householdId').equals(householdId).toArray(),
        getMeta(db, 'clockOffset'),
        db.roster.get(householdId),
      ]);
      if (!household) throw new CodedError('not-found');
      const catalogue = (catalogueRows.length ? catalogueRows : [...DEFAULT_CATALOGUE]).filter((i) => !i.retired);
      const at = Date.now() + (offset ?? 0);
      const itemById = new Map(catalogue.map((i) => [i.id, i]));
      const residentById = new Map(residents.map((r) => [r.id, r]));

      // The form's rules first (they depend on today and on what was left blank), then the record's own check,
      // the same one the server runs when the visit arrives (core/model/checks.ts).
      const issues: FieldIssue[] = [];
      if (input.minutes === null) issues.push({ field: 'minutes', rule: 'required' });
      if (input.followUpOn && input.followUpOn < today) issues.push({ field: 'followUpOn', rule: 'too-small' });
      // "Cần hỗ trợ lại" needs a date, or nobody is reminded (core/model/followup.ts). The form's rule, not the
      // record's: a visit queued by an older app without one is still accepted by the server.
      if (!input.followUpOn && needsFollowUpDate(input.items)) issues.push({ field: 'followUpOn', rule: 'required' });
      const vv = checkVisit(
        {
          id: newId(),
          villageId: household.villageId,
          householdId,
          memberId: member.id,
          memberName: member.displayName,
          at,
          items: input.items,
          dossiers: input.dossiers,
          language: input.language,
          minutes: input.minutes ?? 0,
          note: input.note,
          followUpOn: input.followUpOn || null,
          replaces: opts.replaces?.id ?? null,
        },
        refsFrom(household, residents, catalogue),
      );
      if (!vv.ok) throw refusal(vv, issues);
      if (issues.length) throw invalid(issues);
      const visit = vv.value;

      const cells: ChecklistCell[] = [];
      for (const it of visit.items) {
        const item = itemById.get(it.itemId)!;
        const state = stateForOutcome(it.outcome);
        const subjects = item.level === 'household' ? [null] : it.residentIds.map((id) => residentById.get(id)!);
        for (const resident of subjects) cells.push(buildCell({ household, resident, item }, state, member, at));
      }
      // A done item that implies another (VNeID level 2 → the VNeID account) sets that one done too.
      cells.push(...alsoDone(cells, new Map(cellRows.map((c) => [c.id, c])), itemById, household, residentById, member, at));
      const voidRec: Void | undefined = opts.replaces
        ? checked(VoidSchema, { id: newId(), target: 'visit', targetId: opts.replaces.id, villageId: household.villageId, memberId: member.id, at, reason: opts.reason ?? '' })
        : undefined;
      const newFollowUp: FollowUp | undefined = visit.followUpOn
        ? checked(FollowUpSchema, { id: newId(), householdId, villageId: household.villageId, dueOn: visit.followUpOn, status: 'open', visitId: visit.id, note: '' })
        : undefined;
      // A new visit settles what was promised; a correction only takes back what the visit it replaces promised.
      const open = followups.filter((f) => f.status === 'open');
      const closing = opts.replaces ? open.filter((f) => f.visitId === opts.replaces!.id) : open;
      const closeAs = opts.replaces ? 'cancelled' : 'done';
      const closed = closing.map((f) => ({ ...f, status: closeAs }) as FollowUp);

      const muts: PendingMutation[] = [];
      if (voidRec) muts.push({ name: 'visit.void', args: { ...voidRec } });
      muts.push({ name: 'visit.add', args: { ...visit } });
      for (const c of cells) muts.push({ name: 'checklist.set', args: { ...c } });
      for (const f of closed) muts.push({ name: 'followup.put', args: { id: f.id, householdId, villageId: f.villageId, status: closeAs } });
      if (newFollowUp) muts.push({ name: 'followup.put', args: { ...newFollowUp } });

      const cellsNow = new Map(cellRows.map((c) => [c.id, c]));
      for (const c of cells) cellsNow.set(c.id, c);
      const followupsNow = new Map(followups.map((f) => [f.id, f]));
      for (const f of [...closed, ...(newFollowUp ? [newFollowUp] : [])]) followupsNow.set(f.id, f);
      const row = summarize(household, residents, [...cellsNow.values()], [...followupsNow.values()], Math.max(visit.at, summary?.lastVisitAt ?? 0), catalogue, new Date(at).getFullYear());

      await commit(db, muts, { roster: [row], meta: [metaRow('ui.lastLanguage', visit.language)] });
      return visit;
    });
    if (mark) {
      // The save's latency, from the tap's handler to the commit, visible in DevTools and to `npm run bench`.
      performance.measure('tn:visit-save', { start: mark, end: performance.now() });
    }
    return visit;
  });

// Takes a visit back (entered by mistake): a void record, and the follow-up it opened is cancelled. Checklist
// cells keep their state; the member adjusts them on the household's grid if they were wrong.
export const voidVisit = (db: AppDb, visit: Visit, reason: string, member: Member): Promise<Void> =>
  guardWrite(async () => {
    const already = await db.voids.where('targetId').equals(visit.id).first();
    if (already) return already;
    const v = checked(VoidSchema, { id: newId(), target: 'visit', targetId: visit.id, villageId: visit.villageId, memberId: member.id, at: await deviceNow(db), reason });
    await db.transaction('rw', COMMIT_TABLES(db), async () => {
      const opened = (await db.followups.where('householdId').equals(visit.householdId).toArray()).filter((f) => f.status === 'open' && f.visitId === visit.id);
      await commit(db, [
        { name: 'visit.void', args: { ...v } },
        ...opened.map((f): PendingMutation => ({ name: 'followup.put', args: { id: f.id, householdId: f.householdId, villageId: f.villageId, status: 'cancelled' } })),
      ]);
    });
    return v;
  });

// A household's visits, newest first, with the ones voided or replaced marked.
export type VisitRow = Visit & { voided: boolean };
export const visitsOf = async (db: AppDb, householdId: string): Promise<VisitRow[]> => {
  const visits = await db.visits.where('householdId').equals(householdId).toArray();
  const voided = new Set((await db.voids.where('targetId').anyOf(visits.map((v) => v.id)).toArray()).map((v) => v.targetId));
  return visits.map((v) => ({ ...v, voided: voided.has(v.id) })).sort((a, b) => b.at - a.at);
};

export const lastLanguage = async (db: AppDb): Promise<Language> => (await getMeta(db, 'ui.lastLanguage')) ?? 'vi';

// Erases a visit's note (a citizen's number typed by mistake, say): the note is cleared here at once, and on the
// server and every phone once it syncs (visit.redact); the visit stays and still counts. Works on a voided visit too.
export const redactVisit = (db: AppDb, visit: Visit, member: Member): Promise<void> =>
  guardWrite(async () => {
    const r = checked(RedactSchema, { id: visit.id, villageId: visit.villageId, memberId: member.id, at: await deviceNow(db) });
    await db.transaction('rw', COMMIT_TABLES(db), async () => {
      const now = await db.visits.get(visit.id);
      if (!now || now.redactedAt !== undefined) return;
      await commit(db, [{ name: 'visit.redact', args: { ...r } }]);
    });
  });
