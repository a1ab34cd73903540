// Search that ignores Vietnamese diacritics and case: "nguyen van" finds "Nguyễn Văn", "dien" finds "Điện".
// NFD splits a letter from its tone and vowel marks; đ/Đ is its own letter, not a composed one, so it is mapped.
const MARKS = /[\u0300-\u036f]/g;

const foldNow = (s: string): string =>
  s.normalize('NFD').replace(MARKS, '').replace(/đ/g, 'd').replace(/Đ/g, 'D').toLowerCase().replace(/\s+/g, ' ').trim();

// The same few thousand names and addresses are folded again and again (a roster import folds each one several
// times; the roster search on every keystroke): the recent answers are kept, a bounded number of them.
const KEPT = 20_000;
const kept = new Map<string, string>();
export const fold = (s: string): string => {
  let out = kept.get(s);
  if (out === undefined) {
    if (kept.size >= KEPT) kept.clear();
    kept.set(s, (out = foldNow(s)));
  }
  return out;
};

// Every word of the query must start a word in the haystack or appear inside it, in any order.
export const matchesFolded = (foldedHaystack: string, foldedQuery: string): boolean => {
  if (!foldedQuery) return true;
  for (const word of foldedQuery.split(' ')) if (!foldedHaystack.includes(word)) return false;
  return true;
};
