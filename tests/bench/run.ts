import fs from 'node:fs';
import type { Bench, Figure } from './harness.ts';
import { verdict } from './harness.ts';

// `npm run bench` runs every area; `npm run bench -- field sync` runs the named ones.
const AREAS: Record<string, () => Promise<{ bench: Bench }>> = {
  field: () => import('./field.ts'),
  officer: () => import('./officer.ts'),
  server: () => import('./server.ts'),
  sync: () => import('./sync.ts'),
  demo: () => import('./demo.ts'),
  roster: () => import('./roster.ts'),
  province: () => import('./province.ts'),
};

const wanted = process.argv.slice(2).filter((a) => !a.startsWith('-'));
const names = wanted.length ? wanted : Object.keys(AREAS);
const all: Record<string, Figure[]> = {};
for (const name of names) {
  const load = AREAS[name];
  if (!load) {
    console.error(`unknown bench area "${name}"; known: ${Object.keys(AREAS).join(', ')}`);
    process.exitCode = 2;
    continue;
  }
  const { bench } = await load();
  console.log(`\n== ${bench.name}`);
  const figures = await bench.run();
  all[name] = figures;
  for (const f of figures) {
    const num = (n: number) => n.toLocaleString('en-US', { maximumFractionDigits: 2 });
    const budget = f.budget ? ` (must ${f.budget.better === 'lower' ? '≤' : '≥'} ${num(f.budget.must)}${f.budget.aim !== undefined ? `, aim ${num(f.budget.aim)}` : ''})` : '';
    console.log(`  ${f.what}: ${f.value.toLocaleString('en-US', { maximumFractionDigits: 2 })} ${f.unit}${budget} ${verdict(f)}${f.note ? ` — ${f.note}` : ''}`);
  }
}
fs.mkdirSync('bench-results', { recursive: true });
fs.writeFileSync('bench-results/latest.json', JSON.stringify({ at: new Date().toISOString(), figures: all }, null, 2));
