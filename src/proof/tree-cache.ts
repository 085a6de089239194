// Opened proof trees kept by a long-running front end (the service's proof endpoint), so that a
// lookup costs the proof alone, not reading meta.json, opening every level file and recomputing
// the root. An entry is used only while its tree's meta.json is the same file (inode and change
// time, one stat per lookup): a tree built again in its place (prove writes elsewhere, then
// renames) is opened anew. At most TREES_MAX trees are open; the least recently used is closed.

import { statSync } from 'node:fs';
import { join } from 'node:path';
import { UserError } from '../errors.ts';
import { ProofTree, TREE_DIR } from './derive.ts';
import { META_FILE } from './files.ts';

const TREES_MAX = 8;

interface Entry {
  tree: ProofTree;
  identity: string;
}

export class ProofTreeCache {
  private readonly entries = new Map<string, Entry>();

  constructor(private readonly trees_max = TREES_MAX) {}

  private identity(dir: string): string {
    try {
      const stat = statSync(join(dir, TREE_DIR, META_FILE), { bigint: true });
      return `${stat.dev}:${stat.ino}:${stat.ctimeNs}`;
    } catch {
      throw new UserError('proof.no_tree', { dir });
    }
  }

  open(dir: string): ProofTree {
    const identity = this.identity(dir);
    const entry = this.entries.get(dir);
    if (entry !== undefined) {
      this.entries.delete(dir);
      if (entry.identity === identity) {
        this.entries.set(dir, entry);
        return entry.tree;
      }
      entry.tree.close();
    }
    const tree = new ProofTree(dir);
    this.entries.set(dir, { tree, identity });
    while (this.entries.size > this.trees_max) {
      const [oldest, evicted] = this.entries.entries().next().value as [string, Entry];
      this.entries.delete(oldest);
      evicted.tree.close();
    }
    return tree;
  }

  get size(): number {
    return this.entries.size;
  }

  close(): void {
    for (const entry of this.entries.values()) entry.tree.close();
    this.entries.clear();
  }
}
