// Spreadsheet formula injection: a text cell that starts with = + - @ (or a tab or carriage return, which some
// programs strip before looking) would run as a formula when the file is opened or re-saved as CSV. Such text is
// prefixed with an apostrophe, which spreadsheets show as plain text. The whole value is checked, not just its
// first line (papaparse's own default pattern misses a multi-line value).
export const FORMULA_START = /^[=+\-@\t\r]/;

export const neutralise = (s: string): string => (FORMULA_START.test(s) ? `'${s}` : s);
