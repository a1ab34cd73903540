import { CodedError, isErrorCode, type FieldIssue } from '../../core/errors.ts';
import { DisplayNameSchema, type Member } from '../../core/model/people.ts';
import { validate } from '../../core/model/validate.ts';
import { SYNC_TABLES, type Scope } from '../../core/sync/protocol.ts';
import { pinProblem } from '../phone/pin.ts';
import type { AppDb } from '../store/db.ts';
import { MEMBER_SOURCE_KEY, type MemberSource } from '../store/first-run.ts';
import { getMember, MEMBER_KEY, VILLAGE_KEY } from '../store/member.ts';
import { deviceId as getDeviceId } from '../store/outbox.ts';
import { getAuth, memberWithScope, SYNC_KEYS, type SyncAuth } from './local-state.ts';
import type { FetchLike } from './transport.ts';

// Joining a team with an invite code (docs/design.md §4 "Auth"): once, online. The phone keeps its device id, so a member
// who re-joins (an expired or revoked token) keeps their sequence and their unsent outbox: nothing is discarded.
// A phone that was only trying the sample commune starts clean instead: its trial records belong to no real
// village, so the member is asked first (`discardTrial`), and the screen offers to export them to a file.
export const INVITE_ALPHABET = 'ABCDEFGHJKMNPQRSTUVWXYZ23456789';

// What people type or scan: any case, spaces or dashes, or the whole QR link (…/join?code=ABCD-2345).
export const normalizeInviteCode = (input: string): string | undefined => {
  let raw = input.trim();
  const fromLink = /[?&]code=([^&#\s]+)/i.exec(raw);
  if (fromLink) raw = decodeURIComponent(fromLink[1]);
  const code = raw.toUpperCase().replace(/[\s\-_.]/g, '');
  return code.length === 8 && [...code].every((ch) => INVITE_ALPHABET.includes(ch)) ? code : undefined;
};

export const formatInviteCode = (code: string): string => `${code.slice(0, 4)}-${code.slice(4)}`;

export type JoinState = {
  joined: boolean; // has a device token (valid or not)
  trial: boolean; // set up with the sample commune
  trialChanges: number; // records written on the trial (outbox entries)
  waiting: number; // unsent changes (kept through a re-join)
  member?: Member;
};

export const joinState = async (db: AppDb): Promise<JoinState> => {
  const [auth, member, source, waiting] = await Promise.all([getAuth(db), getMember(db), db.meta.get(MEMBER_SOURCE_KEY), db.outbox.count()]);
  const trial = !auth && (source?.value as MemberSource | undefined) === 'sample';
  return { joined: !!auth, trial, trialChanges: trial ? waiting : 0, waiting: trial ? 0 : waiting, member };
};

type JoinAnswer = { token: string; member: Member; scope: Scope; device?: { id: string; lastSeq: number }; serverTime?: number };

// pin/pinAgain: the member's PIN (src/app/phone), checked here with the other fields so one answer names them all.
export type JoinInput = { code: string; displayName: string; discardTrial?: boolean; pin?: string; pinAgain?: string };
export type JoinOptions = { fetch?: FetchLike; baseUrl?: string; now?: () => number };

// Everything a trial phone clears when it joins a real team (its device id stays; it never talked to a server).
const TRIAL_META = ['nextSeq', 'hlc', 'clockOffset', VILLAGE_KEY, SYNC_KEYS.cursor, SYNC_KEYS.scopeKey, SYNC_KEYS.lastSentAt, SYNC_KEYS.lastPulledAt, SYNC_KEYS.problem];

// The trainer demo (src/app/demo) answers joining from its in-browser server; otherwise the network.
let defaultFetch: FetchLike | undefined;
export const setJoinFetch = (f: FetchLike | undefined): void => {
  defaultFetch = f;
};

export const joinTeam = async (db: AppDb, input: JoinInput, opts: JoinOptions = {}): Promise<Member> => {
  const issues: FieldIssue[] = [];
  const code = normalizeInviteCode(input.code);
  if (!input.code.trim()) issues.push({ field: 'code', rule: 'required' });
  else if (!code) issues.push({ field: 'code', rule: 'bad-format' });
  const name = validate(DisplayNameSchema, input.displayName);
  if (!name.ok) issues.push(...name.issues.map((i) => ({ ...i, field: 'displayName' })));
  if (input.pin !== undefined) {
    const bad = pinProblem(input.pin);
    if (bad) issues.push({ field: 'pin', rule: bad });
    else if (input.pinAgain !== input.pin) issues.push({ field: 'pinAgain', rule: 'bad-format' });
  }
  const state = await joinState(db);
  if (state.trial && state.trialChanges > 0 && !input.discardTrial) issues.push({ field: 'discardTrial', rule: 'required' });
  if (issues.length || !code || !name.ok) throw new CodedError('invalid', undefined, issues);

  const id = await getDeviceId(db);
  const previous = await getAuth(db);
  const doFetch: FetchLike = opts.fetch ?? defaultFetch ?? ((url, init) => globalThis.fetch(url, init));
  const sentAt = (opts.now ?? Date.now)();
  let res: Response;
  try {
    res = await doFetch(`${opts.baseUrl ?? ''}/api/auth/join`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ code, deviceId: id, displayName: name.value, ...(previous ? { previousToken: previous.token, memberId: previous.memberId } : {}) }),
    });
  } catch {
    throw new CodedError('network');
  }
  const body = (await res.json().catch(() => undefined)) as (JoinAnswer & { error?: { code?: unknown; issues?: FieldIssue[] } }) | undefined;
  if (!res.ok || !body?.token) {
    const c = body?.error?.code;
    if (c === 'invalid' && body?.error?.issues) throw new CodedError('invalid', undefined, body.error.issues);
    throw new CodedError(isErrorCode(c) ? c : res.status >= 500 ? 'unavailable' : 'bad-request');
  }
  const answeredAt = (opts.now ?? Date.now)();
  const auth: SyncAuth = { token: body.token, memberId: body.member.id, communeId: body.scope.communeId, joinedAt: answeredAt };
  const tables = [...SYNC_TABLES.map((t) => db.table(t)), db.roster, db.outbox, db.attention, db.imported, db.meta];
  await db.transaction('rw', tables, async () => {
    if (state.trial) {
      for (const t of tables) if (t !== db.meta) await t.clear();
      await db.meta.bulkDelete(TRIAL_META);
    } else {
      // The server remembers a higher sequence for this device than the outbox starts at (a phone restored from an
      // older copy): move the unsent entries above it rather than let the server take them for duplicates.
      const first = await db.outbox.orderBy('seq').first();
      const lastSeq = body.device?.lastSeq ?? 0;
      if (first && first.seq <= lastSeq) {
        const entries = await db.outbox.orderBy('seq').toArray();
        await db.outbox.clear();
        await db.outbox.bulkAdd(entries.map((e, i) => ({ ...e, seq: lastSeq + 1 + i })));
        await db.meta.put({ key: 'nextSeq', value: lastSeq + 1 + entries.length });
      }
    }
    await db.meta.bulkPut([
      { key: SYNC_KEYS.auth, value: auth },
      { key: MEMBER_KEY, value: memberWithScope(body.member, body.scope) },
      { key: MEMBER_SOURCE_KEY, value: 'joined' satisfies MemberSource },
      ...(body.serverTime !== undefined ? [{ key: 'clockOffset', value: Math.round(body.serverTime - (sentAt + answeredAt) / 2) }] : []),
    ]);
    await db.meta.delete(SYNC_KEYS.problem);
  });
  return memberWithScope(body.member, body.scope);
};
