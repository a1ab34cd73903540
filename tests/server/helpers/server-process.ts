import { spawn, type ChildProcess } from 'node:child_process';
import http from 'node:http';
import net from 'node:net';

// The real server as `npm run serve` runs it, in a process of its own that a test can SIGKILL and start again.
export type ServerProcess = {
  base: string;
  port: number;
  proc: () => ChildProcess;
  log: () => string;
  alive: () => boolean;
  stop: (signal?: NodeJS.Signals) => Promise<void>;
  restart: () => Promise<void>;
};

export const freePort = () =>
  new Promise<number>((resolve, reject) => {
    const s = net.createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as net.AddressInfo;
      s.close(() => resolve(port));
    });
  });

// node:http rather than fetch: restarts happen while property runs stand Date.now still, which undici's timers read.
const healthy = (base: string) =>
  new Promise<number>((resolve) => {
    const req = http.get(`${base}/api/health`, { agent: false }, (res) => (res.resume(), resolve(res.statusCode ?? 0)));
    req.on('error', () => resolve(0));
  });

// `env`: DATA_DIR (SQLite) or DATABASE_URL/DATABASE_SCHEMA (PostgreSQL), ADMIN_PASSWORD, DIST_DIR…
export const startServerProcess = async (env: Record<string, string>, opts: { port?: number; startTimeoutMs?: number } = {}): Promise<ServerProcess> => {
  const port = opts.port ?? (await freePort());
  const base = `http://127.0.0.1:${port}`;
  let proc!: ChildProcess;
  let log = '';
  let exited = true;
  const start = async () => {
    log = '';
    proc = spawn(process.execPath, ['--import', 'tsx', 'src/server/main.ts'], {
      env: { ...process.env, PORT: String(port), HOST: '127.0.0.1', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    exited = false;
    // Never outlive the test: a run that fails or is interrupted takes its servers with it.
    const orphan = () => proc.kill('SIGKILL');
    process.once('exit', orphan);
    proc.once('exit', () => ((exited = true), process.off('exit', orphan)));
    proc.stdout?.on('data', (d) => (log += d));
    proc.stderr?.on('data', (d) => (log += d));
    const until = Date.now() + (opts.startTimeoutMs ?? 120_000);
    for (;;) {
      if (exited) throw new Error(`server exited: ${log}`);
      try {
        if ((await healthy(base)) === 200) return;
      } catch {
        // not up yet
      }
      if (Date.now() > until) throw new Error(`server did not start: ${log}`);
      await new Promise((r) => setTimeout(r, 50));
    }
  };
  const stop = (signal: NodeJS.Signals = 'SIGTERM') =>
    new Promise<void>((resolve) => {
      if (exited) return resolve();
      proc.once('exit', () => resolve());
      proc.kill(signal);
    });
  await start();
  return { base, port, proc: () => proc, log: () => log, alive: () => !exited, stop, restart: start };
};
