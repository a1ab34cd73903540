import { checkedKey, type AnyT } from '../../i18n/i18n.ts';
import { date, num } from '../fmt.ts';

// An audit entry's details in words: each field by its name on the officer's forms, villages and items by their
// names (not ids), roles and yes/no in words, dates dd/mm/yyyy, a change as "before → after". Ids nobody reads
// (a member's, a household's) are left out; what cannot be put in words is left out rather than shown as JSON.
export type Names = { village: (id: string) => string | undefined; item: (id: string) => string | undefined };

const HIDDEN = new Set(['id', 'memberId', 'keepId', 'mergeId', 'teamId', 'householdId', 'residentId', 'deviceId', 'provinceId', 'communeId']);
const ROLE_VALUES = new Set(['member', 'leader', 'officer', 'trainer', 'admin']);

const keyName = (t: AnyT, k: string, exists: (key: string) => boolean): string | null => {
  if (exists(`officer:admin.audit.keys.${k}`)) return t(checkedKey(`officer:admin.audit.keys.${k}`));
  if (exists(`officer:fields.${k}`) && typeof t(checkedKey(`officer:fields.${k}`)) === 'string') return t(checkedKey(`officer:fields.${k}`));
  return null;
};

const valueText = (t: AnyT, k: string, v: unknown, names: Names): string | null => {
  if (v === null || v === undefined || v === '') return '—';
  if (typeof v === 'boolean') return v ? t('export.yes') : t('export.no');
  if (typeof v === 'number') return num(v);
  if (typeof v === 'string') {
    if (k === 'villageId') return names.village(v) ?? null;
    if (k === 'itemId') return names.item(v) ?? null;
    if (k === 'role' && ROLE_VALUES.has(v)) return t(checkedKey(`officer:role.${v}`));
    if (/^\d{4}-\d{2}-\d{2}$/.test(v)) return date(v);
    return v.length > 120 ? `${v.slice(0, 117)}…` : v;
  }
  if (Array.isArray(v)) {
    const parts = v.map((x) => valueText(t, k === 'villageIds' ? 'villageId' : k, x, names)).filter((x): x is string => x !== null);
    return parts.length ? parts.join(', ') : '—';
  }
  return null;
};

export const detailWords = (t: AnyT, details: Record<string, unknown>, names: Names, exists: (key: string) => boolean): string => {
  const out: string[] = [];
  const add = (k: string, v: unknown) => {
    if (HIDDEN.has(k)) return;
    const name = keyName(t, k, exists);
    const value = valueText(t, k, v, names);
    if (name && value !== null) out.push(`${name}: ${value}`);
  };
  const from = details.from;
  const to = details.to;
  if (from && to && typeof from === 'object' && typeof to === 'object' && !Array.isArray(from)) {
    // A change: only what differs, before → after.
    const a = from as Record<string, unknown>;
    const b = to as Record<string, unknown>;
    for (const k of new Set([...Object.keys(a), ...Object.keys(b)])) {
      if (HIDDEN.has(k) || JSON.stringify(a[k]) === JSON.stringify(b[k])) continue;
      const name = keyName(t, k, exists);
      const before = valueText(t, k, a[k], names);
      const after = valueText(t, k, b[k], names);
      if (name && before !== null && after !== null) out.push(`${name}: ${before} → ${after}`);
    }
  }
  for (const [k, v] of Object.entries(details)) if (k !== 'from' && k !== 'to') add(k, v);
  return out.join(' · ');
};

// The subject in words when it names something an officer knows (an invite's code, a period, an item).
export const subjectWords = (t: AnyT, subject: string, names: Names): string => {
  const [kind, ...rest] = subject.split(':');
  const id = rest.join(':');
  if (kind === 'invite' || kind === 'report') return id;
  if (kind === 'item') return names.item(id) ?? '';
  if (kind === 'village') return names.village(id) ?? '';
  return '';
};
