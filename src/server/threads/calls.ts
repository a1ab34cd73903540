import { CodedError } from '../../core/errors.ts';
import type { DeviceAuth, PullPort, SyncPort } from '../../core/sync/port.ts';
import type { SqlSyncPort } from '../store/sync-port.ts';
import { handlePull } from '../../core/sync/pull.ts';
import { handlePush } from '../../core/sync/push.ts';
import type { TouchWriter } from '../accounts/touches.ts';
import { decodeJson, LIMITS } from '../http/body.ts';
import { jsonReply, jsonTextReply, type Reply } from '../http/respond.ts';
import { pullResponseJson } from '../store/change-cache.ts';

// A sync call from its body bytes to its reply: decode (gzip, JSON), the core's handlePush / handlePull over a
// sync port, encode (JSON, gzip). The same functions run on the request's thread (PostgreSQL) and in SQLite's
// writer and reader threads (sqlite-threads.ts), so both give the same answers. The caller is already
// authenticated (routes/sync.ts).
export type CallInput = { auth: DeviceAuth; bytes: Uint8Array; contentEncoding?: string; acceptEncoding?: string; now: number };
export type PushOutput = { reply: Reply; applied: boolean };
// build: the app build the phone named in its body, for the device's "last synced" record.
export type PullOutput = { reply: Reply; build: string | null };

export type SyncCalls = {
  push: (input: CallInput) => Promise<PushOutput>;
  pull: (input: CallInput) => Promise<PullOutput>;
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
  const res = await handlePush(port, input.auth, body, input.now);
  return {
    reply: await jsonReply(res, 'error' in res ? 409 : 200, input.acceptEncoding),
    applied: 'results' in res && res.results.some((r) => r.status === 'applied'),
  };
};

export const runPull = async (port: PullPort, input: CallInput): Promise<PullOutput> => {
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
