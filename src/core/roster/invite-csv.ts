import Papa from 'papaparse';
import type { FieldIssue } from '../errors.ts';
import { fold } from '../text/fold.ts';

// Invites in bulk from a CSV the officer writes in a spreadsheet: one row per invite, with the village (its name
// as the commune has it, diacritics optional, or its id), how many phones may join with it, and when it expires
// (a date dd/mm/yyyy, or a number of days), optionally the role (thành viên / tổ trưởng). Either every row is good
// and all are created, or none is and every bad row is named by its line (the header is line 1).
export const MAX_INVITE_ROWS = 500;
export const MAX_USES = 1000;
export const MAX_DAYS = 365;

export type InviteRow = { line: number; villageId: string; uses: number; expiresInDays: number; role: 'member' | 'leader' };
export type InviteCsvResult = { ok: true; rows: InviteRow[] } | { ok: false; issues: FieldIssue[] };

const VILLAGE = ['thon', 'thon, ban', 'thon ban', 'thon/ban', 'ten thon', 'thon, ban, to dan pho', 'ban', 'village', 'village name'];
const COUNT = ['so luong', 'so may', 'so nguoi', 'so luot', 'count', 'uses', 'phones'];
const EXPIRY = ['han', 'het han', 'han dung', 'ngay het han', 'hieu luc', 'hieu luc (ngay)', 'so ngay', 'expiry', 'expires', 'expires on', 'days'];
const ROLE = ['vai tro', 'role'];
const ROLES: Record<string, 'member' | 'leader'> = {
  'thanh vien': 'member',
  'thanh vien to': 'member',
  member: 'member',
  'to truong': 'leader',
  leader: 'leader',
  'team leader': 'leader',
};

// Days from `today` (YYYY-MM-DD, the commune's date) to a date written d/m/yyyy; null when it is not a date.
const daysUntil = (text: string, today: string): number | null => {
  const m = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$/.exec(text);
  if (!m) return null;
  const [d, mo, y] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const at = Date.UTC(y, mo - 1, d);
  const probe = new Date(at);
  if (probe.getUTCFullYear() !== y || probe.getUTCMonth() !== mo - 1 || probe.getUTCDate() !== d) return null;
  const [ty, tm, td] = today.split('-').map(Number);
  return Math.round((at - Date.UTC(ty, tm - 1, td)) / 86_400_000);
};

export const parseInviteCsv = (text: string, villages: readonly { id: string; name: string }[], today: string): InviteCsvResult => {
  const parsed = Papa.parse<string[]>(text.replace(/^\uFEFF/, ''), { skipEmptyLines: false, delimiter: '' });
  const data = parsed.data;
  const first = data.findIndex((r) => r.some((c) => c.trim() !== ''));
  if (first < 0) return { ok: false, issues: [{ field: 'file', rule: 'empty-list' }] };
  const header = data[first].map((h) => fold(h));
  const col = (names: string[]) => header.findIndex((h) => names.includes(h));
  const [vc, cc, ec, rc] = [col(VILLAGE), col(COUNT), col(EXPIRY), col(ROLE)];
  const missing: FieldIssue[] = [];
  if (vc < 0) missing.push({ field: 'header.villageId', rule: 'required' });
  if (cc < 0) missing.push({ field: 'header.uses', rule: 'required' });
  if (ec < 0) missing.push({ field: 'header.expiresInDays', rule: 'required' });
  if (missing.length) return { ok: false, issues: missing };
  const byName = new Map<string, string>();
  for (const v of villages) {
    byName.set(fold(v.name), v.id);
    byName.set(fold(v.id), v.id);
  }
  const issues: FieldIssue[] = [];
  const rows: InviteRow[] = [];
  let count = 0;
  for (let i = first + 1; i < data.length; i++) {
    const raw = data[i];
    if (!raw.some((c) => c.trim() !== '')) continue;
    const line = i + 1;
    if (++count > MAX_INVITE_ROWS) return { ok: false, issues: [{ field: 'file', rule: 'too-long' }] };
    const at = (f: string) => `rows.${line}.${f}`;
    const cell = (k: number) => (k >= 0 ? (raw[k] ?? '').trim() : '');
    const vText = cell(vc);
    const villageId = byName.get(fold(vText));
    if (!vText) issues.push({ field: at('villageId'), rule: 'required' });
    else if (!villageId) issues.push({ field: at('villageId'), rule: 'unknown-village' });
    const cText = cell(cc);
    const uses = Number(cText);
    if (!cText) issues.push({ field: at('uses'), rule: 'required' });
    else if (!/^\d+$/.test(cText)) issues.push({ field: at('uses'), rule: 'not-integer' });
    else if (uses < 1) issues.push({ field: at('uses'), rule: 'too-small' });
    else if (uses > MAX_USES) issues.push({ field: at('uses'), rule: 'too-large' });
    const eText = cell(ec);
    const days = /^\d+$/.test(eText) ? Number(eText) : daysUntil(eText, today);
    if (!eText) issues.push({ field: at('expiresInDays'), rule: 'required' });
    else if (days === null) issues.push({ field: at('expiresInDays'), rule: 'bad-date' });
    else if (days < 1) issues.push({ field: at('expiresInDays'), rule: 'too-small' });
    else if (days > MAX_DAYS) issues.push({ field: at('expiresInDays'), rule: 'too-large' });
    const rText = cell(rc);
    const role = rText ? ROLES[fold(rText)] : 'member';
    if (!role) issues.push({ field: at('role'), rule: 'bad-choice' });
    if (villageId && role && days !== null && days >= 1 && days <= MAX_DAYS && /^\d+$/.test(cText) && uses >= 1 && uses <= MAX_USES)
      rows.push({ line, villageId, uses, expiresInDays: days, role });
  }
  if (!count) return { ok: false, issues: [{ field: 'file', rule: 'empty-list' }] };
  return issues.length ? { ok: false, issues } : { ok: true, rows };
};
