import type { Kysely } from 'kysely';
import { DEFAULT_CATALOGUE } from '../../core/model/catalogue-defaults.ts';
import { SAMPLE_COMMUNE, SAMPLE_PROVINCE, SAMPLE_VILLAGES } from '../../core/sample/sample-commune.ts';
import { insertInvite, type InviteView } from '../accounts/invites.ts';
import { createMember } from '../accounts/members.ts';
import { MIN_PASSWORD_LENGTH, passwordProblem } from '../../core/model/password.ts';
import { generatePassword, hashPassword } from '../accounts/password.ts';
import type { ServerContext } from '../context.ts';
import { inCommuneWrite, type CommuneWriter } from './commune-write.ts';
import type { Database } from './schema.ts';

export type SeedResult = {
  communeId: string;
  provinceId: string;
  villageIds: string[];
  officer: { id: string; username: string; password: string; generated: boolean };
  invites: (InviteView & { villageName: string })[];
};

export const isEmpty = async (db: Kysely<Database>): Promise<boolean> =>
  (await db.selectFrom('communes').select('id').limit(1).executeTakeFirst()) === undefined;

type Place = { id: string; name: string; kind: string };

// A commune with its villages, one team per village and the default checklist, in the caller's commune write.
export const writeCommune = async (w: CommuneWriter, province: { id: string; name: string }, commune: Place, villages: readonly Place[]) => {
  const existing = await w.trx.selectFrom('provinces').select('id').where('id', '=', province.id).executeTakeFirst();
  if (!existing) await w.trx.insertInto('provinces').values({ id: province.id, name: province.name, created_at: w.now }).execute();
  await w.trx.insertInto('communes').values({ id: commune.id, province_id: province.id, name: commune.name, kind: commune.kind, created_at: w.now }).execute();
  for (const v of villages) {
    await w.putReference('villages', { id: v.id, communeId: commune.id, name: v.name, kind: v.kind, retired: false });
    await w.trx
      .insertInto('teams')
      .values({
        id: `t-${commune.id}-${v.id}`,
        commune_id: commune.id,
        name: `Tổ công nghệ số cộng đồng ${v.name}`,
        village_ids: JSON.stringify([v.id]),
        created_at: w.now,
        updated_at: w.now,
      })
      .execute();
  }
  for (const item of DEFAULT_CATALOGUE) await w.putReference('catalogue', { ...item });
};

// First start on an empty database, in one transaction: the fictional sample commune (labelled "mẫu"), its
// villages and teams, the default checklist, a province admin account `admin` and one invite code per village.
export const seedSample = async (ctx: ServerContext, opts: { adminPassword?: string } = {}): Promise<SeedResult> => {
  const password = opts.adminPassword || generatePassword();
  const weak = passwordProblem(password, 'admin');
  if (weak) throw new Error(`ADMIN_PASSWORD is ${weak === 'too-short' ? `shorter than ${MIN_PASSWORD_LENGTH} characters` : 'too easy to guess'}: choose another (or leave it unset to have one generated)`);
  const passwordHash = await hashPassword(password, ctx.policy.passwordCost);
  return inCommuneWrite(ctx.store.db, ctx.store.kind, SAMPLE_COMMUNE.id, ctx.now(), async (w) => {
    await writeCommune(w, SAMPLE_PROVINCE, SAMPLE_COMMUNE, SAMPLE_VILLAGES);
    // The province admin: sets up the province's communes and officers, and acts in every commune of the
    // province; its home commune (commune_id) is the sample one, which calls without ?commune= act on.
    const officer = await createMember(w, {
      provinceId: SAMPLE_PROVINCE.id,
      role: 'admin',
      displayName: 'Quản trị tỉnh',
      teamId: null,
      villageIds: [],
      username: 'admin',
      passwordHash,
    });
    await w.audit(null, 'seed.sample', `commune:${SAMPLE_COMMUNE.id}`, { villages: SAMPLE_VILLAGES.length });
    const invites = [];
    for (const v of SAMPLE_VILLAGES) {
      const invite = await insertInvite(w, { villageId: v.id, uses: 20, expiresInDays: 30, role: 'member', teamId: `t-${SAMPLE_COMMUNE.id}-${v.id}`, createdBy: null });
      invites.push({ ...invite, villageName: v.name });
    }
    return {
      communeId: SAMPLE_COMMUNE.id,
      provinceId: SAMPLE_PROVINCE.id,
      villageIds: SAMPLE_VILLAGES.map((v) => v.id),
      officer: { id: officer.id, username: 'admin', password, generated: !opts.adminPassword },
      invites,
    };
  });
};

// Another commune with its villages (tests; later, an import).
export const addCommune = (
  ctx: ServerContext,
  province: { id: string; name: string },
  commune: Place,
  villages: readonly Place[],
): Promise<void> => inCommuneWrite(ctx.store.db, ctx.store.kind, commune.id, ctx.now(), (w) => writeCommune(w, province, commune, villages));
