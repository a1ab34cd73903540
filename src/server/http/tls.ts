import fs from 'node:fs';
import os from 'node:os';

// HTTPS for real deployments. Phones install the app and work without signal only from a secure context (https, or
// localhost on the machine itself): over plain http on a LAN address there is no service worker. `npm start`
// serves https itself when TLS_CERT and TLS_KEY name PEM files; behind a reverse proxy that terminates TLS, leave
// them unset and set TRUST_PROXY=1.
export type TlsFiles = { cert: Buffer; key: Buffer };

export const tlsFromEnv = (env: Record<string, string | undefined>): TlsFiles | undefined => {
  const certPath = env.TLS_CERT?.trim();
  const keyPath = env.TLS_KEY?.trim();
  if (!certPath && !keyPath) return undefined;
  if (!certPath || !keyPath) throw new Error('set both TLS_CERT and TLS_KEY (PEM files), or neither');
  const read = (what: string, file: string) => {
    try {
      return fs.readFileSync(file);
    } catch (e) {
      throw new Error(`cannot read ${what} ${file}: ${e instanceof Error ? e.message : e}`);
    }
  };
  return { cert: read('TLS_CERT', certPath), key: read('TLS_KEY', keyPath) };
};

// The addresses a phone on the same network can open: every non-internal IPv4 address of the machine.
export const lanAddresses = (interfaces = os.networkInterfaces()): string[] =>
  Object.values(interfaces)
    .flat()
    .filter((a): a is os.NetworkInterfaceInfo => !!a && a.family === 'IPv4' && !a.internal)
    .map((a) => a.address);

export type ListenInfo = { secure: boolean; host: string; port: number; lan: string[]; trustProxy: boolean };

// The start-up lines about where to open the app, and a plain warning when phones would get no offline use.
export const addressLines = (info: ListenInfo): { url: string; lines: string[] } => {
  const scheme = info.secure ? 'https' : 'http';
  const wildcard = info.host === '0.0.0.0' || info.host === '::';
  const url = `${scheme}://${wildcard ? 'localhost' : info.host}:${info.port}/`;
  const lines: string[] = [];
  const lan = wildcard ? info.lan : [];
  if (lan.length) lines.push(`  on this network: ${lan.map((a) => `${scheme}://${a}:${info.port}/`).join('  ')}`);
  if (!info.secure) {
    lines.push(
      info.trustProxy
        ? '  plain http behind a reverse proxy (TRUST_PROXY=1): phones must open the proxy\'s https address to work offline.'
        : '  WARNING: plain http. Phones need https to work without signal (no offline use, no install from an http LAN',
    );
    if (!info.trustProxy)
      lines.push('  address). Set TLS_CERT and TLS_KEY to PEM files, or run behind an https reverse proxy with TRUST_PROXY=1.');
  }
  return { url, lines };
};
