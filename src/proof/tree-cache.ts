// Opened proof trees kept by a long-running front end (the service's proof endpoint), so that a
// lookup costs the proof alone, not reading meta.json, opening every level file and recomputing
// the root. An entry is used only while its tree's meta.json is the same file (inode and change
// time): a tree built again in its place (prove writes elsewhere, then renames) is opened anew.
// That is looked at once per RECHECK_MS at most, not per lookup (a stat costs more than the
// proof); in between, a rebuilt tree's old files stay readable through the open descriptors, and
// hold the same bytes (the build is a function of the snapshot and the master secret). At most
// TREES_MAX trees are open; the one checked longest ago is closed.

import { statSync } from 'node:fs';
import { join } from 'node:path';
import { UserError } from '../errors.ts';
import { ProofTree, TREE_DIR } from './derive.ts';
import { META_FILE } from './files.ts';

const TREES_MAX = 8;

const RECHECK_MS = 1000;

interface Entry {
  tree: ProofTree;
  identity: string;
  checked_ms: number;
}

export class ProofTreeCache {
  private readonly entries = new Map<string, Entry>();

  constructor(
    private readonly trees_max = TREES_MAX,
    private readonly recheck_ms = RECHECK_MS,
  ) {}

  private identity(dir: string): string {
    try {
      const stat = statSync(join(dir, TREE_DIR, META_FILE), { bigint: true });
      return `${stat.dev}:${stat.ino}:${stat.ctimeNs}`;
    } catch {
      throw new UserError('proof.no_tree', { dir });
    }
  }

  open(dir: string, now_ms = performance.now()): ProofTree {
    const entry = this.entries.get(dir);
    if (entry !== undefined && now_ms - entry.checked_ms < this.recheck_ms) return entry.tree;
    const identity = this.identity(dir);
    if (entry !== undefined) {
      this.entries.delete(dir);
      if (entry.identity === identity) {
        entry.checked_ms = now_ms;
        this.entries.set(dir, entry);
        return entry.tree;
      }
      entry.tree.close();
    }
    const tree = new ProofTree(dir);
    this.entries.set(dir, { tree, identity, checked_ms: now_ms });
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
