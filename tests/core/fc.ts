// Shared fast-check settings: a fixed seed so a failure reproduces; FC_RUNS=2000 (or more) for a longer soak and
// FC_SEED=n to explore elsewhere.
export const SEED = 20251010;
export const FC = (runs = 200) => ({ seed: Number(process.env.FC_SEED ?? SEED), numRuns: Number(process.env.FC_RUNS ?? runs) });
