// No import circle in src/, and the domain folder stays pure (no React, Zustand or zundo, nothing from the store,
// components or hooks). The checker is tested on small in-memory graphs first, so a green run means something.
import { describe, expect, it } from 'vitest';
import { buildImportGraph, findCycles, importsOf } from './importGraph';

const sources = import.meta.glob<string>(['../**/*.ts', '../**/*.tsx', '!../**/*.d.ts'], {
  query: '?raw',
  import: 'default',
  eager: true,
});
// Keys are relative to this folder ("../store/index.ts"); make them relative to src/ ("store/index.ts").
const SRC: Record<string, string> = Object.fromEntries(
  Object.entries(sources).map(([path, text]) => [path.replace(/^\.\.\//, ''), text]),
);

describe('the import-circle check', () => {
  it('finds a deliberate circle, including one made of type-only imports and index files', () => {
    const files = {
      'a.ts': "import { b } from './b';",
      'b.ts': "import type { C } from './c/index';\nexport const b = 1;",
      'c/index.ts': "export * from '../a';",
      'd.ts': "import { a } from './a';",
    };
    expect(findCycles(buildImportGraph(files))).toEqual([['a.ts', 'b.ts', 'c/index.ts']]);
  });

  it('finds a two-file circle through a folder import and a re-export', () => {
    const files = {
      'store/index.ts': "export { x } from './slice';",
      'store/slice.ts': "import { y } from '.';\nexport const x = 1;",
    };
    expect(findCycles(buildImportGraph(files))).toEqual([['store/index.ts', 'store/slice.ts']]);
  });

  it('passes a graph without circles, and ignores packages', () => {
    const files = {
      'a.ts': "import { b } from './b';\nimport { create } from 'zustand';",
      'b.ts': "import { c } from './c';",
      'c.ts': 'export const c = 1;',
    };
    const graph = buildImportGraph(files);
    expect(graph.get('a.ts')).toEqual(['b.ts']);
    expect(findCycles(graph)).toEqual([]);
  });
});

describe('src/', () => {
  it('reads the whole tree', () => {
    expect(Object.keys(SRC)).toContain('store/index.ts');
    expect(Object.keys(SRC)).toContain('domain/timeline/ops.ts');
    expect(Object.keys(SRC).length).toBeGreaterThan(100);
  });

  it('has no import circle', () => {
    expect(findCycles(buildImportGraph(SRC))).toEqual([]);
  });

  it('keeps domain/ pure: no React, Zustand or zundo, and nothing from the store, components or hooks', () => {
    const offending = Object.keys(SRC)
      .filter((path) => path.startsWith('domain/'))
      .flatMap((path) =>
        importsOf(SRC, path)
          .filter((spec) => /^(react|react-dom|zustand|zundo)(\/|$)/.test(spec) || /\/(store|components|hooks)(\/|$)/.test(spec))
          .map((spec) => `${path} imports ${spec}`),
      );
    expect(offending).toEqual([]);
  });
});
