import type { T } from '../../i18n/i18n.ts';
import type { CatalogueItem } from '../../../core/model/checklist.ts';
import type { Mutation, MutationName } from '../../../core/sync/protocol.ts';
import { checkedKey, currentLang } from '../../i18n/i18n.ts';
import { formatDate } from '../../i18n/format.ts';
import type { AppDb } from '../../store/db.ts';

// Turns a queued or refused mutation into words a team member recognises: which household, and what about it.
export type Names = { households: Map<string, string>; items: Map<string, CatalogueItem> };

export const householdOf = (m: Pick<Mutation, 'name' | 'args'>): string | undefined =>
  m.name === 'household.put' ? String(m.args.id) : typeof m.args.householdId === 'string' ? m.args.householdId : undefined;

export const loadNames = async (db: AppDb, entries: readonly Pick<Mutation, 'name' | 'args'>[]): Promise<Names> => {
  const ids = [...new Set(entries.map(householdOf).filter((x): x is string => !!x))];
  const [households, items] = await Promise.all([db.households.bulkGet(ids), db.catalogue.toArray()]);
  return {
    households: new Map(households.flatMap((h) => (h ? [[h.id, h.headName] as const] : []))),
    items: new Map(items.map((i) => [i.id, i])),
  };
};

const dateOf = (v: unknown): string => (typeof v === 'number' ? formatDate(v) : typeof v === 'string' ? formatDate(v) : '');

export const describe = (t: T<'sync'>, m: Pick<Mutation, 'name' | 'args'>, names: Names): string => {
  const a = m.args;
  const hid = householdOf(m);
  const name = (hid && names.households.get(hid)) || (typeof a.headName === 'string' && a.headName) || t('sync:screen.unknownHousehold');
  const key = `sync:what.${m.name satisfies MutationName}` as const;
  switch (m.name) {
    case 'resident.put':
      return String(t('sync:what.resident.put', { name, label: typeof a.label === 'string' ? a.label : '' })).replace(/\s+$/, '');
    case 'checklist.set': {
      const item = names.items.get(String(a.itemId));
      return t('sync:what.checklist.set', { name, item: item ? item.short[currentLang()] : String(a.itemId), state: t(checkedKey(`domain:cellState.${String(a.state)}`)) });
    }
    case 'visit.add':
      return t('sync:what.visit.add', { name, date: dateOf(a.at) });
    case 'session.add':
      return t('sync:what.session.add', { date: dateOf(a.date) });
    default:
      return t(key, { name });
  }
};
