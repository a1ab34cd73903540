import { CodedError } from '../errors.ts';
import type { DeviceAuth, SyncPort } from './port.ts';
import { checkPullRequest, handlePull } from './pull.ts';
import { needsUpgrade, type PullRequest, type PushRequest, type PushResponse } from './protocol.ts';
import { handlePush } from './push.ts';

// A push that carries the phone's pull cursor (`pull`, PROTOCOL 2) is answered with the pull page as well, read
// after the push committed: one round trip instead of two, which on 2G is most of a sync's time, and one request
// instead of two for the server. The page is exactly what a pull sent right after the push would get.

// The pull a push body asks for, checked before anything is applied: a malformed `pull` refuses the whole push
// (400, nothing applied), never a push applied and then answered with an error.
export const pullAskOf = (body: unknown): PullRequest | undefined => {
  const b = (body ?? {}) as Partial<PushRequest>;
  if (b.pull === undefined || needsUpgrade(b)) return undefined;
  const ask = b.pull as Partial<PullRequest> | null;
  if (!ask || typeof ask !== 'object' || Array.isArray(ask)) throw new CodedError('bad-request', 'pull must be an object');
  const req: Partial<PullRequest> = {
    protocol: b.protocol,
    schema: b.schema,
    ...(b.build !== undefined ? { build: b.build } : {}),
    deviceId: b.deviceId,
    cursor: ask.cursor,
    ...(ask.limit !== undefined ? { limit: ask.limit } : {}),
    ...(ask.scopeKey !== undefined ? { scopeKey: ask.scopeKey } : {}),
  };
  checkPullRequest(req);
  return req as PullRequest;
};

// Only a push that went through is followed by its pull: after a gap or an upgrade answer the phone has more to
// push (or nothing it may do), and a page now could lay the server's row over an edit it has not yet received.
export const pullFollows = (res: PushResponse): res is Extract<PushResponse, { results: unknown }> => 'results' in res && !('error' in res);

export const handlePushPull = async (port: SyncPort, auth: DeviceAuth, body: unknown, now: number): Promise<PushResponse> => {
  const ask = pullAskOf(body);
  const res = await handlePush(port, auth, body, now);
  return ask && pullFollows(res) ? { ...res, pull: await handlePull(port, auth, ask, now) } : res;
};
