// The dependency rules of docs/architecture.md, read from the sources: no import cycle between
// files, and none between modules (a module is a directory under src/), counting every import
// that loads code at run time, static or dynamic. `import type` edges are erased by the compiler
// and allowed. Two kinds of file stand apart: each module's messages.ts is data that
// src/i18n/catalogs.ts merges, so the merged catalogue is a node of its own above them all, and
// only front ends and use cases may load it.

import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const SRC = resolve(new URL('../../src/', import.meta.url).pathname);

/** Who may load the merged catalogue: the layers that render for a reader. */
const CATALOGUE_USERS = new Set(['app', 'cli', 'server', 'web', 'service', 'reports', 'text']);
/** The layers above the engines, which no engine may load. */
const UPPER_LAYERS = new Set(['app', 'cli', 'server', 'web', 'service', 'reports']);

export interface ImportEdge {
  from: string;
  to: string;
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return /\.(ts|mjs)$/.test(name) && !name.endsWith('.test.ts') ? [path] : [];
  });
}

const STATIC_IMPORT = /^\s*(?:import|export)\s+(type\s+)?([^'";]*?)\bfrom\s+['"]([^'"]+)['"]/gm;
const SIDE_EFFECT_IMPORT = /^\s*import\s+['"]([^'"]+)['"]/gm;
const DYNAMIC_IMPORT = /\bimport\(\s*['"]([^'"]+)['"]\s*\)/g;

/** `import { type A, type B } from` is as erased as `import type`. */
function onlyTypes(clause: string): boolean {
  const names = clause.trim().match(/^\{([^}]*)\}$/);
  return names !== null && names[1]!.split(',').every((n) => n.trim() === '' || n.trim().startsWith('type '));
}

/** Run-time import edges between source files of src/ (paths relative to src/). */
export function runtimeImports(files: readonly string[] = sourceFiles(SRC)): ImportEdge[] {
  const edges: ImportEdge[] = [];
  for (const file of files) {
    const text = readFileSync(file, 'utf8');
    const targets: string[] = [];
    for (const m of text.matchAll(STATIC_IMPORT)) if (m[1] === undefined && !onlyTypes(m[2]!)) targets.push(m[3]!);
    for (const m of text.matchAll(SIDE_EFFECT_IMPORT)) targets.push(m[1]!);
    for (const m of text.matchAll(DYNAMIC_IMPORT)) targets.push(m[1]!);
    for (const target of targets) {
      if (!target.startsWith('.')) continue;
      edges.push({ from: relative(SRC, file), to: relative(SRC, resolve(dirname(file), target)) });
    }
  }
  return edges;
}

/** The module a file belongs to, for the rules above. */
export function moduleOf(file: string): string {
  if (file === 'i18n/catalogs.ts') return 'catalogue';
  if (file.endsWith('/messages.ts')) return 'messages';
  return file.includes('/') ? file.slice(0, file.indexOf('/')) : file;
}

/** Strongly connected components with more than one node (Tarjan), each sorted. */
export function cycles(edges: readonly ImportEdge[]): string[][] {
  const graph = new Map<string, string[]>();
  for (const { from, to } of edges) {
    if (!graph.has(from)) graph.set(from, []);
    if (!graph.has(to)) graph.set(to, []);
    if (from !== to) graph.get(from)!.push(to);
  }
  let next = 0;
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const on_stack = new Set<string>();
  const found: string[][] = [];
  const visit = (node: string): void => {
    index.set(node, next);
    low.set(node, next);
    next++;
    stack.push(node);
    on_stack.add(node);
    for (const to of graph.get(node)!) {
      if (!index.has(to)) {
        visit(to);
        low.set(node, Math.min(low.get(node)!, low.get(to)!));
      } else if (on_stack.has(to)) low.set(node, Math.min(low.get(node)!, index.get(to)!));
    }
    if (low.get(node) === index.get(node)) {
      const component: string[] = [];
      let member: string;
      do {
        member = stack.pop()!;
        on_stack.delete(member);
        component.push(member);
      } while (member !== node);
      if (component.length > 1) found.push(component.sort());
    }
  };
  for (const node of graph.keys()) if (!index.has(node)) visit(node);
  return found;
}

function moduleEdges(edges: readonly ImportEdge[]): Array<ImportEdge & { witness: string }> {
  return edges.flatMap((e) => {
    const from = moduleOf(e.from);
    const to = moduleOf(e.to);
    return from === to ? [] : [{ from, to, witness: `${e.from} → ${e.to}` }];
  });
}

describe('import rules', () => {
  const edges = runtimeImports();

  it('reads the sources (a sanity check: the rules below are not vacuous)', () => {
    expect(edges.length).toBeGreaterThan(300);
    expect(edges).toContainEqual({ from: 'cli/main.ts', to: 'cli/context.ts' });
  });

  it('has no cycle between files', () => {
    expect(cycles(edges)).toEqual([]);
  });

  it('has no cycle between modules', () => {
    const between = moduleEdges(edges);
    const found = cycles(between);
    const witnesses = found.map((component) => between.filter((e) => component.includes(e.from) && component.includes(e.to)).map((e) => e.witness));
    expect(witnesses).toEqual([]);
  });

  it('loads the merged catalogue only where a reader is rendered for', () => {
    const users = edges.filter((e) => e.to === 'i18n/catalogs.ts').map((e) => e.from);
    expect(users.filter((file) => !CATALOGUE_USERS.has(moduleOf(file)))).toEqual([]);
  });

  it('keeps the engines and the store below the use cases and front ends', () => {
    const upward = moduleEdges(edges).filter((e) => !UPPER_LAYERS.has(e.from) && UPPER_LAYERS.has(e.to));
    expect(upward.map((e) => e.witness)).toEqual([]);
  });

  it('finds a cycle when there is one (the checker itself)', () => {
    expect(cycles([{ from: 'a', to: 'b' }, { from: 'b', to: 'c' }, { from: 'c', to: 'a' }, { from: 'c', to: 'd' }])).toEqual([['a', 'b', 'c']]);
  });
});
