import { CodedError, isPermanent } from '../errors.ts';
import { applyMutation } from './apply.ts';
import { clampHlc, formatHlc, isHlc, parseHlc, type Hlc } from './hlc.ts';
import type { DeviceAuth, SyncPort } from './port.ts';
import {
  MUTATION_NAMES,
  needsUpgrade,
  PUSH_MAX_MUTATIONS,
  type Mutation,
  type PushRequest,
  type PushResponse,
  type PushResult,
} from './protocol.ts';

// The shape of a push is checked before any of it is applied: a malformed request is a 400, not a rejection.
// A mutation with a usable seq but a bad name, args or stamp is rejected on its own instead (see below): a 400
// for the whole push would be answered again on every retry, and the phone's queue would never move.
export const parsePushRequest = (body: unknown): PushRequest => {
  const b = body as Partial<PushRequest> | null;
  if (!b || typeof b !== 'object' || !Array.isArray(b.mutations) || typeof b.deviceId !== 'string')
    throw new CodedError('bad-request', 'push needs deviceId and mutations');
  if (b.mutations.length > PUSH_MAX_MUTATIONS) throw new CodedError('payload-too-large', `at most ${PUSH_MAX_MUTATIONS} mutations`);
  for (const m of b.mutations as Partial<Mutation>[])
    if (!m || typeof m !== 'object' || !Number.isSafeInteger(m.seq) || (m.seq as number) < 1)
      throw new CodedError('bad-request', `malformed mutation ${typeof m?.seq === 'number' ? m.seq : '?'}`);
  return b as PushRequest;
};

// A record is a few levels deep; a mutation nested deeper than this (or with more values) is no record, and
// walking it recursively (JSON.stringify when its rejection is recorded) would overflow the stack on every retry.
export const MUTATION_MAX_DEPTH = 32;
export const MUTATION_MAX_NODES = 20_000;
// A rejected mutation bigger than this is kept as a summary (a record's fields are at most a few KB).
const REJECTION_MAX_CHARS = 16_384;

// Whether a JSON value stays within a nesting depth and a count of values, walked without recursion.
export const withinJsonLimits = (value: unknown, maxDepth: number, maxNodes: number): boolean => {
  const stack: [unknown, number][] = [[value, 1]];
  let nodes = 0;
  while (stack.length) {
    const [v, depth] = stack.pop() as [unknown, number];
    if (++nodes > maxNodes) return false;
    if (v === null || typeof v !== 'object') continue;
    if (depth > maxDepth) return false;
    for (const child of Array.isArray(v) ? v : Object.values(v)) stack.push([child, depth + 1]);
  }
  return true;
};

const wellFormed = (m: Mutation): boolean =>
  withinJsonLimits(m, MUTATION_MAX_DEPTH, MUTATION_MAX_NODES) &&
  typeof m.id === 'string' && (MUTATION_NAMES as readonly string[]).includes(m.name) &&
  !!m.args && typeof m.args === 'object' && !Array.isArray(m.args) && isHlc(m.hlc);

// What is kept of a rejected mutation for the officer: all of it, or, when it is too deep or too big to be a
// record, its seq, id, name and stamp (cut short) and a note, so recording the rejection can never fail.
const recordable = (m: Mutation): Mutation => {
  if (withinJsonLimits(m, MUTATION_MAX_DEPTH, MUTATION_MAX_NODES) && JSON.stringify(m).length <= REJECTION_MAX_CHARS) return m;
  const text = (x: unknown) => (typeof x === 'string' ? x.slice(0, 200) : typeof x);
  return { seq: m.seq, id: text(m.id), name: text(m.name) as Mutation['name'], hlc: text(m.hlc), args: { omitted: 'nested too deep, too many values or too long' } };
};

// Clamping pulls every stamp of a fast clock to the same instant; keep them in the order the phone made them,
// or its second edit of a field would tie with (and lose to) its first.
const clampInOrder = (stamp: string, now: number, previous: string | undefined): string => {
  const clamped = clampHlc(stamp, now);
  if (clamped === stamp || previous === undefined || clamped > previous) return clamped;
  const p = parseHlc(previous) as Hlc;
  const node = (parseHlc(clamped) as Hlc).node;
  return formatHlc(p.counter < 0xffff ? { ms: p.ms, counter: p.counter + 1, node } : { ms: p.ms + 1, counter: 0, node });
};

// docs/design.md §4 push, in one transaction: duplicates are acknowledged again, a gap stops the push, each new mutation
// is applied or recorded as rejected (a permanent failure still advances the sequence, so nothing wedges).
export const handlePush = async (port: SyncPort, auth: DeviceAuth, body: unknown, now: number): Promise<PushResponse> => {
  if (needsUpgrade((body ?? {}) as object)) return { upgrade: true, serverTime: now };
  const req = parsePushRequest(body);
  if (req.deviceId !== auth.deviceId) throw new CodedError('forbidden', 'deviceId does not match the token');
  const mutations = [...req.mutations].sort((a, b) => a.seq - b.seq);
  const meta = { deviceId: auth.deviceId, memberId: auth.memberId, now };
  return port.inPushTransaction(auth.scope.communeId, async (tx) => {
    let lastSeq = await tx.lastSeq(auth.deviceId);
    const results: PushResult[] = [];
    let version: Promise<number> | undefined;
    let stamp: string | undefined;
    const ctx = { tx, scope: auth.scope, role: auth.role, former: auth.formerVillages, communeVillages: auth.communeVillageIds, meta, version: () => (version ??= tx.nextVersion()) };
    for (const m of mutations) {
      if (m.seq <= lastSeq) {
        results.push((await tx.rejection(auth.deviceId, m.seq)) ?? { seq: m.seq, status: 'duplicate' });
        continue;
      }
      if (m.seq > lastSeq + 1) {
        await tx.setLastSeq(auth.deviceId, lastSeq, now);
        return { lastSeq, expectedSeq: lastSeq + 1, results, serverTime: now, error: 'seq-gap' };
      }
      let result: PushResult;
      try {
        if (!wellFormed(m)) throw new CodedError('bad-request', `malformed mutation ${m.seq}`);
        stamp = clampInOrder(m.hlc, now, stamp);
        result = await applyMutation(ctx, m, stamp);
      } catch (e) {
        if (!(e instanceof CodedError) || !isPermanent(e.code)) throw e;
        result = { seq: m.seq, status: 'rejected', reason: e.code, ...(e.issues ? { issues: e.issues } : {}) };
        await tx.reject(auth.deviceId, recordable(m), result, now);
      }
      results.push(result);
      lastSeq = m.seq;
    }
    await tx.setLastSeq(auth.deviceId, lastSeq, now);
    return { lastSeq, results, serverTime: now };
  });
};
