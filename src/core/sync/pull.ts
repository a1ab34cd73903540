import { CodedError } from '../errors.ts';
import type { DeviceAuth, PullPort } from './port.ts';
import { needsUpgrade, PULL_DEFAULT_LIMIT, PULL_MAX_LIMIT, scopeKey, type PullRequest, type PullResponse } from './protocol.ts';

// Throws unless `req` is a pull request a page can be read for.
export const checkPullRequest = (req: Partial<PullRequest>): void => {
  if (typeof req.deviceId !== 'string' || !Number.isSafeInteger(req.cursor) || (req.cursor as number) < 0)
    throw new CodedError('bad-request', 'pull needs deviceId and a cursor');
  // A limit that is not a number would page nothing and answer hasMore: false, so the phone would stop early.
  if (req.limit != null && !Number.isFinite(req.limit)) throw new CodedError('bad-request', 'limit must be a number');
};

// docs/design.md §4 pull. A page never splits a version, so a cursor always sits between whole pushes; a cursor from
// another scope, below the tombstone horizon or ahead of the server (a restored database) starts over.
export const handlePull = async (port: PullPort, auth: DeviceAuth, body: unknown, now: number): Promise<PullResponse> => {
  const req = (body ?? {}) as Partial<PullRequest>;
  if (needsUpgrade(req)) return { upgrade: true, serverTime: now };
  checkPullRequest(req);
  if (req.deviceId !== auth.deviceId) throw new CodedError('forbidden', 'deviceId does not match the token');
  const { scope } = auth;
  const key = scopeKey(scope);
  const cursor = req.cursor as number;
  let current: number | undefined;
  if (cursor > 0) {
    const v = await port.versions(scope.communeId);
    current = v.current;
    if ((req.scopeKey !== undefined && req.scopeKey !== key) || cursor < v.horizon || cursor > v.current)
      return { reset: true, scope, scopeKey: key, serverTime: now };
  }
  const limit = Math.min(Math.max(1, Math.floor(req.limit ?? PULL_DEFAULT_LIMIT)), PULL_MAX_LIMIT);
  let changes = await port.changesSince(scope, cursor, limit + 1, current);
  let hasMore = false;
  if (changes.length > limit) {
    hasMore = true;
    const split = changes[limit].version;
    const whole = changes.slice(0, limit).filter((c) => c.version < split);
    changes = whole.length > 0 ? whole : await port.changesAt(scope, split);
  }
  const next = changes.length ? changes[changes.length - 1].version : cursor;
  return { changes, cursor: next, hasMore, scope, scopeKey: key, serverTime: now };
};
