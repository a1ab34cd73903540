// We never store citizen ID numbers (9-digit old CMND, 12-digit CCCD) or one-time passwords. Free text is checked
// here on the phone and again on the server.

// A run of digits, allowing the dots, dashes and one or two spaces people type between groups ("001 203 004 005").
const DIGIT_RUN = /\d(?:(?:[.\-]|[ \u00a0]{1,2})?\d)*/g;
// Money is written with dot groups and a unit ("150.000.000 đồng", "150000đ"): an amount, not an ID or an OTP.
const CURRENCY = /^[ \u00a0]?(?:đồng|đ|₫|vnđ|vnd)(?![\p{L}\d])/iu;
// A comma, slash or colon between digits makes one bigger thing (1,500,000 · 10/10/2025 · 10:30).
const GLUED_BEFORE = /\d[,/:]$/;
const GLUED_AFTER = /^[,/:]\d/;
// Years listed with spaces ("2024 2025 2026") are twelve digits, but a CCCD starts with 0 and a CMND has nine.
const YEARS = /^(?:19|20)\d\d(?:\D+(?:19|20)\d\d)+$/;

export type PersonalDataFinding = 'looks-like-id-number' | 'looks-like-otp';

export const findPersonalData = (text: string): PersonalDataFinding | undefined => {
  let otp = false;
  for (const m of text.matchAll(DIGIT_RUN)) {
    const run = m[0];
    const start = m.index;
    const end = start + run.length;
    if (CURRENCY.test(text.slice(end, end + 5)) || YEARS.test(run)) continue;
    // 9 or 12 digits in all (a grouped ID), or one unbroken group of 9 or 12 next to other numbers
    // ("0912345678 001203004005"). A 10-digit phone number, a year or a date has neither.
    const groups = run.split(/\D+/);
    const total = groups.reduce((n, g) => n + g.length, 0);
    if (total === 9 || total === 12 || groups.some((g) => g.length === 9 || g.length === 12)) return 'looks-like-id-number';
    // Six digits standing alone ("mã 123456"), not one group of a phone number, an amount or a date.
    if (/^\d{6}$/.test(run) && !GLUED_BEFORE.test(text.slice(Math.max(0, start - 2), start)) && !GLUED_AFTER.test(text.slice(end, end + 2)))
      otp = true;
  }
  return otp ? 'looks-like-otp' : undefined;
};
