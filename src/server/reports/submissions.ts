import type { Kysely } from 'kysely';
import { v7 as uuidv7 } from 'uuid';
import { appendixRows, changedSince, type AppendixRow, type AppendixSnapshot } from '../../core/report/appendix.ts';
import { reportDueBefore, startOfDayMs, addDaysIso, type Period } from '../../core/report/period.ts';
import type { TalliesReport } from '../../core/report/shapes.ts';
import { writeAudit } from '../store/commune-write.ts';
import type { Database } from '../store/schema.ts';
import { loadIndicatorMap, provinceOfCommune } from './province-setup.ts';
import { loadTargets, talliesReport, type ReportStore } from './queries.ts';
import { getReportText } from './texts.ts';

// Submitting a period's report ("gửi báo cáo") freezes what was sent: the appendix rows (figures and targets),
// the officer's two passages and the as-of time, with who sent it and when. A later export of the period compares
// today's rows with the latest submission and says which indicators changed since. Submitting again is allowed (a
// corrected report); every submission is kept, the latest is the one compared with.
export type Submission = {
  id: string;
  periodKey: string;
  submittedAt: number;
  submittedBy: string | null; // display name
  onTime: boolean | null; // by the end of the due day (src/core/report/period.ts); null without a due date
  snapshot: AppendixSnapshot;
};

// The appendix rows of a commune's report, in its province's order (what the export writes and a submission freezes).
export const communeAppendix = async (db: Kysely<Database>, tallies: TalliesReport, lang: 'vi' | 'en' = 'vi'): Promise<AppendixRow[]> => {
  const provinceId = await provinceOfCommune(db, tallies.commune.id);
  const [targets, mapping] = await Promise.all([loadTargets(db, tallies.commune.id), provinceId ? loadIndicatorMap(db, provinceId) : []]);
  return appendixRows(tallies, lang, targets, undefined, mapping);
};

export const onTime = (period: Period, at: number): boolean | null => {
  const due = reportDueBefore(period);
  return due === null ? null : at < startOfDayMs(addDaysIso(due, 1));
};

type Row = Database['report_submissions'] & { by: string | null };
const toSubmission = (r: Row, period: Period): Submission => ({
  id: r.id,
  periodKey: r.period_key,
  submittedAt: Number(r.submitted_at),
  submittedBy: r.by,
  onTime: onTime(period, Number(r.submitted_at)),
  snapshot: JSON.parse(r.snapshot) as AppendixSnapshot,
});

const selectSubmissions = (db: Kysely<Database>) =>
  db
    .selectFrom('report_submissions')
    .leftJoin('members', 'members.id', 'report_submissions.submitted_by')
    .selectAll('report_submissions')
    .select('members.display_name as by');

export const latestSubmission = async (db: Kysely<Database>, communeId: string, period: Period): Promise<Submission | null> => {
  const r = await selectSubmissions(db)
    .where('report_submissions.commune_id', '=', communeId)
    .where('period_key', '=', period.key)
    .orderBy('submitted_at', 'desc')
    .limit(1)
    .executeTakeFirst();
  return r ? toSubmission(r as Row, period) : null;
};

// Every commune's first submission of the period (whether it came by the due date is the first one's).
export const firstSubmissions = async (db: Kysely<Database>, communeIds: readonly string[], period: Period): Promise<Map<string, Omit<Submission, 'snapshot'>>> => {
  const out = new Map<string, Omit<Submission, 'snapshot'>>();
  if (!communeIds.length) return out;
  const rows = await db
    .selectFrom('report_submissions')
    .leftJoin('members', 'members.id', 'report_submissions.submitted_by')
    .select(['report_submissions.id', 'report_submissions.commune_id', 'report_submissions.period_key', 'report_submissions.submitted_at', 'members.display_name as by'])
    .where('report_submissions.commune_id', 'in', communeIds)
    .where('period_key', '=', period.key)
    .orderBy('submitted_at', 'asc')
    .execute();
  for (const r of rows)
    if (!out.has(r.commune_id))
      out.set(r.commune_id, { id: r.id, periodKey: r.period_key, submittedAt: Number(r.submitted_at), submittedBy: r.by ?? null, onTime: onTime(period, Number(r.submitted_at)) });
  return out;
};

export const submitReport = async (store: ReportStore, communeId: string, period: Period, actorId: string, now: number): Promise<Submission> => {
  const { db } = store;
  const [tallies, text] = await Promise.all([talliesReport(store, communeId, period, now), getReportText(db, communeId, period.key)]);
  const rows = await communeAppendix(db, tallies);
  const snapshot: AppendixSnapshot = { rows, difficulties: text.difficulties, proposals: text.proposals, asOf: tallies.asOf };
  const id = uuidv7();
  await db.transaction().execute(async (trx) => {
    await trx.insertInto('report_submissions').values({ id, commune_id: communeId, period_key: period.key, submitted_at: now, submitted_by: actorId, snapshot: JSON.stringify(snapshot) }).execute();
    await writeAudit(trx, { communeId, actorId, action: 'report.submit', subject: `report:${period.key}`, details: { indicators: rows.length }, now });
  });
  return (await latestSubmission(db, communeId, period))!;
};

// The latest submission and what changed since, against rows made now.
export type SubmissionStatus = { submission: Omit<Submission, 'snapshot'> | null; changed: string[]; textChanged: boolean };
export const submissionStatus = (sub: Submission | null, rows: readonly AppendixRow[], text: { difficulties: string; proposals: string }): SubmissionStatus => {
  if (!sub) return { submission: null, changed: [], textChanged: false };
  const { snapshot, ...rest } = sub;
  return {
    submission: rest,
    changed: changedSince(snapshot.rows, rows),
    textChanged: snapshot.difficulties !== text.difficulties || snapshot.proposals !== text.proposals,
  };
};
