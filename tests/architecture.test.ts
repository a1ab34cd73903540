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
