import http from 'node:http';
import type { AddressInfo } from 'node:net';

// A loopback HTTP proxy between phones and one or more server processes that breaks requests the ways a village's
// network and a crashing server do: it loses a request or its answer, cuts either in the middle of its body,
// delivers a request twice (at once, on two connections), holds one back and delivers it later (so out of order),
// SIGKILLs the server while a request is inside it, or terminates the server's PostgreSQL sessions mid-request.
// Every fault is the proxy's own decision from a seeded schedule, so a failing scenario replays exactly.
export type ProxyFault =
  | 'ok'
  | 'drop-request' // the client's request never reaches a server
  | 'cut-request' // half the body reaches a server, then the connection dies
  | 'drop-answer' // a server handles it; its answer is lost
  | 'cut-answer' // the status, headers and half the answer reach the client, then the connection dies
  | 'duplicate' // two copies reach servers at the same time; the client gets one answer
  | 'delay' // the client gives up at once; the request reaches a server later, after others
  | 'flush' // every delayed request arrives now (in random order), then this one
  | 'kill' // the server handling it is SIGKILLed a few ms after it got the request
  | 'pg-terminate'; // the server's PostgreSQL backends are terminated while it handles the request

export type Upstream = { url: string; kill: () => Promise<void>; alive: () => boolean };

export type FaultProxyOptions = {
  upstreams: () => Upstream[]; // live ones are picked at random per request
  next: (path: string) => ProxyFault;
  random: () => number;
  // Called after a `kill`: restarts the killed server (one server), or leaves it dead (several).
  afterKill?: (killed: Upstream) => Promise<void>;
  terminateBackends?: () => Promise<void>;
};

export type FaultProxy = {
  url: string;
  counts: Record<ProxyFault, number>;
  // Every answer a server gave (whether the client got it or not), by status; 500s with their bodies.
  statuses: Record<number, number>;
  internal: string[];
  flush: () => Promise<void>; // deliver every held-back request (and wait for them)
  heal: () => void; // from now on every request passes untouched
  close: () => Promise<void>;
};

type Held = { method: string; path: string; headers: http.OutgoingHttpHeaders; body: Buffer };

const ZERO: Record<ProxyFault, number> = { ok: 0, 'drop-request': 0, 'cut-request': 0, 'drop-answer': 0, 'cut-answer': 0, duplicate: 0, delay: 0, flush: 0, kill: 0, 'pg-terminate': 0 };

const readAll = (s: NodeJS.ReadableStream) =>
  new Promise<Buffer>((resolve, reject) => {
    const parts: Buffer[] = [];
    s.on('data', (d: Buffer) => parts.push(d));
    s.on('end', () => resolve(Buffer.concat(parts)));
    s.on('error', reject);
  });

type Answer = { status: number; headers: http.IncomingHttpHeaders; body: Buffer };

// One request to a server; rejects when the connection dies before the whole answer came.
const send = (to: Upstream, h: Held, cutAt?: number, seen?: (a: Answer) => void): Promise<Answer> =>
  new Promise<Answer>((resolve, reject) => {
    const u = new URL(h.path, to.url);
    const req = http.request(u, { method: h.method, headers: { ...h.headers, host: u.host, connection: 'close' }, agent: false }, (res) => {
      let complete = false;
      res.on('end', () => (complete = true));
      res.on('close', () => complete || reject(new Error('answer cut')));
      readAll(res).then((body) => {
        const a = { status: res.statusCode ?? 0, headers: res.headers, body };
        seen?.(a);
        resolve(a);
      }, reject);
    });
    req.on('error', reject);
    if (cutAt === undefined) return void req.end(h.body);
    req.write(h.body.subarray(0, cutAt));
    // Let the half body reach the server before the connection dies.
    setTimeout(() => {
      req.destroy();
      reject(new Error('request cut'));
    }, 5);
  });

const HOP = new Set(['connection', 'keep-alive', 'transfer-encoding', 'content-length', 'host']);

