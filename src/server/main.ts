import fs from 'node:fs';
import path from 'node:path';
import http from 'node:http';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import { boot } from './boot.ts';
import { addressLines, lanAddresses, tlsFromEnv, type TlsFiles } from './http/tls.ts';
import { storeOptionsFromEnv } from './store/open.ts';
import { purgeTombstones } from './store/tombstones.ts';

// `npm start` / `npm run serve`. Configuration: PORT (8080), HOST (0.0.0.0), DATA_DIR (./data, the SQLite file),
// DATABASE_URL (PostgreSQL instead), ADMIN_PASSWORD (first start only), TRUST_PROXY=1 behind a reverse proxy,
// TLS_CERT + TLS_KEY (PEM files) to serve https itself.
const env = process.env;
const port = Number(env.PORT ?? 8080);
const host = env.HOST ?? '0.0.0.0';
const distDir = path.resolve(env.DIST_DIR ?? 'dist');
const version = env.npm_package_version ?? readVersion();

function readVersion(): string {
  try {
    return JSON.parse(fs.readFileSync(path.resolve('package.json'), 'utf8')).version ?? '0.0.0';
  } catch {
    return '0.0.0';
  }
}

let tls: TlsFiles | undefined;
try {
  tls = tlsFromEnv(env);
} catch (e) {
  console.error(`Từng Nhà cannot start: ${e instanceof Error ? e.message : e}`);
  process.exit(1);
}
const trustProxy = env.TRUST_PROXY === '1';

const storeOptions = storeOptionsFromEnv(env);
const booted = await boot({ store: storeOptions, version, distDir, adminPassword: env.ADMIN_PASSWORD, trustProxy }).catch((e) => {
  console.error(`Từng Nhà could not open its database (${storeOptions.kind === 'sqlite' ? storeOptions.file : 'DATABASE_URL'}):`, e instanceof Error ? e.message : e);
  process.exit(1);
});
const { ctx, listener, seeded } = booted;

const server = tls ? https.createServer({ cert: tls.cert, key: tls.key }, listener) : http.createServer(listener);
server.on('tlsClientError', () => undefined); // a phone that does not trust the certificate yet: not our error
server.listen(port, host, () => {
  const info = server.address() as AddressInfo;
  const where = addressLines({ secure: !!tls, host, port: info.port, lan: lanAddresses(), trustProxy });
  const url = where.url;
  const lines = [
    '',
    `Từng Nhà ${version} is running at ${url}`,
    ...where.lines,
    `  database: ${ctx.store.kind === 'sqlite' ? `SQLite ${ctx.store.where}` : `PostgreSQL ${ctx.store.where}`}`,
  ];
  if (seeded) {
    lines.push(
      '',
      'First start: created the sample commune "Xã Nậm Tiên (mẫu)" (fictional) with its villages.',
      `  Officer sign-in: ${url}officer  username: ${seeded.officer.username}  password: ${seeded.officer.password}`,
      seeded.officer.generated ? '  (the password was generated and is shown only this once; set ADMIN_PASSWORD to choose it)' : '  (password from ADMIN_PASSWORD)',
      '  Invite codes (a team member taps "Tham gia tổ" on the phone and types one):',
      ...seeded.invites.map((i) => `    ${i.code}  ${i.villageName}  (${i.uses} phones, until ${new Date(i.expiresAt).toISOString().slice(0, 10)})`),
    );
  } else {
    lines.push(`  Officer sign-in: ${url}officer with the username and password set at first start (username admin).`);
    lines.push('  New invite codes: the officer page, Admin → Invites.');
  }
  console.log(lines.join('\n') + '\n');
  booted.warmReports();
});

// Tombstones past the retention window are purged every six hours (and at every start).
const purge = setInterval(() => {
  purgeTombstones(ctx.store.db, ctx.store.kind, ctx.now(), ctx.policy.tombstoneRetentionMs).catch((e) => console.error('tombstone purge failed:', e));
}, 6 * 3_600_000);
purge.unref();

const shutdown = (signal: string) => {
  console.log(`${signal}: stopping`);
  clearInterval(purge);
  server.close(() => {
    booted.close().finally(() => process.exit(0));
  });
  setTimeout(() => process.exit(0), 5000).unref();
};
process.on('SIGINT', () => shutdown('SIGINT'));
process.on('SIGTERM', () => shutdown('SIGTERM'));
