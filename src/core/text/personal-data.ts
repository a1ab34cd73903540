import { fold } from './fold.ts';

// We never store citizen ID numbers (9-digit old CMND, 12-digit CCCD), one-time passwords or passwords. Every
// free-text field on the phone and on the server goes through this one rule (core/model/fields.ts freeText), so
// both refuse the same text with the same code.

// A run of digits, allowing the dots, dashes and one or two spaces people type between groups ("001 203 004 005").
const DIGIT_RUN = /\d(?:(?:[.\-]|[ \u00a0]{1,2})?\d)*/g;
// Money is written with dot groups and a unit ("150.000.000 đồng", "150000đ"): an amount, not an ID or an OTP.
const CURRENCY = /^[ \u00a0]?(?:đồng|đ|₫|vnđ|vnd)(?![\p{L}\d])/iu;
// A comma, slash or colon between digits makes one bigger thing (1,500,000 · 10/10/2025 · 10:30).
const GLUED_BEFORE = /\d[,/:]$/;
const GLUED_AFTER = /^[,/:]\d/;
// Years listed with spaces ("2024 2025 2026") are twelve digits, but a CCCD starts with 0 and a CMND has nine.
const YEARS = /^(?:19|20)\d\d(?:\D+(?:19|20)\d\d)+$/;
// Words that announce a one-time code just before the digits ("Mã OTP là 48 29 13", "mã xác thực: 4829").
const OTP_WORDS = /(?:^|[^a-z])(?:otp|ma xac (?:thuc|minh|nhan)|ma kich hoat|ma dang nhap|code)(?:[^a-z]|$)/;
// Thousands written with dots or commas ("150.000", "1,500"): an amount.
const THOUSANDS = /^\d{1,3}(?:[.,]\d{3})+$/;

// Words that announce a password; what follows is the password unless it is an ordinary word.
const PASSWORD_WORDS = /(?<![\p{L}\d])(?:m[ậa]t\s?kh[ẩa]u|m[ậa]t\s?m[ãa]|mk|pass(?:word|wd)?|pwd|pw|m[ãa]\s?pin|otp)(?![\p{L}\d])/giu;
// Words that may stand between the announcement and the password ("mật khẩu VNeID của bà là …"), folded.
const FILLER = new Set([
  'vneid', 'zalo', 'app', 'ung', 'dung', 'cua', 'ba', 'ong', 'anh', 'chi', 'em', 'co', 'chu', 'bac', 'ngan', 'hang',
  'email', 'gmail', 'facebook', 'fb', 'wifi', 'dang', 'nhap', 'tai', 'khoan', 'moi', 'cu', 'vnpt', 'viettel', 'momo',
  'vi', 'dien', 'tu', 'the',
]);
const SEPARATORS = new Set([':', '=', '-', 'la', 'là', 'is']);
const VIETNAMESE_MARKS = /[\u0300-\u036fđĐ]/;

export type PersonalDataFinding = 'looks-like-id-number' | 'looks-like-otp' | 'looks-like-password';

// A code the person chose: four or more characters with a digit, a symbol or a lower-to-upper change ("Mai@1985",
// "hoa1985", "maiHoa").
const looksChosen = (token: string): boolean =>
  token.length >= 4 && (/\d/.test(token) || /[^\p{L}\d]/u.test(token) || /\p{Ll}\p{Lu}/u.test(token));

// "mật khẩu VNeID là Mai@1985", "mk: hoa1985", "password=abcdef". Not "quên mật khẩu", "đổi mật khẩu cho bà",
// "mật khẩu là ngày sinh" (a hint in ordinary words, which the team may need to write down).
const findPassword = (text: string): boolean => {
  for (const m of text.matchAll(PASSWORD_WORDS)) {
    const after = text.slice(m.index + m[0].length, m.index + m[0].length + 60);
    const tokens = after.split(/[\s\u00a0]+/).filter(Boolean);
    let separated = false;
    for (let i = 0; i < tokens.length && i < 6; i++) {
      let tok = tokens[i];
      if (tok.startsWith(':') || tok.startsWith('=')) {
        separated = true;
        tok = tok.slice(1);
        if (!tok) continue;
      }
      const stops = /[,;.!?)]$/.test(tok) && !looksChosen(tok);
      const colon = /:$/.test(tok);
      const bare = tok.replace(/[,;.!?):]+$/, '');
      const folded = fold(bare);
      if (!bare || SEPARATORS.has(bare.toLowerCase()) || SEPARATORS.has(folded) || (FILLER.has(folded) && !separated)) {
        if (bare && !FILLER.has(folded)) separated = true;
        if (colon) separated = true;
        if (stops) break;
        continue;
      }
      if (looksChosen(bare)) return true;
      // After "là" / ":" a word without Vietnamese marks of six letters or more is taken for the password itself.
      if (separated && bare.length >= 6 && !VIETNAMESE_MARKS.test(bare.normalize('NFD'))) return true;
      break;
    }
  }
  return false;
};

// Six digits in groups ("48 29 13", "482-913"), unless they read as an amount ("150.000") or a date ("12 03 25").
const groupedSixIsCode = (run: string, groups: string[], announced: boolean): boolean => {
  if (announced) return true;
  if (THOUSANDS.test(run)) return false;
  if (groups.length === 3 && groups.every((g) => g.length === 2)) {
    const [d, mo] = groups.map(Number);
    if (d >= 1 && d <= 31 && mo >= 1 && mo <= 12) return false;
  }
  return true;
};

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
    const glued = GLUED_BEFORE.test(text.slice(Math.max(0, start - 2), start)) || GLUED_AFTER.test(text.slice(end, end + 2));
    if (glued) continue;
    const announced = OTP_WORDS.test(fold(text.slice(Math.max(0, start - 24), start)));
    // Six digits standing alone ("mã 123456"), not one group of a phone number, an amount or a date; any 4 to 8
    // digits right after "OTP" / "mã xác thực".
    if (total === 6 && (groups.length === 1 || groupedSixIsCode(run, groups, announced))) otp = true;
    else if (announced && total >= 4 && total <= 8) otp = true;
  }
  if (otp) return 'looks-like-otp';
  return findPassword(text) ? 'looks-like-password' : undefined;
};
