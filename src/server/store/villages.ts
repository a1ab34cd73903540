import type { ServerContext } from '../context.ts';

export type VillageView = {
  id: string;
  name: string;
  kind: string;
  retired: boolean;
  // Active team members working in the village, their phones that can sync, and how fresh the village's data is:
  // the latest and the oldest last sync among those phones (null when none has synced).
  members: number;
  devices: number;
  lastSyncAt: number | null;
  oldestSyncAt: number | null;
  openInvites: number;
};

export const listVillages = async (ctx: ServerContext, communeId: string): Promise<VillageView[]> => {
  await ctx.touches.flush();
  const { db } = ctx.store;
  const now = ctx.now();
  const villages = await db.selectFrom('villages').selectAll().where('commune_id', '=', communeId).orderBy('name').orderBy('id').execute();
  const people = await db
    .selectFrom('member_villages')
    .innerJoin('members', 'members.id', 'member_villages.member_id')
    .select(['member_villages.village_id', 'members.id'])
    .where('member_villages.commune_id', '=', communeId)
    .where('member_villages.until', 'is', null)
    .where('members.disabled_at', 'is', null)
    .execute();
  const phones = await db
    .selectFrom('devices')
    .select(['member_id', 'last_sync_at'])
    .where('commune_id', '=', communeId)
    .where('revoked_at', 'is', null)
    .where('expires_at', '>', now)
    .execute();
  const invites = await db
    .selectFrom('invites')
    .select(['village_id'])
    .where('commune_id', '=', communeId)
    .where('revoked_at', 'is', null)
    .where('expires_at', '>', now)
    .whereRef('used', '<', 'uses')
    .execute();
  const phonesOf = new Map<string, (number | null)[]>();
  for (const p of phones) phonesOf.set(p.member_id, [...(phonesOf.get(p.member_id) ?? []), p.last_sync_at === null ? null : Number(p.last_sync_at)]);
  return villages.map((v) => {
    const members = people.filter((p) => p.village_id === v.id).map((p) => p.id);
    const syncs = members.flatMap((m) => phonesOf.get(m) ?? []);
    const synced = syncs.filter((s): s is number => s !== null);
    return {
      id: v.id,
      name: v.name,
      kind: v.kind,
      retired: v.retired === 1,
      members: members.length,
      devices: syncs.length,
      lastSyncAt: synced.length ? Math.max(...synced) : null,
      oldestSyncAt: synced.length ? Math.min(...synced) : null,
      openInvites: invites.filter((i) => i.village_id === v.id).length,
    };
  });
};
