import type { Kysely, Transaction } from 'kysely';
import { v7 as uuidv7 } from 'uuid';
import type { Role } from '../../core/model/enums.ts';
import type { Member as WireMember } from '../../core/model/people.ts';
import type { Scope } from '../../core/sync/protocol.ts';
import type { CommuneWriter } from '../store/commune-write.ts';
import type { Database, Member } from '../store/schema.ts';

// Members as the rest of the server sees them: their wire shape, their sync scope, and the two writes that change
// what phones see (creating a member, moving one between villages), each stamped with a commune version.
export const FIELD_ROLES: readonly Role[] = ['member', 'leader'];
export const OFFICE_ROLES: readonly Role[] = ['officer', 'admin', 'trainer'];

export const toWireMember = (m: Member): WireMember => ({
  id: m.id,
  communeId: m.commune_id ?? '',
  teamId: m.team_id,
  displayName: m.display_name,
  role: m.role as Role,
  villageIds: JSON.parse(m.village_ids) as string[],
});

// A team member sees and writes their villages; a commune officer or trainer the whole commune. A province admin
// belongs to no commune and has no sync scope.
export const scopeOf = (m: Member): Scope | undefined => {
  if (!m.commune_id) return undefined;
  const whole = !FIELD_ROLES.includes(m.role as Role);
  return { communeId: m.commune_id, villageIds: whole ? [] : (JSON.parse(m.village_ids) as string[]), wholeCommune: whole };
};

export const getMember = (db: Kysely<Database> | Transaction<Database>, id: string): Promise<Member | undefined> =>
  db.selectFrom('members').selectAll().where('id', '=', id).executeTakeFirst();

export type NewMemberInput = {
  provinceId: string;
  role: Role;
  displayName: string;
  teamId: string | null;
  villageIds: string[];
  username?: string;
  passwordHash?: string;
};

export const createMember = async (w: CommuneWriter, input: NewMemberInput): Promise<Member> => {
  const id = uuidv7();
  const version = await w.version();
  const row: Member = {
    id,
    commune_id: w.communeId,
    province_id: input.provinceId,
    team_id: input.teamId,
    display_name: input.displayName,
    role: input.role,
    village_ids: JSON.stringify([...input.villageIds].sort()),
    username: input.username ?? null,
    password_hash: input.passwordHash ?? null,
    version,
    created_at: w.now,
    updated_at: w.now,
    disabled_at: null,
  };
  await w.trx.insertInto('members').values(row).execute();
  for (const villageId of new Set(input.villageIds))
    await w.trx.insertInto('member_villages').values({ member_id: id, village_id: villageId, commune_id: w.communeId, since: w.now, until: null }).execute();
  return row;
};

// Moves a member: villages left get a closed row and a drain window per phone (edits stamped before now still go
// through while that phone drains its outbox, see accounts/auth.ts), villages joined an open one. The member row
// gets a new version, so every phone learns the new villages; the member's own phones see a new scope on their
// next pull and start again from a reset.
export const setMemberVillages = async (w: CommuneWriter, member: Member, villageIds: readonly string[]): Promise<Member> => {
  const wanted = new Set(villageIds);
  const open = await w.trx
    .selectFrom('member_villages')
    .select(['village_id', 'since'])
    .where('member_id', '=', member.id)
    .where('until', 'is', null)
    .execute();
  const current = new Set(open.map((r) => r.village_id));
  const left = open.filter((r) => !wanted.has(r.village_id));
  const devices = left.length
    ? await w.trx.selectFrom('devices').select(['id']).where('member_id', '=', member.id).where('revoked_at', 'is', null).execute()
    : [];
  for (const r of left) {
    await w.trx
      .updateTable('member_villages')
      .set({ until: w.now })
      .where('member_id', '=', member.id)
      .where('village_id', '=', r.village_id)
      .where('since', '=', r.since)
      .execute();
    // Each phone gets its own drain window for this village, opened by its first push after the move.
    for (const d of devices)
      await w.trx
        .insertInto('move_drains')
        .values({ commune_id: w.communeId, device_id: d.id, village_id: r.village_id, moved_at: w.now, drain_until: null })
        .onConflict((oc) => oc.columns(['commune_id', 'device_id', 'village_id', 'moved_at']).doNothing())
        .execute();
  }
  for (const villageId of wanted)
    if (!current.has(villageId))
      await w.trx
        .insertInto('member_villages')
        .values({ member_id: member.id, village_id: villageId, commune_id: w.communeId, since: w.now, until: null })
        .onConflict((oc) => oc.columns(['member_id', 'village_id', 'since']).doUpdateSet({ until: null }))
        .execute();
  return touchMember(w, member, { village_ids: JSON.stringify([...wanted].sort()) });
};

// Writes changed member columns with a new version, so phones receive the member again.
export const touchMember = async (
  w: CommuneWriter,
  member: Member,
  set: Partial<Pick<Member, 'village_ids' | 'display_name' | 'team_id' | 'role' | 'disabled_at'>>,
): Promise<Member> => {
  const version = await w.version();
  const next = { ...member, ...set, version, updated_at: w.now };
  await w.trx
    .updateTable('members')
    .set({ ...set, version, updated_at: w.now })
    .where('id', '=', member.id)
    .execute();
  return next;
};
