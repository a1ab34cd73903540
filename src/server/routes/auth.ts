import { Hono } from 'hono';
import { CodedError } from '../../core/errors.ts';
import { authenticate } from '../accounts/auth.ts';
import { join } from '../accounts/join.ts';
import { login, logout, normalizeUsername } from '../accounts/login.ts';
import { scopeOf, toWireMember } from '../accounts/members.ts';
import type { ServerContext } from '../context.ts';
import { readJson } from '../http/body.ts';
import { clientIp } from '../http/client-ip.ts';
import { AttemptLimiter } from '../http/rate-limit.ts';
import { sendJson } from '../http/respond.ts';

export type AuthOptions = { trustProxy?: boolean | number };

export const ATTEMPT_WINDOW_MS = 15 * 60_000;
// Login and join count apart, so failed sign-ins behind a carrier's NAT never lock its phones out of joining. A
// username is limited per address and, more loosely, from everywhere (guesses spread over many addresses).
export const LIMITS = { loginPerAddress: 30, loginPerUserAndAddress: 10, loginPerUser: 50, joinPerAddress: 30 } as const;

// Sign-in for officers, joining for team members. Attempts are reserved before the password or code is checked
// (http/rate-limit.ts), so neither a password nor an invite code can be guessed by trying, even all at once.
export const authRoutes = (ctx: ServerContext, opts: AuthOptions = {}): Hono => {
  const app = new Hono();
  const limiter = new AttemptLimiter(ctx.store.db, ctx.store.kind, ATTEMPT_WINDOW_MS);
  const proxies = typeof opts.trustProxy === 'number' ? opts.trustProxy : opts.trustProxy ? 1 : 0;

  // POST /api/auth/login {username, password, deviceId?} → {token, member, scope, expiresAt, serverTime}
  app.post('/login', async (c) => {
    const ip = clientIp(c, proxies);
    const body = await readJson(c);
    const raw = (body as { username?: unknown } | null)?.username;
    const username = typeof raw === 'string' ? normalizeUsername(raw).slice(0, 130) : '';
    const attempt = await limiter.reserve(
      [
        { key: `login-addr:${ip}`, limit: LIMITS.loginPerAddress },
        { key: `login-user-addr:${ip}|${username}`, limit: LIMITS.loginPerUserAndAddress },
        { key: `login-user:${username}`, limit: LIMITS.loginPerUser },
      ],
      ctx.now(),
    );
    try {
      const answer = await login(ctx, body);
      await attempt.release();
      return sendJson(c, answer);
    } catch (e) {
      if (!(e instanceof CodedError && e.code === 'login-failed')) await attempt.release().catch(() => undefined);
      throw e;
    }
  });

  // POST /api/auth/join {code, deviceId, displayName, label?, previousToken?} → {token, member, scope, device, serverTime}
  app.post('/join', async (c) => {
    const ip = clientIp(c, proxies);
    const body = await readJson(c);
    const attempt = await limiter.reserve([{ key: `join-addr:${ip}`, limit: LIMITS.joinPerAddress }], ctx.now());
    try {
      const answer = await join(ctx, body);
      await attempt.release();
      return sendJson(c, answer);
    } catch (e) {
      if (!(e instanceof CodedError && e.code.startsWith('invite-'))) await attempt.release().catch(() => undefined);
      throw e;
    }
  });

  // GET /api/auth/me → who the token belongs to (a phone checks its token; the officer page its sign-in).
  app.get('/me', async (c) => {
    const caller = await authenticate(ctx, c.req.header('authorization'));
    return sendJson(c, {
      member: toWireMember(caller.member),
      scope: scopeOf(caller.member) ?? null,
      device: caller.device ? { id: caller.device.id, lastSeq: Number(caller.device.last_seq) } : null,
      serverTime: ctx.now(),
    });
  });

  // POST /api/auth/logout → ends an officer's sign-in (device tokens are revoked by the officer instead).
  app.post('/logout', async (c) => {
    const caller = await authenticate(ctx, c.req.header('authorization'));
    if (caller.kind !== 'login') throw new CodedError('forbidden', 'a phone leaves its team through the officer');
    await logout(ctx, caller.tokenHash);
    return sendJson(c, { ok: true });
  });

  return app;
};
