import { parentPort } from 'node:worker_threads';
import { CodedError } from '../../../src/core/errors.ts';
import type { Answer } from '../../../src/server/threads/client.ts';
import { errorToWire } from '../../../src/server/threads/wire.ts';

// A thread for ThreadClient's tests: echoes, fails with a coded error, or never answers.
export type ToEcho = { type: 'echo'; id: number; value: unknown } | { type: 'fail'; id: number } | { type: 'hang'; id: number } | { type: 'close' };

const port = parentPort!;
port.on('message', (m: ToEcho) => {
  if (m.type === 'echo') port.postMessage({ id: m.id, out: m.value } satisfies Answer);
  else if (m.type === 'fail') port.postMessage({ id: m.id, error: errorToWire(new CodedError('invalid', 'no', [{ field: 'x', rule: 'required' }])) } satisfies Answer);
  else if (m.type === 'close') port.postMessage({ closed: true } satisfies Answer);
});
