import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CodedError } from '../../../src/core/errors.ts';
import { AttemptLimiter } from '../../../src/server/http/rate-limit.ts';
import { migrate } from '../../../src/server/store/migrate.ts';
import { openStore, type Store } from '../../../src/server/store/open.ts';

describe('the attempt limiter', () => {
  let store: Store;
  let dir: string;
  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tungnha-limit-'));
    store = openStore({ kind: 'sqlite', file: path.join(dir, 'l.sqlite') });
    await migrate(store.db, store.kind);
  });
  afterAll(async () => {
    await store.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('refuses past the limit within the window, gives released attempts back and forgets after the window', async () => {
    const l = new AttemptLimiter(store.db, store.kind, 60_000);
    const k = [{ key: 'k', limit: 3 }];
    for (let i = 0; i < 3; i++) await l.reserve(k, 1000 + i);
    const refused = await l.reserve(k, 2000).catch((e) => e);
    expect(refused).toBeInstanceOf(CodedError);
    expect(refused).toMatchObject({ code: 'rate-limited', retryAfter: 59 });
    await l.reserve([{ key: 'other', limit: 3 }], 2000);
    // A success gives its attempt back.
    const ok = await l.reserve([{ key: 'fine', limit: 1 }], 2000);
    await ok.release();
    await (await l.reserve([{ key: 'fine', limit: 1 }], 2001)).release();
    await l.reserve(k, 61_003);
    await l.purge(200_000);
    expect(Number((await store.db.selectFrom('auth_attempts').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n)).toBe(0);
  });
});
