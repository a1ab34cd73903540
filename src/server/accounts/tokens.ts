import crypto from 'node:crypto';

// Device and login tokens are opaque random strings (32 bytes, base64url). The server keeps only their sha-256:
// a leaked database does not let anyone sync or sign in.
export const newToken = (): string => crypto.randomBytes(32).toString('base64url');

export const hashToken = (token: string): string => crypto.createHash('sha256').update(token, 'utf8').digest('hex');

// "Bearer <token>" → the token, or undefined.
export const bearer = (header: string | undefined): string | undefined => {
  const m = /^Bearer\s+([A-Za-z0-9_\-]{20,200})\s*$/i.exec(header ?? '');
  return m ? m[1] : undefined;
};
