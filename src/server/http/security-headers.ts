// Headers every answer carries. The PWA's own pages get a Content-Security-Policy that allows only this origin's
// scripts, styles, images (and data:/blob: images: QR codes, downloads), workers and fetches: a backstop for the
// officer's sign-in token in web storage if text were ever rendered as HTML. API answers allow nothing at all.
// The officer's pages and the API may never be framed (clickjacking the admin pages); the field app only by this
// origin itself (the demo shows it inside a phone frame), never by another site. No address leaks in a Referer. HSTS only when the
// browser reached us over https: served with TLS_CERT/TLS_KEY, or through a trusted proxy that says it was https.
const APP_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data: blob:",
  "font-src 'self'",
  "connect-src 'self'",
  "worker-src 'self'",
  "manifest-src 'self'",
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'self'",
].join('; ');
const API_CSP = "default-src 'none'; frame-ancestors 'none'";

export type SecurityOptions = { tls?: boolean; trustedProxies?: number };

export const securityHeaders = (path: string, opts: SecurityOptions, forwardedProto: string | undefined): Record<string, string> => {
  const api = path.startsWith('/api/');
  const noFraming = api || path === '/officer' || path.startsWith('/officer/');
  const headers: Record<string, string> = {
    'X-Content-Type-Options': 'nosniff',
    'X-Frame-Options': noFraming ? 'DENY' : 'SAMEORIGIN',
    'Referrer-Policy': 'no-referrer',
    'Cross-Origin-Opener-Policy': 'same-origin',
    'Content-Security-Policy': api ? API_CSP : `${APP_CSP}; frame-ancestors ${noFraming ? "'none'" : "'self'"}`,
  };
  const viaProxy = (opts.trustedProxies ?? 0) > 0 && forwardedProto?.split(',')[0]?.trim().toLowerCase() === 'https';
  if (opts.tls || viaProxy) headers['Strict-Transport-Security'] = 'max-age=31536000';
  return headers;
};
