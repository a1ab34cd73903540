import type { Household, Resident } from '../model/household.ts';
import { HOUSEHOLD_DEFAULTS, RESIDENT_DEFAULTS } from '../model/household.ts';
import { fold } from '../text/fold.ts';
import type { FileHousehold, RosterFile } from './parse.ts';

// What importing a read roster would write, compared with what the commune already holds. A household matches by
// its code (Mã hộ) in the village, else by its folded head name and address; a resident of a matched household by
// folded name and birth year, else by name alone. Only cells the file fills and that differ are written, so the
// same file again writes nothing, and a blank cell never erases what a team member typed. Nothing is removed.
export type RosterPut = { name: 'household.put' | 'resident.put'; args: Record<string, unknown> & { id: string; villageId: string } };
export type RosterPlan = {
  created: number;
  updated: number;
  unchanged: number;
  residentsCreated: number;
  residentsUpdated: number;
  puts: RosterPut[];
};

export type Existing = { households: readonly Household[]; residents: readonly Resident[] };

const nameKey = (villageId: string, headName: string, houseLabel: string) => `${villageId}|${fold(headName)}|${fold(houseLabel)}`;

export const householdIndex = (households: readonly Household[]) => {
  const byCode = new Map<string, Household>();
  const byName = new Map<string, Household>();
  for (const h of households) {
    if (h.code) byCode.set(`${h.villageId}|${fold(h.code)}`, h);
    const k = nameKey(h.villageId, h.headName, h.houseLabel);
    // A live household wins over a removed one of the same name.
    if (!byName.has(k) || byName.get(k)!.removed) byName.set(k, h);
  }
  return {
    find: (f: Pick<FileHousehold, 'villageId' | 'code' | 'headName' | 'houseLabel'>): Household | undefined =>
      (f.code ? byCode.get(`${f.villageId}|${fold(f.code)}`) : undefined) ?? byName.get(nameKey(f.villageId, f.headName, f.houseLabel)),
  };
};

export const planRoster = (file: RosterFile, existing: Existing, newId: () => string): RosterPlan => {
  const plan: RosterPlan = { created: 0, updated: 0, unchanged: 0, residentsCreated: 0, residentsUpdated: 0, puts: [] };
  const index = householdIndex(existing.households);
  const residentsOf = new Map<string, Resident[]>();
  for (const r of existing.residents) if (!r.removed) (residentsOf.get(r.householdId) ?? residentsOf.set(r.householdId, []).get(r.householdId)!).push(r);
  const claimed = new Set<string>();

  for (const f of file.households) {
    const found = index.find(f);
    const match = found && !claimed.has(found.id) ? found : undefined;
    if (!match) {
      const id = newId();
      plan.created++;
      plan.puts.push({
        name: 'household.put',
        args: { ...HOUSEHOLD_DEFAULTS, id, villageId: f.villageId, code: f.code, headName: f.headName, houseLabel: f.houseLabel, phone: f.phone, flags: [] },
      });
      for (const r of f.residents) {
        plan.residentsCreated++;
        plan.puts.push({ name: 'resident.put', args: { ...RESIDENT_DEFAULTS, id: newId(), householdId: id, villageId: f.villageId, label: r.label, birthYear: r.birthYear, sex: r.sex ?? null } });
      }
      continue;
    }
    claimed.add(match.id);
    // A household the team removed stays removed: the file does not bring it back.
    if (match.removed) {
      plan.unchanged++;
      continue;
    }
    const before = plan.puts.length;
    const patch: Record<string, unknown> = {};
    if (f.code && f.code !== (match.code ?? '')) patch.code = f.code;
    if (f.headName !== match.headName) patch.headName = f.headName;
    if (f.houseLabel && f.houseLabel !== match.houseLabel) patch.houseLabel = f.houseLabel;
    if (f.phone && f.phone !== match.phone) patch.phone = f.phone;
    if (Object.keys(patch).length) plan.puts.push({ name: 'household.put', args: { id: match.id, villageId: match.villageId, ...patch } });

    const pool = [...(residentsOf.get(match.id) ?? [])];
    const take = (pick: (r: Resident) => boolean) => {
      const at = pool.findIndex(pick);
      return at < 0 ? undefined : pool.splice(at, 1)[0];
    };
    for (const r of f.residents) {
      const folded = fold(r.label);
      const same = take((p) => fold(p.label) === folded && p.birthYear === r.birthYear) ?? (pool.filter((p) => fold(p.label) === folded).length === 1 ? take((p) => fold(p.label) === folded) : undefined);
      if (!same) {
        plan.residentsCreated++;
        plan.puts.push({ name: 'resident.put', args: { ...RESIDENT_DEFAULTS, id: newId(), householdId: match.id, villageId: match.villageId, label: r.label, birthYear: r.birthYear, sex: r.sex ?? null } });
        continue;
      }
      const rp: Record<string, unknown> = {};
      if (r.label !== same.label) rp.label = r.label;
      if (r.birthYear !== same.birthYear) rp.birthYear = r.birthYear;
      if (r.sex && r.sex !== same.sex) rp.sex = r.sex;
      if (Object.keys(rp).length) {
        plan.residentsUpdated++;
        plan.puts.push({ name: 'resident.put', args: { id: same.id, householdId: same.householdId, villageId: same.villageId, ...rp } });
      }
    }
    if (plan.puts.length > before) plan.updated++;
    else plan.unchanged++;
  }
  return plan;
};
