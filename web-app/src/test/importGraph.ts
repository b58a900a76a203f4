// The import graph of src/, read with the TypeScript compiler's own import scanner (every `import`, `import type`,
// `export … from` and `import()`), and the circles in it. Type-only imports count too: a circle of types is still a
// knot a reader has to untie, and the slices pattern does not need one (each slice's interface sits beside it).
import ts from 'typescript';

export type ImportGraph = Map<string, string[]>;

const EXTENSIONS = ['.ts', '.tsx', '/index.ts', '/index.tsx'];

function normalize(path: string): string {
  const parts: string[] = [];
  for (const part of path.split('/')) {
    if (part === '..') parts.pop();
    else if (part !== '.' && part !== '') parts.push(part);
  }
  return parts.join('/');
}

/** `files`: path (relative to one root, `/`-separated) → source text. Edges go only to files in `files`. */
export function buildImportGraph(files: Record<string, string>): ImportGraph {
  const graph: ImportGraph = new Map();
  for (const [path, text] of Object.entries(files)) {
    const dir = path.includes('/') ? path.slice(0, path.lastIndexOf('/')) : '';
    const targets = new Set<string>();
    for (const ref of ts.preProcessFile(text, true, true).importedFiles) {
      if (!ref.fileName.startsWith('.')) continue; // a package
      const base = normalize(`${dir}/${ref.fileName}`);
      const hit = [base, ...EXTENSIONS.map((ext) => base + ext)].find((candidate) => candidate in files);
      if (hit && hit !== path) targets.add(hit);
    }
    graph.set(path, [...targets].sort());
  }
  return graph;
}

/** Every strongly connected group of two or more files (Tarjan), each sorted; empty when there is no circle. */
export function findCycles(graph: ImportGraph): string[][] {
  let next = 0;
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const cycles: string[][] = [];
  const visit = (node: string) => {
    index.set(node, next);
    low.set(node, next);
    next += 1;
    stack.push(node);
    onStack.add(node);
    for (const to of graph.get(node) ?? []) {
      if (!index.has(to)) {
        visit(to);
        low.set(node, Math.min(low.get(node)!, low.get(to)!));
      } else if (onStack.has(to)) {
        low.set(node, Math.min(low.get(node)!, index.get(to)!));
      }
    }
    if (low.get(node) === index.get(node)) {
      const group: string[] = [];
      let member: string;
      do {
        member = stack.pop()!;
        onStack.delete(member);
        group.push(member);
      } while (member !== node);
      if (group.length > 1) cycles.push(group.sort());
    }
  };
  for (const node of [...graph.keys()].sort()) if (!index.has(node)) visit(node);
  return cycles;
}

/** The packages and folders (under src/) that `path` imports: for layer rules such as "domain/ imports no React". */
export function importsOf(files: Record<string, string>, path: string): string[] {
  const text = files[path];
  if (text === undefined) return [];
  return ts.preProcessFile(text, true, true).importedFiles.map((ref) => ref.fileName);
}
