import Dexie from 'dexie';
import { isErrorCode, type ErrorCode } from '../../core/errors.ts';
import type { PullResponse, PushResponse } from '../../core/sync/protocol.ts';
import { SyncHttpError, type FetchLike, type Transport } from '../sync/transport.ts';
import type { DemoHost, RequestKind } from './host.ts';
import { signalOn } from './signal.ts';

// The demo phone's network: requests go to the in-browser server as JSON text, never to fetch. The simulated
// signal decides whether they get there, and each trip takes a moment (so the room sees "đang đồng bộ"); an answer
// that comes back after the signal dropped is lost, as on a real phone, and the push is simply sent again.
export const LATENCY_KEY = 'tn.demo.latency';
const DEFAULT_LATENCY_MS = 350;

export const latencyMs = (): number => {
  try {
    const v = Number(localStorage.getItem(LATENCY_KEY));
    return Number.isFinite(v) && localStorage.getItem(LATENCY_KEY) !== null ? Math.max(0, v) : DEFAULT_LATENCY_MS;
  } catch {
    return DEFAULT_LATENCY_MS;
  }
};

const AUTH_CODES = new Set<ErrorCode>(['unauthorized', 'token-revoked', 'token-expired']);
const wait = (ms: number) => new Promise((r) => setTimeout(r, ms));

type Answer = { status: number; body: unknown };

const trip = async (host: () => Promise<DemoHost>, kind: RequestKind, body: unknown, delay: () => number): Promise<Answer> => {
  const half = delay() / 2;
  await wait(half);
  if (!signalOn()) throw new SyncHttpError('network', 0, true, 'no signal (simulated)');
  const text = await (await host()).request(kind, JSON.stringify(body));
  await wait(half);
  if (!signalOn()) throw new SyncHttpError('network', 0, true, 'answer lost: the signal dropped (simulated)');
  return JSON.parse(text) as Answer;
};

// The statuses mean what they mean on the real server (a 4xx was refused before anything was applied).
const failure = ({ status, body }: Answer): SyncHttpError => {
  const c = (body as { error?: { code?: unknown } } | null)?.error?.code;
  const code = isErrorCode(c) ? c : undefined;
  if (status >= 500) return new SyncHttpError(code ?? 'unavailable', status, true);
  if (status === 401) return new SyncHttpError(code && AUTH_CODES.has(code) ? code : 'unauthorized', status, false);
  return new SyncHttpError(code ?? 'bad-request', status, false);
};

export const demoTransport = (host: () => Promise<DemoHost>, delay: () => number = latencyMs): Transport => {
  const call = async <T,>(kind: RequestKind, body: unknown): Promise<T> => {
    if (Dexie.currentTransaction) throw new Error('sync: request inside a Dexie transaction');
    const answer = await trip(host, kind, body, delay);
    if (answer.status === 409 && (answer.body as { error?: unknown } | null)?.error === 'seq-gap') return answer.body as T;
    if (answer.status >= 400) throw failure(answer);
    return answer.body as T;
  };
  return {
    push: (body) => call<PushResponse>('push', body),
    pull: (body) => call<PullResponse>('pull', body),
  };
};

// What the join screen's fetch becomes in the demo: the one account call goes to the demo server; anything else
// has nowhere to go.
export const demoJoinFetch =
  (host: () => Promise<DemoHost>, delay: () => number = latencyMs): FetchLike =>
  async (url, init) => {
    if (new URL(url, 'http://demo.invalid').pathname !== '/api/auth/join') throw new TypeError('no network in the demo');
    let answer: Answer;
    try {
      answer = await trip(host, 'join', JSON.parse(String(init.body)), delay);
    } catch {
      throw new TypeError('no signal (simulated)');
    }
    return new Response(JSON.stringify(answer.body), { status: answer.status, headers: { 'Content-Type': 'application/json' } });
  };
