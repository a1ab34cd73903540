import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

// Keeps the layers one-way: core is pure and imports nothing of ours outside itself; app and server never import
// each other.
const files = (dir: string): string[] =>
  fs.existsSync(dir)
    ? fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
        e.isDirectory() ? files(path.join(dir, e.name)) : /\.tsx?$/.test(e.name) ? [path.join(dir, e.name)] : [],
      )
    : [];

const imports = (file: string): string[] =>
  [...fs.readFileSync(file, 'utf8').matchAll(/(?:^|\n)\s*(?:import|export)[^'"]*?from\s+['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/g)].map(
    (m) => m[1] ?? m[2],
  );

const resolvesInto = (file: string, spec: string, layer: string): boolean =>
  spec.startsWith('.') && path.resolve(path.dirname(file), spec).startsWith(path.resolve('src', layer) + path.sep);

const PLATFORM = /^(node:|dexie|preact|hono|@hono\/|kysely|better-sqlite3|pg$|i18next|workbox)/;

describe('layers', () => {
  it('core imports neither app, server nor a platform API', () => {
    const bad = files('src/core').flatMap((f) =>
      imports(f)
        .filter((s) => resolvesInto(f, s, 'app') || resolvesInto(f, s, 'server') || PLATFORM.test(s))
        .map((s) => `${f}: ${s}`),
    );
    expect(bad).toEqual([]);
  });

  it('app and server never import each other', () => {
    const bad = [
      ...files('src/app').flatMap((f) => imports(f).filter((s) => resolvesInto(f, s, 'server')).map((s) => `${f}: ${s}`)),
      ...files('src/server').flatMap((f) => imports(f).filter((s) => resolvesInto(f, s, 'app')).map((s) => `${f}: ${s}`)),
    ];
    expect(bad).toEqual([]);
  });

  it('finds the files it checks', () => {
    expect(files('src/core').length).toBeGreaterThan(5);
  });
});

// No module imports one that imports it back, statically, as a type or lazily: a screen importing the route list
// that lazily loads it is still a knot a reader has to untie. Strongly connected groups of files are found with
// Tarjan's algorithm; the lazy loads that are the point of their module are listed and kept to these.
const LAZY_ON_PURPOSE = [
  ['src/app/sync/app-sync.ts', 'src/app/sync/status-bus.ts'], // the sync client loads on the first request
  ['src/app/routes.ts', 'src/app/screens/more/More.tsx'], // More lists the routes it is one of
];

const localImports = (file: string): string[] =>
  imports(file)
    .filter((s) => s?.startsWith('.'))
    .map((s) => path.relative('.', path.resolve(path.dirname(file), s)))
    .filter((f) => fs.existsSync(f));

const knots = (all: string[]): string[][] => {
  const graph = new Map(all.map((f) => [f, localImports(f)]));
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const out: string[][] = [];
  const visit = (v: string) => {
    index.set(v, index.size);
    low.set(v, index.get(v)!);
    stack.push(v);
    for (const w of graph.get(v) ?? []) {
      if (!index.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (stack.includes(w)) low.set(v, Math.min(low.get(v)!, index.get(w)!));
    }
    if (low.get(v) === index.get(v)) {
      const group: string[] = [];
      let w: string;
      do {
        w = stack.pop()!;
        group.push(w);
      } while (w !== v);
      if (group.length > 1) out.push(group.sort());
    }
  };
  for (const f of all) if (!index.has(f)) visit(f);
  return out;
};

describe('imports', () => {
  it('form no cycles', () => {
    const found = knots(files('src').map((f) => path.relative('.', f)));
    expect(found.filter((k) => !LAZY_ON_PURPOSE.some((ok) => JSON.stringify(ok) === JSON.stringify(k)))).toEqual([]);
  });
});

describe('docs/design.md', () => {
  it('holds every section the code points to with "§N"', () => {
    const design = fs.readFileSync('docs/design.md', 'utf8');
    const sections = new Set([...design.matchAll(/^## (\d+)\. /gm)].map((m) => m[1]));
    const refs = files('src').flatMap((f) => [...fs.readFileSync(f, 'utf8').matchAll(/§(\d+)/g)].map((m) => `${f}: §${m[1]}`));
    expect(refs.length).toBeGreaterThan(10);
    expect(refs.filter((r) => !sections.has(r.slice(r.lastIndexOf('§') + 1)))).toEqual([]);
    expect(files('src').filter((f) => /DESIGN §|shared\/DESIGN/.test(fs.readFileSync(f, 'utf8')))).toEqual([]);
  });
});
