// The stored tree's files (docs/formats/proof.md, "The stored tree"): one per level, the sorted
// index of customer keys, and meta.json.

import { join } from 'node:path';

export const levelFile = (dir: string, level: number): string => join(dir, `level-${String(level).padStart(2, '0')}.bin`);
export const INDEX_FILE = 'index.bin';
export const META_FILE = 'meta.json';
