import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import https from 'node:https';
import BetterSqlite3 from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';

// `npm start` (= build + `tsx src/server/main.ts`): the first start on an empty DATA_DIR creates the SQLite file,
// seeds the sample commune and prints the URL, the sign-in and one invite code per village; later starts print
// the URL and how to sign in, and keep the data.
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'tungnha-start-'));
afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }));

const start = (env: Record<string, string>): Promise<{ child: ChildProcess; output: string; url: string }> =>
  new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/server/main.ts'], {
      env: { ...process.env, PORT: '0', HOST: '127.0.0.1', DATA_DIR: dataDir, DIST_DIR: path.join(dataDir, 'no-dist'), DATABASE_URL: '', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    const timer = setTimeout(() => reject(new Error(`no start within 20 s:\n${output}`)), 20_000);
    const onData = (d: Buffer) => {
      output += d.toString();
      const m = /running at (https?:\/\/[^\s]+)/.exec(output);
      if (m && /(Officer sign-in|New invite codes)[^\n]*\n[\s\S]*\n\n/.test(output)) {
        clearTimeout(timer);
        resolve({ child, output, url: m[1] });
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', (d: Buffer) => (output += d.toString()));
    child.on('exit', (code) => reject(new Error(`exited with ${code}:\n${output}`)));
  });

const stop = (child: ChildProcess) =>
  new Promise<void>((resolve) => {
    child.removeAllListeners('exit');
    child.on('exit', () => resolve());
    child.kill('SIGTERM');
  });

describe('starting the server', { timeout: 90_000 }, () => {
  it('seeds and prints the codes on first start, and only the sign-in afterwards', async () => {
    const first = await start({ ADMIN_PASSWORD: 'first-start-password' });
    try {
      expect(first.output).toContain('First start');
      expect(first.output).toContain('username: admin  password: first-start-password');
      const codes = first.output.match(/\b[A-HJ-NP-Z2-9]{4}-[A-HJ-NP-Z2-9]{4}\b/g) ?? [];
      expect(codes).toHaveLength(5);
      const health = await (await fetch(`${first.url}api/health`)).json();
      expect(health).toMatchObject({ ok: true, db: 'sqlite' });
      const join = await fetch(`${first.url}api/auth/join`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ code: codes[0], deviceId: 'start-test-phone', displayName: 'Lò Thị Mai' }),
      });
      expect(join.status).toBe(200);
    } finally {
      await stop(first.child);
    }
    const sqlite = new BetterSqlite3(path.join(dataDir, 'tungnha.sqlite'), { readonly: true });
    expect(sqlite.pragma('journal_mode', { simple: true })).toBe('wal');
    sqlite.close();

    const second = await start({});
    try {
      expect(second.output).not.toContain('First start');
      expect(second.output).toMatch(/Officer sign-in: .*username admin/);
      const login = await fetch(`${second.url}api/auth/login`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ username: 'admin', password: 'first-start-password' }),
      });
      expect(login.status).toBe(200);
    } finally {
      await stop(second.child);
    }
  });

  it('generates and prints a password when ADMIN_PASSWORD is not set', async () => {
    fs.rmSync(path.join(dataDir, 'fresh'), { recursive: true, force: true });
    const fresh = await start({ DATA_DIR: path.join(dataDir, 'fresh'), ADMIN_PASSWORD: '' });
    try {
      const m = /password: (\S{16})\n\s+\(the password was generated/.exec(fresh.output);
      expect(m).not.toBeNull();
      const login = await fetch(`${fresh.url}api/auth/login`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ username: 'admin', password: m?.[1] }),
      });
      expect(login.status).toBe(200);
    } finally {
      await stop(fresh.child);
    }
  });

  it('says plainly that phones need https when it serves plain http', async () => {
    const plain = await start({ DATA_DIR: path.join(dataDir, 'fresh'), HOST: '0.0.0.0' });
    try {
      expect(plain.output).toMatch(/WARNING: plain http\. Phones need https to work without signal/);
      expect(plain.output).toContain('TLS_CERT and TLS_KEY');
    } finally {
      await stop(plain.child);
    }
  });

  it('serves https with TLS_CERT and TLS_KEY', async () => {
    const fixtures = path.resolve('tests/fixtures/tls');
    const secure = await start({ DATA_DIR: path.join(dataDir, 'fresh'), TLS_CERT: path.join(fixtures, 'cert.pem'), TLS_KEY: path.join(fixtures, 'key.pem') });
    try {
      expect(secure.url).toMatch(/^https:\/\/127\.0\.0\.1:\d+\/$/);
      expect(secure.output).not.toContain('WARNING: plain http');
      const ca = fs.readFileSync(path.join(fixtures, 'cert.pem'));
      const body = await new Promise<string>((resolve, reject) => {
        https.get(`${secure.url}api/health`, { ca }, (res) => {
          let text = '';
          res.on('data', (d: Buffer) => (text += d.toString()));
          res.on('end', () => resolve(text));
        }).on('error', reject);
      });
      expect(JSON.parse(body)).toMatchObject({ ok: true });
    } finally {
      await stop(secure.child);
    }
  });

  it('refuses to start with only one of TLS_CERT and TLS_KEY', async () => {
    await expect(start({ DATA_DIR: path.join(dataDir, 'fresh'), TLS_CERT: 'tests/fixtures/tls/cert.pem' })).rejects.toThrow(/set both TLS_CERT and TLS_KEY/);
  });
});
