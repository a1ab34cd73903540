import { Hono } from 'hono';
import { CodedError } from '../../core/errors.ts';
import { authenticate } from '../accounts/auth.ts';
import { join } from '../accounts/join.ts';
import { login, logout, normalizeUsername } from '../accounts/login.ts';
import { scopeOf, toWireMember } from '../accounts/members.ts';
import type { ServerContext } from '../context.ts';
import { readJson } from '../http/body.ts';
import { clientIp } from '../http/client-ip.ts';
import { FailureLimiter } from '../http/rate-limit.ts';
import { sendJson } from '../http/respond.ts';

export type AuthOptions = { trustProxy?: boolean };

// Sign-in for officers, joining for team members. Failed attempts are limited per address (and per username),
// so neither a password nor an invite code can be guessed by trying.
export const authRoutes = (ctx: ServerContext, opts: AuthOptions = {}): Hono => {
  const app = new Hono();
  const perUser = new FailureLimiter(10, 15 * 60_000);
  const perAddress = new FailureLimiter(30, 15 * 60_000);

  // POST /api/auth/login {username, password, deviceId?} → {token, member, scope, expiresAt, serverTime}
  app.post('/login', async (c) => {
    const ip = clientIp(c, opts.trustProxy ?? false);
    const body = await readJson(c);
    const username = typeof (body as { username?: unknown })?.username === 'string' ? normalizeUsername((body as { username: string }).username) : '';
    const now = ctx.now();
    perAddress.check(ip, now);
    perUser.check(`${ip}|${username}`, now);
    try {
      return sendJson(c, await login(ctx, body));
    } catch (e) {
      if (e instanceof CodedError && e.code === 'login-failed') {
        perAddress.fail(ip, now);
        perUser.fail(`${ip}|${username}`, now);
      }
      throw e;
    }
  });

  // POST /api/auth/join {code, deviceId, displayName, label?, previousToken?} → {token, member, scope, device, serverTime}
  app.post('/join', async (c) => {
    const ip = clientIp(c, opts.trustProxy ?? false);
    const now = ctx.now();
    perAddress.check(ip, now);
    const body = await readJson(c);
    try {
      return sendJson(c, await join(ctx, body));
    } catch (e) {
      if (e instanceof CodedError && e.code.startsWith('invite-')) perAddress.fail(ip, now);
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
