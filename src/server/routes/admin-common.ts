import type { Context } from 'hono';
import { CodedError, type FieldIssue } from '../../core/errors.ts';
import { authenticate, communeFor, requireOffice } from '../accounts/auth.ts';
import type { ServerContext } from '../context.ts';
import type { Member } from '../store/schema.ts';

// Shared by the officer workspace's admin routers (admin-*.ts): who is calling and which commune they act on (a
// commune officer: their own; a province admin: ?commune= within their province).
export const officeOf = async (ctx: ServerContext, c: Context): Promise<{ actor: Member; communeId: string }> => {
  const actor = requireOffice(await authenticate(ctx, c.req.header('authorization')));
  return { actor, communeId: await communeFor(ctx, actor, c.req.query('commune') || undefined) };
};

export const invalid = (issues: FieldIssue[], message?: string): never => {
  throw new CodedError('invalid', message, issues);
};
