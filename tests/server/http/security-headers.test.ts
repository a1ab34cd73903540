import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestServer, type TestServer } from '../helpers/test-server.ts';

// Security headers on every answer (API, pages, static files), and the socket's limits for slow clients.
describe('security headers', () => {
  let s: TestServer;
  let dist: string;
  beforeAll(async () => {
    dist = fs.mkdtempSync(path.join(os.tmpdir(), 'tungnha-dist-'));
    fs.mkdirSync(path.join(dist, 'assets'));
    fs.writeFileSync(path.join(dist, 'index.html'), '<!doctype html><title>x</title>');
    fs.writeFileSync(path.join(dist, 'assets', 'app-1.js'), 'console.log(1)');
    s = await createTestServer({ db: 'sqlite', distDir: dist, trustProxy: 1 });
  });
  afterAll(async () => {
    await s?.close();
    fs.rmSync(dist, { recursive: true, force: true });
  });

  const headersOf = async (p: string, init?: RequestInit) => (await s.request(p, init)).headers;

  it('forbids framing of the officer pages and the API, lets only this origin frame the field app', async () => {
    for (const p of ['/officer', '/officer/admin', '/api/health', '/api/nothing-here']) {
      const h = await headersOf(p);
      expect(h.get('x-frame-options'), p).toBe('DENY');
      expect(h.get('content-security-policy'), p).toMatch(/frame-ancestors 'none'/);
    }
    for (const p of ['/', '/households', '/demo']) {
      const h = await headersOf(p);
      expect(h.get('x-frame-options'), p).toBe('SAMEORIGIN');
      expect(h.get('content-security-policy'), p).toMatch(/frame-ancestors 'self'/);
    }
  });

  it('sends CSP, nosniff and Referrer-Policy on pages, static files and API answers', async () => {
    for (const p of ['/', '/assets/app-1.js', '/api/health', '/icons/missing.svg']) {
      const h = await headersOf(p);
      expect(h.get('x-content-type-options'), p).toBe('nosniff');
      expect(h.get('referrer-policy'), p).toBe('no-referrer');
      expect(h.get('content-security-policy'), p).toBeTruthy();
    }
    const page = (await headersOf('/')).get('content-security-policy') ?? '';
    expect(page).toMatch(/script-src 'self'(;|$)/);
    expect(page).not.toMatch(/unsafe-inline|unsafe-eval/);
    expect((await headersOf('/api/health')).get('content-security-policy')).toMatch(/^default-src 'none'/);
  });

  it('sends HSTS only when the browser came over https', async () => {
    expect((await headersOf('/')).get('strict-transport-security')).toBeNull();
    expect((await headersOf('/', { headers: { 'X-Forwarded-Proto': 'http' } })).get('strict-transport-security')).toBeNull();
    expect((await headersOf('/', { headers: { 'X-Forwarded-Proto': 'https' } })).get('strict-transport-security')).toMatch(/max-age=\d{7,}/);
    const direct = await createTestServer({ db: 'sqlite', tls: true });
    try {
      expect((await direct.request('/api/health')).headers.get('strict-transport-security')).toMatch(/max-age=/);
      // Without a trusted proxy the header is the caller's word only.
      expect((await s.request('/api/health')).headers.get('strict-transport-security')).toBeNull();
    } finally {
      await direct.close();
    }
  });
});

describe('slow clients on the socket', () => {
  let s: TestServer;
  let base: URL;
  beforeAll(async () => {
    s = await createTestServer({ db: 'sqlite', connections: { requestMs: 1500, headersMs: 1000, maxConnections: 4 } });
    base = new URL(await s.listen());
  });
  afterAll(() => s?.close());

  const open = () =>
    new Promise<net.Socket>((resolve, reject) => {
      const sock = net.connect(Number(base.port), base.hostname, () => resolve(sock));
      sock.on('error', reject);
    });
  const closedWithin = (sock: net.Socket, ms: number) =>
    new Promise<boolean>((resolve) => {
      const t = setTimeout(() => resolve(false), ms);
      sock.once('close', () => (clearTimeout(t), resolve(true)));
    });

  it('cuts a body that trickles in past the request timeout', async () => {
    const sock = await open();
    sock.on('error', () => undefined);
    sock.write('POST /api/auth/join HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n{');
    const drip = setInterval(() => sock.writable && sock.write(' '), 200);
    let answer = '';
    sock.on('data', (d) => (answer += d.toString()));
    try {
      expect(await closedWithin(sock, 8_000)).toBe(true);
    } finally {
      clearInterval(drip);
    }
    expect(answer === '' || answer.startsWith('HTTP/1.1 408')).toBe(true);
  });

  it('closes connections past the cap at once, and serves again when they go', async () => {
    const held = await Promise.all(Array.from({ length: 4 }, open));
    const extra = await open();
    expect(await closedWithin(extra, 3_000)).toBe(true);
    for (const h of held) h.destroy();
    await new Promise((r) => setTimeout(r, 200));
    expect((await fetch(new URL('/api/health', base))).status).toBe(200);
  });
});