export const startFaultProxy = async (opts: FaultProxyOptions): Promise<FaultProxy> => {
  const counts = { ...ZERO };
  const statuses: Record<number, number> = {};
  const internal: string[] = [];
  const seen = (a: Answer) => {
    statuses[a.status] = (statuses[a.status] ?? 0) + 1;
    if (a.status === 500) internal.push(a.body.toString('utf8').slice(0, 300));
  };
  const held: Held[] = [];
  const inFlight = new Set<Promise<unknown>>();
  let healed = false;
  // A kill and its restart finish before the next request is let through: that is what a client retrying sees.
  let restarting: Promise<void> = Promise.resolve();
  const pick = () => {
    const live = opts.upstreams().filter((u) => u.alive());
    if (!live.length) throw new Error('no server is alive');
    return live[Math.floor(opts.random() * live.length)];
  };
  const track = <T,>(p: Promise<T>) => {
    const q = p.catch(() => undefined);
    inFlight.add(q);
    void q.finally(() => inFlight.delete(q));
    return p;
  };
  const deliverHeld = async () => {
    while (held.length) {
      const h = held.splice(Math.floor(opts.random() * held.length), 1)[0];
      await track(send(pick(), h, undefined, seen)).catch(() => undefined);
    }
  };

  const server = http.createServer(async (req, res) => {
    const die = () => res.socket?.destroy();
    try {
      const body = await readAll(req);
      await restarting;
      const headers: http.OutgoingHttpHeaders = {};
      for (const [k, v] of Object.entries(req.headers)) if (!HOP.has(k) && v !== undefined) headers[k] = v;
      headers['content-length'] = String(body.length);
      const h: Held = { method: req.method ?? 'GET', path: req.url ?? '/', headers, body };
      const fault: ProxyFault = healed ? 'ok' : opts.next(h.path);
      counts[fault]++;
      const answer = (a: Answer, cut = false) => {
        const out: http.OutgoingHttpHeaders = {};
        for (const [k, v] of Object.entries(a.headers)) if (!HOP.has(k) && v !== undefined) out[k] = v;
        out['content-length'] = String(a.body.length);
        res.writeHead(a.status, out);
        if (!cut) return void res.end(a.body);
        res.write(a.body.subarray(0, Math.floor(a.body.length / 2)));
        setTimeout(die, 5);
      };
      switch (fault) {
        case 'drop-request':
          return die();
        case 'cut-request':
          await track(send(pick(), h, Math.floor(body.length / 2), seen)).catch(() => undefined);
          return die();
        case 'drop-answer':
          await track(send(pick(), h, undefined, seen)).catch(() => undefined);
          return die();
        case 'cut-answer':
          return answer(await track(send(pick(), h, undefined, seen)), true);
        case 'duplicate': {
          const [a, b] = await Promise.allSettled([track(send(pick(), h, undefined, seen)), track(send(pick(), h, undefined, seen))]);
          const got = [a, b].filter((r): r is PromiseFulfilledResult<Answer> => r.status === 'fulfilled');
          return got.length ? answer(got[Math.floor(opts.random() * got.length)].value) : die();
        }
        case 'delay':
          held.push(h);
          return die();
        case 'flush':
          await deliverHeld();
          return answer(await track(send(pick(), h, undefined, seen)));
        case 'kill': {
          const to = pick();
          const sent = track(send(to, h, undefined, seen)).catch(() => undefined);
          await new Promise((r) => setTimeout(r, Math.floor(opts.random() * 15)));
          let done!: () => void;
          restarting = new Promise<void>((r) => (done = r));
          try {
            await to.kill();
            await sent;
            await opts.afterKill?.(to);
          } finally {
            done();
          }
          return die();
        }
        case 'pg-terminate': {
          const sent = track(send(pick(), h, undefined, seen));
          await new Promise((r) => setTimeout(r, Math.floor(opts.random() * 10)));
          await opts.terminateBackends?.();
          return answer(await sent);
        }
        default:
          return answer(await track(send(pick(), h, undefined, seen)));
      }
    } catch {
      die();
    }
  });
  // Sockets the proxy kills on purpose must not take it down.
  server.on('clientError', (_e, socket) => socket.destroy());
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    counts,
    statuses,
    internal,
    flush: async () => {
      await deliverHeld();
      await Promise.all([...inFlight]);
    },
    heal: () => void (healed = true),
    close: () => new Promise<void>((r) => (server.close(() => r()), server.closeAllConnections())),
  };
};

// fetch over node:http with no keep-alive: a connection the proxy kills fails this one request only, and an answer
// cut mid-body rejects (as it does in a browser) instead of looking complete.
export const httpFetch = (base: string) => async (url: string, init: RequestInit = {}): Promise<Response> => {
  const body = init.body === undefined || init.body === null ? undefined : typeof init.body === 'string' ? Buffer.from(init.body) : Buffer.from(init.body as ArrayBuffer);
  const headers: http.OutgoingHttpHeaders = {};
  new Headers(init.headers).forEach((v, k) => (headers[k] = v));
  if (body) headers['content-length'] = String(body.length);
  const a = await new Promise<Answer>((resolve, reject) => {
    const req = http.request(new URL(url, base), { method: init.method ?? 'GET', headers, agent: false }, (res) => {
      let complete = false;
      res.on('end', () => (complete = true));
      res.on('close', () => complete || reject(new TypeError('network: answer cut')));
      readAll(res).then((b) => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: b }), (e) => reject(new TypeError(`network: ${e}`)));
    });
    req.on('error', (e) => reject(new TypeError(`network: ${e.message}`)));
    init.signal?.addEventListener('abort', () => req.destroy(new Error('aborted')));
    req.end(body);
  });
  const out = new Headers();
  for (const [k, v] of Object.entries(a.headers)) if (typeof v === 'string') out.set(k, v);
  return new Response(a.status === 204 || a.status === 304 ? null : new Uint8Array(a.body), { status: a.status, headers: out });
};
