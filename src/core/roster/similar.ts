import { fold } from '../text/fold.ts';

// When two households are probably one house typed twice (two members offline, or a roster imported over what a
// team had typed). The evidence is kept so the person deciding sees why: the same phone number; the same head name,
// or one letter apart; the same address. A likely duplicate is: the same phone; or the same head name where the
// addresses agree or one is blank; or a head name one letter apart at the same address. Two "Giàng A Pao" at
// different addresses are two houses (common names are common).
export type DuplicateEvidence = 'same-phone' | 'same-name' | 'similar-name' | 'same-address';
export type HouseholdLike = { id: string; villageId: string; headName: string; houseLabel: string; phone: string; removed?: boolean };
export type SimilarMatch<H> = { household: H; evidence: DuplicateEvidence[] };
export type DuplicatePair<H> = { a: H; b: H; evidence: DuplicateEvidence[] };

const nameOf = (s: string) => fold(s).replace(/[^a-z0-9 ]/g, '').replace(/\s+/g, ' ').trim();
const addressOf = (s: string) => fold(s).replace(/\b(so nha|so|nha|xom|ngo|thon|ban|khu)\b/g, ' ').replace(/[^a-z0-9]+/g, ' ').trim();
const phoneOf = (s: string) => {
  const d = s.replace(/\D/g, '');
  return d.startsWith('84') && d.length === 11 ? `0${d.slice(2)}` : d;
};

// At most one edit apart (insert, delete or replace one letter): "Lo Van Pom" ~ "Lo Van Pomm".
const oneEditApart = (a: string, b: string): boolean => {
  if (a === b) return true;
  if (Math.abs(a.length - b.length) > 1) return false;
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) i++;
  if (a.length === b.length) return a.slice(i + 1) === b.slice(i + 1);
  return a.length > b.length ? a.slice(i + 1) === b.slice(i) : a.slice(i) === b.slice(i + 1);
};

type Keyed<H> = { h: H; name: string; address: string; phone: string };
const keyed = <H extends HouseholdLike>(h: H): Keyed<H> => ({ h, name: nameOf(h.headName), address: addressOf(h.houseLabel), phone: phoneOf(h.phone) });

const evidenceOf = <H>(x: Keyed<H>, y: Keyed<H>): DuplicateEvidence[] | undefined => {
  const ev: DuplicateEvidence[] = [];
  const phone = x.phone.length >= 9 && x.phone === y.phone;
  if (phone) ev.push('same-phone');
  const sameName = x.name !== '' && x.name === y.name;
  const similarName = !sameName && x.name.length >= 5 && oneEditApart(x.name, y.name);
  if (sameName) ev.push('same-name');
  if (similarName) ev.push('similar-name');
  const sameAddress = x.address !== '' && x.address === y.address;
  if (sameAddress) ev.push('same-address');
  const blankAddress = x.address === '' || y.address === '';
  const likely = phone || (sameName && (sameAddress || blankAddress)) || (similarName && sameAddress);
  return likely ? ev : undefined;
};

// Households compared only where they could match: the same phone, or the same given name (the last word of a
// Vietnamese name, which a one-letter slip rarely changes whole) — or the same name but for that last word.
const blocks = (k: Keyed<unknown>): string[] => {
  const words = k.name.split(' ');
  const out = [`g:${words.at(-1)}`, `f:${words.slice(0, -1).join(' ')}|${k.address}`];
  if (k.phone.length >= 9) out.push(`p:${k.phone}`);
  return out;
};

export const similarHouseholds = <H extends HouseholdLike>(candidate: Omit<HouseholdLike, 'id'> & { id?: string }, others: readonly H[]): SimilarMatch<H>[] => {
  const c = keyed({ id: candidate.id ?? '', ...candidate } as HouseholdLike);
  const out: SimilarMatch<H>[] = [];
  for (const h of others) {
    if (h.removed || h.id === candidate.id || h.villageId !== candidate.villageId) continue;
    const ev = evidenceOf(c, keyed(h));
    if (ev) out.push({ household: h, evidence: ev });
  }
  return out.sort((a, b) => b.evidence.length - a.evidence.length);
};

// Every likely duplicate pair among a village's (or commune's) households, each pair once, strongest first.
export const duplicatePairs = <H extends HouseholdLike>(households: readonly H[]): DuplicatePair<H>[] => {
  const live = households.filter((h) => !h.removed).map(keyed);
  const byBlock = new Map<string, Keyed<H>[]>();
  for (const k of live) for (const b of blocks(k)) (byBlock.get(`${k.h.villageId}|${b}`) ?? byBlock.set(`${k.h.villageId}|${b}`, []).get(`${k.h.villageId}|${b}`)!).push(k);
  const seen = new Set<string>();
  const pairs: DuplicatePair<H>[] = [];
  for (const group of byBlock.values()) {
    for (let i = 0; i < group.length; i++)
      for (let j = i + 1; j < group.length; j++) {
        const [x, y] = group[i].h.id < group[j].h.id ? [group[i], group[j]] : [group[j], group[i]];
        const key = `${x.h.id}|${y.h.id}`;
        if (seen.has(key)) continue;
        seen.add(key);
        const ev = evidenceOf(x, y);
        if (ev) pairs.push({ a: x.h, b: y.h, evidence: ev });
      }
  }
  return pairs.sort((p, q) => q.evidence.length - p.evidence.length || p.a.headName.localeCompare(q.a.headName, 'vi'));
};
