import * as v from 'valibot';
import { CodedError } from '../../core/errors.ts';
import { freeText } from '../../core/model/fields.ts';
import { validate } from '../../core/model/validate.ts';
import type { ReportText } from '../../core/report/shapes.ts';
import type { Kysely } from 'kysely';
import { writeAudit } from '../store/commune-write.ts';
import type { Database } from '../store/schema.ts';

// The officer's own words in the periodic report, one pair per commune and period. Free text like any other:
// it refuses what looks like a citizen ID number or an OTP.
export const REPORT_TEXT_MAX = 5000;
export const ReportTextSchema = v.object({ difficulties: freeText(REPORT_TEXT_MAX), proposals: freeText(REPORT_TEXT_MAX) });

export const getReportText = async (db: Kysely<Database>, communeId: string, periodKey: string): Promise<ReportText> => {
  const row = await db
    .selectFrom('report_texts')
    .leftJoin('members', 'members.id', 'report_texts.updated_by')
    .select(['report_texts.difficulties', 'report_texts.proposals', 'report_texts.updated_at', 'members.display_name as by'])
    .where('report_texts.commune_id', '=', communeId)
    .where('period_key', '=', periodKey)
    .executeTakeFirst();
  return row
    ? { periodKey, difficulties: row.difficulties, proposals: row.proposals, updatedAt: Number(row.updated_at), updatedBy: row.by ?? null }
    : { periodKey, difficulties: '', proposals: '', updatedAt: null, updatedBy: null };
};

export const putReportText = async (db: Kysely<Database>, communeId: string, periodKey: string, actorId: string, body: unknown, now: number): Promise<ReportText> => {
  const checked = validate(ReportTextSchema, body);
  if (!checked.ok) throw new CodedError('invalid', undefined, checked.issues);
  const { difficulties, proposals } = checked.value;
  await db.transaction().execute(async (trx) => {
    await trx
      .insertInto('report_texts')
      .values({ commune_id: communeId, period_key: periodKey, difficulties, proposals, updated_at: now, updated_by: actorId })
      .onConflict((oc) => oc.columns(['commune_id', 'period_key']).doUpdateSet({ difficulties, proposals, updated_at: now, updated_by: actorId }))
      .execute();
    await writeAudit(trx, {
      communeId,
      actorId,
      action: 'report.text',
      subject: `report:${periodKey}`,
      details: { difficulties: difficulties.length, proposals: proposals.length },
      now,
    });
  });
  return getReportText(db, communeId, periodKey);
};
