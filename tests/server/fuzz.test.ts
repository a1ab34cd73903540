import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestServer, type TestServer } from './helpers/test-server.ts';

// Fuzzing every endpoint with generated bodies, headers and query strings (fast-check): never a 5xx, every error
// answer is {error:{code,message}}. CI runs FUZZ_RUNS requests (1,000 by default); scripts/fuzz-http.ts runs more.
const ENDPOINTS: [string, string][] = [
  ['GET', '/api/health'], ['POST', '/api/auth/login'], ['POST', '/api/auth/join'], ['GET', '/api/auth/me'], ['POST', '/api/auth/logout'],
  ['POST', '/api/sync/push'], ['POST', '/api/sync/pull'],
  ['GET', '/api/reports/tallies'], ['GET', '/api/reports/activity'], ['GET', '/api/reports/export'], ['GET', '/api/reports/communes'],
  ['GET', '/api/reports/villages/v-na-pong/households'], ['POST', '/api/reports/villages/v-na-pong/households'], ['GET', '/api/reports/households/h1'],
  ['GET', '/api/reports/province'],
  ['GET', '/api/admin/villages'], ['POST', '/api/admin/villages'], ['POST', '/api/admin/villages/import'], ['PUT', '/api/admin/villages/v-na-pong'],
  ['GET', '/api/admin/invites'], ['POST', '/api/admin/invites'], ['POST', '/api/admin/invites/ABCD-2345/revoke'],
  ['GET', '/api/admin/devices'], ['POST', '/api/admin/devices/x/revoke'], ['GET', '/api/admin/members'], ['PUT', '/api/admin/members/x/villages'],
  ['DELETE', '/api/admin/members/x'], ['GET', '/api/admin/audit'], ['GET', '/api/admin/catalogue'], ['POST', '/api/admin/catalogue'],
  ['GET', '/api/admin/targets'], ['PUT', '/api/admin/targets'], ['GET', '/api/admin/teams'], ['POST', '/api/admin/teams'], ['POST', '/api/admin/teams/accounts'],
];

const json = fc.letrec((tie) => ({
  value: fc.oneof(
    { depthSize: 'small' },
    fc.string(), fc.integer(), fc.double(), fc.boolean(), fc.constant(null),
    fc.array(tie('value'), { maxLength: 4 }), fc.dictionary(fc.string({ maxLength: 12 }), tie('value'), { maxKeys: 5 }),
  ),
})).value;
const wireish = fc.record({ protocol: fc.oneof(fc.constant(2), fc.integer()), schema: fc.oneof(fc.constant(1), fc.integer()), deviceId: fc.string(), cursor: json, mutations: fc.oneof(json, fc.array(fc.record({ seq: fc.oneof(fc.nat(), json), id: json, name: fc.oneof(fc.constantFrom('household.put', 'visit.add', 'checklist.set'), fc.string()), args: json, hlc: fc.oneof(fc.string(), json) }, { requiredKeys: [] }), { maxLength: 5 })) }, { requiredKeys: [] });
const body = fc.oneof(
  json.map((v) => JSON.stringify(v)),
  wireish.map((v) => JSON.stringify(v)),
  fc.string(),
  fc.uint8Array({ maxLength: 200 }).map((b) => Buffer.from(b).toString('latin1')),
  fc.nat(3000).map((n) => '['.repeat(n) + ']'.repeat(n)),
);
const header = fc.record(
  {
    'content-type': fc.constantFrom('application/json', 'text/plain', 'application/x-www-form-urlencoded', ''),
    'content-encoding': fc.constantFrom('gzip', 'br', 'identity', 'x'),
    authorization: fc.oneof(fc.constant('Bearer '), fc.string().map((s) => `Bearer ${s}`), fc.string()),
    'x-forwarded-for': fc.string(),
    'accept-encoding': fc.constantFrom('gzip', '*', ''),
  },
  { requiredKeys: [] },
);
const query = fc.dictionary(fc.constantFrom('commune', 'period', 'from', 'to', 'format', 'q', 'limit', 'offset', 'before', 'removed', 'lang', 'x'), fc.string(), { maxKeys: 4 });

describe('fuzzing every endpoint', () => {
  let s: TestServer;
  let officer: string;
  beforeAll(async () => {
    s = await createTestServer({ db: 'sqlite', log: () => undefined });
    officer = await s.login();
  });
  afterAll(() => s?.close());

  it('never answers 5xx and always answers errors as {error:{code,message}}', async () => {
    const runs = Number(process.env.FUZZ_RUNS ?? 1000);
    let requests = 0;
    let fiveXx = 0;
    // Memory stays steady: the heap after a collection, sampled ten times over the run (with --expose-gc, as
    // scripts/fuzz-http.ts runs it; without, the samples are only indicative and not judged).
    const gc = (globalThis as { gc?: () => void }).gc;
    const heapMb = () => (gc?.(), process.memoryUsage().heapUsed / 2 ** 20);
    const sampleEvery = Math.max(1, Math.floor(runs / 10));
    const heap: number[] = [];
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...ENDPOINTS), body, header, query, fc.boolean(), async ([method, path], b, h, q, signed) => {
        const headers: Record<string, string> = { ...h };
        if (signed) headers.authorization = `Bearer ${officer}`;
        for (const k of Object.keys(headers)) if (/[^\t\x20-\x7e]/.test(headers[k])) delete headers[k];
        const qs = new URLSearchParams(q).toString();
        const res = await s.request(`${path}${qs ? `?${qs}` : ''}`, { method, headers, ...(method === 'GET' ? {} : { body: b }) });
        requests++;
        if (requests % sampleEvery === 0) heap.push(heapMb());
        if (res.status >= 500) fiveXx++;
        expect(res.status, `${method} ${path} ${b.slice(0, 200)}`).toBeLessThan(500);
        if (res.status >= 400) {
          const text = await res.text();
          const parsed = JSON.parse(text) as { error?: { code?: unknown; message?: unknown } };
          expect(typeof parsed.error?.code).toBe('string');
          expect(typeof parsed.error?.message).toBe('string');
        } else await res.arrayBuffer();
      }),
      { numRuns: runs, seed: Number(process.env.FUZZ_SEED ?? 12) },
    );
    console.log(`[fuzz] ${requests} requests over ${ENDPOINTS.length} endpoints, ${fiveXx} answered 5xx; heap MB ${gc ? 'after gc' : '(no gc)'}: ${heap.map((m) => m.toFixed(1)).join(' → ')}`);
    expect(requests).toBe(runs);
    // From the second sample on (the first holds the server's warm-up), a leak of even 1 KB per request would show.
    if (gc && runs >= 5000) expect(heap.at(-1)! - heap[1], 'heap growth (MB) over the run').toBeLessThan(Math.max(8, (runs * 1024) / 2 ** 20));
  }, 600_000);
});
