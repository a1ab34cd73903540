// The long fuzz run: `npx tsx scripts/fuzz-http.ts [requests] [seed]` (default 10,000 requests) drives every
// endpoint with generated bodies, headers and query strings (tests/server/fuzz.test.ts; CI runs 1,000 of them).
import { spawnSync } from 'node:child_process';

const [runs = '10000', seed = String(Date.now() % 100_000)] = process.argv.slice(2);
console.log(`fuzzing ${runs} requests, seed ${seed}`);
const r = spawnSync('npx', ['vitest', 'run', 'tests/server/fuzz.test.ts'], { stdio: 'inherit', env: { ...process.env, FUZZ_RUNS: runs, FUZZ_SEED: seed, NODE_OPTIONS: `${process.env.NODE_OPTIONS ?? ''} --expose-gc`.trim() } });
process.exit(r.status ?? 1);
