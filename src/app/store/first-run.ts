import type { FieldIssue } from '../../core/errors.ts';
import { DEFAULT_CATALOGUE } from '../../core/model/catalogue-defaults.ts';
import { DisplayNameSchema, type Member } from '../../core/model/people.ts';
import { SAMPLE_COMMUNE, SAMPLE_VILLAGES } from '../../core/sample/sample-commune.ts';
import type { AppDb } from './db.ts';
import { getMember, MEMBER_KEY } from './member.ts';
import { deviceId, newId } from './outbox.ts';
import { refreshAllRosters } from './roster.ts';
import { checked, guardWrite, invalid } from './write.ts';

// First run before the phone has joined a team: the member types a name and picks their village(s) from the
// bundled sample commune (fictional, labelled "mẫu"); the sample villages and the default checklist catalogue are
// seeded into the phone. This is the "try it offline with the sample commune" path that sits beside "join your
// team" once joining exists; `memberSource` tells them apart.
export const MEMBER_SOURCE_KEY = 'memberSource';
export type MemberSource = 'sample' | 'joined';

export const sampleVillages = () => SAMPLE_VILLAGES.filter((v) => !v.retired);
export const sampleCommune = () => SAMPLE_COMMUNE;

export const isSetUp = async (db: AppDb): Promise<boolean> => (await getMember(db)) !== undefined;

export const startWithSample = (db: AppDb, input: { displayName: string; villageIds: string[] }): Promise<Member> =>
  guardWrite(async () => {
    const known = new Set(sampleVillages().map((v) => v.id));
    const issues: FieldIssue[] = [];
    let displayName = '';
    try {
      displayName = checked(DisplayNameSchema, input.displayName, 'displayName');
    } catch (e) {
      issues.push(...((e as { issues?: FieldIssue[] }).issues ?? []));
    }
    if (!input.villageIds.length) issues.push({ field: 'villageIds', rule: 'empty-list' });
    if (input.villageIds.some((id) => !known.has(id))) issues.push({ field: 'villageIds', rule: 'bad-choice' });
    if (issues.length) throw invalid(issues);
    await deviceId(db);
    const member: Member = { id: newId(), communeId: SAMPLE_COMMUNE.id, teamId: null, displayName, role: 'member', villageIds: [...input.villageIds] };
    await db.transaction('rw', [db.villages, db.catalogue, db.meta], async () => {
      await db.villages.bulkPut([...SAMPLE_VILLAGES]);
      if (!(await db.catalogue.count())) await db.catalogue.bulkPut([...DEFAULT_CATALOGUE]);
      await db.meta.bulkPut([
        { key: MEMBER_KEY, value: member },
        { key: MEMBER_SOURCE_KEY, value: 'sample' satisfies MemberSource },
      ]);
    });
    await refreshAllRosters(db);
    return member;
  });
