// Search that ignores Vietnamese diacritics and case: "nguyen van" finds "Nguyễn Văn", "dien" finds "Điện".
// NFD splits a letter from its tone and vowel marks; đ/Đ is its own letter, not a composed one, so it is mapped.
const MARKS = /[\u0300-\u036f]/g;

export const fold = (s: string): string =>
  s.normalize('NFD').replace(MARKS, '').replace(/đ/g, 'd').replace(/Đ/g, 'D').toLowerCase().replace(/\s+/g, ' ').trim();

// Every word of the query must start a word in the haystack or appear inside it, in any order.
export const matchesFolded = (foldedHaystack: string, foldedQuery: string): boolean => {
  if (!foldedQuery) return true;
  for (const word of foldedQuery.split(' ')) if (!foldedHaystack.includes(word)) return false;
  return true;
};
