import type { FieldIssue } from '../../core/errors.ts';
import type { SessionKind } from '../../core/model/enums.ts';
import type { Member } from '../../core/model/people.ts';
import { checkSession, refsFrom } from '../../core/model/checks.ts';
import { RedactSchema, VoidSchema, type Session, type Void } from '../../core/model/visit.ts';
import type { AppDb } from './db.ts';
import { COMMIT_TABLES, commit } from './commit.ts';
import { deviceNow, newId } from './outbox.ts';
import { activeCatalogue } from './checklist-repo.ts';
import { checked, guardWrite, invalid, refusal } from './write.ts';

// Group sessions (training classes, village meetings, loudspeaker broadcasts, Digital Transformation Day events):
// insert-only, like visits; a mistake is voided.
export type SessionInput = {
  kind: SessionKind;
  topics: string[];
  attendees: number | null;
  residentIds: string[];
  date: string;
  place: string;
  note: string;
};

export const addSession = (db: AppDb, villageId: string, input: SessionInput, member: Member, today: string): Promise<Session> =>
  guardWrite(async () => {
    // The form's rules (blank, in the future), then the record's check the server runs too.
    const issues: FieldIssue[] = [];
    if (input.attendees === null) issues.push({ field: 'attendees', rule: 'required' });
    if (input.date && input.date > today) issues.push({ field: 'date', rule: 'too-large' });
    const [catalogue, residents] = await Promise.all([activeCatalogue(db), db.residents.bulkGet(input.residentIds)]);
    const sv = checkSession(
      { ...input, attendees: input.attendees ?? 0, id: newId(), villageId, memberId: member.id, memberName: member.displayName, replaces: null },
      refsFrom(undefined, residents.filter((r) => r !== undefined), catalogue),
    );
    if (!sv.ok) throw refusal(sv, issues);
    if (issues.length) throw invalid(issues);
    const session = sv.value;
    await commit(db, [{ name: 'session.add', args: { ...session } }]);
    return session;
  });

export const voidSession = (db: AppDb, session: Session, reason: string, member: Member): Promise<Void> =>
  guardWrite(async () => {
    const already = await db.voids.where('targetId').equals(session.id).first();
    if (already) return already;
    const v = checked(VoidSchema, { id: newId(), target: 'session', targetId: session.id, villageId: session.villageId, memberId: member.id, at: await deviceNow(db), reason });
    await commit(db, [{ name: 'session.void', args: { ...v } }]);
    return v;
  });

export type SessionRow = Session & { voided: boolean };
export const sessionsOf = async (db: AppDb, villageIds: readonly string[]): Promise<SessionRow[]> => {
  const sessions = await db.sessions.where('villageId').anyOf([...villageIds]).toArray();
  const voided = new Set((await db.voids.where('targetId').anyOf(sessions.map((s) => s.id)).toArray()).map((v) => v.targetId));
  return sessions.map((s) => ({ ...s, voided: voided.has(s.id) })).sort((a, b) => (a.date < b.date ? 1 : a.date > b.date ? -1 : 0));
};

// Erases a session's note; the session stays and still counts (session.redact, like redactVisit).
export const redactSession = (db: AppDb, session: Session, member: Member): Promise<void> =>
  guardWrite(async () => {
    const r = checked(RedactSchema, { id: session.id, villageId: session.villageId, memberId: member.id, at: await deviceNow(db) });
    await db.transaction('rw', COMMIT_TABLES(db), async () => {
      const now = await db.sessions.get(session.id);
      if (!now || now.redactedAt !== undefined) return;
      await commit(db, [{ name: 'session.redact', args: { ...r } }]);
    });
  });
