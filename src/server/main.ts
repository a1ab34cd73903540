import fs from 'node:fs';
import path from 'node:path';
import http from 'node:http';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import { boot } from './boot.ts';
import { trustedProxiesFrom } from './http/client-ip.ts';
import { capConnections, connectionLimitsFromEnv, serverOptions } from './http/limits.ts';
import { AttemptLimiter } from './http/rate-limit.ts';
import { addressLines, lanAddresses, tlsFromEnv, type TlsFiles } from './http/tls.ts';
import { parsePublicUrl } from './http/public-url.ts';
import { ATTEMPT_WINDOW_MS } from './routes/auth.ts';
import { storeOptionsFromEnv } from './store/open.ts';
import { purgeTombstones } from './store/tombstones.ts';

// `npm start` / `npm run serve`. Configuration: PORT (8080), HOST (0.0.0.0), DATA_DIR (./data, the SQLite file),
// DATABASE_URL (PostgreSQL instead), ADMIN_PASSWORD (first start only), TRUST_PROXY=N behind N reverse proxies,
// TLS_CERT + TLS_KEY (PEM files) to serve https itself, PUBLIC_URL (the https address phones use: invite sheets and
// their QR codes carry it), DATABASE_PARTITIONS=N to hash-partition PostgreSQL's by-commune tables (docs/scaling.md).
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
let storeOptions: ReturnType<typeof storeOptionsFromEnv>;
try {
  tls = tlsFromEnv(env);
  storeOptions = storeOptionsFromEnv(env);
} catch (e) {
  console.error(`Từng Nhà cannot start: ${e instanceof Error ? e.message : e}`);
  process.exit(1);
}
const trustProxy = trustedProxiesFrom(env.TRUST_PROXY);

const publicUrl = parsePublicUrl(env.PUBLIC_URL);
const partitions = env.DATABASE_PARTITIONS ? Number(env.DATABASE_PARTITIONS) : undefined;
const booted = await boot({ store: storeOptions, version, distDir, adminPassword: env.ADMIN_PASSWORD, trustProxy, tls: !!tls, publicUrl: env.PUBLIC_URL?.trim() || null, partitions }).catch((e) => {
  console.error(`Từng Nhà could not open its database (${storeOptions.kind === 'sqlite' ? storeOptions.file : 'DATABASE_URL'}):`, e instanceof Error ? e.message : e);
  process.exit(1);
});
const { ctx, listener, seeded } = booted;

const limits = connectionLimitsFromEnv(env);
const server = tls ? https.createServer({ ...serverOptions(limits), cert: tls.cert, key: tls.key }, listener) : http.createServer(serverOptions(limits), listener);
capConnections(server, limits);
server.on('tlsClientError', () => undefined); // a phone that does not trust the certificate yet: not our error
server.listen(port, host, () => {
  const info = server.address() as AddressInfo;
  const where = addressLines({ secure: !!tls, host, port: info.port, lan: lanAddresses(), trustProxy: trustProxy > 0 });
  const url = where.url;
  const lines = [
    '',
    `Từng Nhà ${version} is running at ${url}`,
    ...where.lines,
    `  database: ${ctx.store.kind === 'sqlite' ? `SQLite ${ctx.store.where}` : `PostgreSQL ${ctx.store.where}`}`,
    publicUrl.problem === null
      ? `  public address (PUBLIC_URL, on invite sheets): ${publicUrl.url}`
      : publicUrl.problem === 'unset'
        ? '  WARNING: PUBLIC_URL is not set: invite sheets carry no QR code. Set it to the https address phones use.'
        : publicUrl.problem === 'not-https'
          ? `  WARNING: PUBLIC_URL (${publicUrl.url}) is not https: phones cannot work offline from it.`
          : '  WARNING: PUBLIC_URL is not a valid http(s) address: invite sheets carry no QR code.',
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
  new AttemptLimiter(ctx.store.db, ctx.store.kind, ATTEMPT_WINDOW_MS).purge(ctx.now()).catch((e) => console.error('sign-in attempt purge failed:', e));
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
