import { CodedError } from '../../core/errors.ts';
import type { DeviceAuth, PullPort, SyncPort } from '../../core/sync/port.ts';
import type { SqlSyncPort } from '../store/sync-port.ts';
import { handlePull } from '../../core/sync/pull.ts';
import { handlePush } from '../../core/sync/push.ts';
import { pullAskOf, pullFollows } from '../../core/sync/push-pull.ts';
import type { PullRequest } from '../../core/sync/protocol.ts';
import type { TouchWriter } from '../accounts/touches.ts';
import { decodeJson, LIMITS } from '../http/body.ts';
import { jsonReply, jsonTextReply, type Reply } from '../http/respond.ts';
import { pullResponseJson } from '../store/change-cache.ts';

// A sync call from its body bytes to its reply: decode (gzip, JSON), the core's handlePush / handlePull over a
// sync port, encode (JSON, gzip). The same functions run on the request's thread (PostgreSQL) and in SQLite's
// writer and reader threads (sqlite-threads.ts), so both give the same answers. The caller is already
// authenticated (routes/sync.ts).
export type CallInput = { auth: DeviceAuth; bytes: Uint8Array; contentEncoding?: string; acceptEncoding?: string; now: number };
// The pull a push asked for (core/sync/push-pull.ts), to be read once the push has committed and answered in one
// body with it: pushJson is the push's answer, not yet encoded.
export type PullAfterPush = { ask: PullRequest; pushJson: string };
export type PullInput = CallInput | { auth: DeviceAuth; after: PullAfterPush; acceptEncoding?: string; now: number };
// follow: set instead of reply when the push asked for a pull (runPull answers both).
export type PushOutput = { reply: Reply; applied: boolean; follow?: undefined } | { reply?: undefined; applied: boolean; follow: PullAfterPush };
// build: the app build the phone named in its body, for the device's "last synced" record.
export type PullOutput = { reply: Reply; build: string | null };

export type SyncCalls = {
  push: (input: CallInput) => Promise<PushOutput>;
  pull: (input: PullInput) => Promise<PullOutput>;
  // Writes the devices' batched sync times (accounts/touches.ts).
  touch: TouchWriter;
  close: () => Promise<void>;
};

// A body must be a JSON object; an object without versions is an old client and gets `upgrade` from the core.
export const jsonObject = (body: unknown): Record<string, unknown> => {
  if (!body || typeof body !== 'object' || Array.isArray(body)) throw new CodedError('bad-request', 'the body must be a JSON object');
  return body as Record<string, unknown>;
};

export const runPush = async (port: SyncPort, input: CallInput): Promise<PushOutput> => {
  const body = jsonObject(await decodeJson(input.bytes, input.contentEncoding, LIMITS.push));
  const ask = pullAskOf(body);
  const res = await handlePush(port, input.auth, body, input.now);
  const applied = 'results' in res && res.results.some((r) => r.status === 'applied');
  if (ask && pullFollows(res)) return { applied, follow: { ask, pushJson: JSON.stringify(res) } };
  return { reply: await jsonReply(res, 'error' in res ? 409 : 200, input.acceptEncoding), applied };
};

// `{…push answer, "pull": page}`, spliced as text: the page's JSON comes from the change cache.
const withPull = (pushJson: string, pullJson: string): string => `${pushJson.slice(0, -1)},"pull":${pullJson}}`;

export const runPull = async (port: PullPort, input: PullInput): Promise<PullOutput> => {
  if ('after' in input) {
    const { ask, pushJson } = input.after;
    const res = await handlePull(port, input.auth, ask, input.now);
    return { reply: await jsonTextReply(withPull(pushJson, pullResponseJson(res)), 200, input.acceptEncoding), build: typeof ask.build === 'string' ? ask.build.slice(0, 40) : null };
  }
  const body = jsonObject(await decodeJson(input.bytes, input.contentEncoding, LIMITS.small));
  const res = await handlePull(port, input.auth, body, input.now);
  return { reply: await jsonTextReply(pullResponseJson(res), 200, input.acceptEncoding), build: typeof body.build === 'string' ? body.build.slice(0, 40) : null };
};

// PostgreSQL: everything on the request's thread, through the pool; a pull from one snapshot (SqlSyncPort.inReadSnapshot).
export const inlineCalls = (port: SqlSyncPort, touch: TouchWriter): SyncCalls => ({
  push: (input) => runPush(port, input),
  pull: (input) => port.inReadSnapshot((snapshot) => runPull(snapshot, input)),
  touch,
  close: async () => undefined,
});
