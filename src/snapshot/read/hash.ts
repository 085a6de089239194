// The snapshot id is derived from its content, so importing the same files again is idempotent.
//
// content_sha256 = SHA-256 of the UTF-8 text formed by one line per present file, in the order
// of SNAPSHOT_FILES: "<file name>\t<SHA-256 hex of the file's bytes>\n".
// snapshot id = the first 16 hex digits of content_sha256.

import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';

export const SNAPSHOT_ID_HEX_DIGITS = 16;

export async function sha256File(path: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path, { highWaterMark: 1 << 20 })) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

export function sha256Text(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

export function contentHash(file_hashes: ReadonlyArray<{ file: string; sha256: string }>): string {
  return sha256Text(file_hashes.map(({ file, sha256 }) => `${file}\t${sha256}\n`).join(''));
}

export function snapshotIdOf(content_sha256: string): string {
  return content_sha256.slice(0, SNAPSHOT_ID_HEX_DIGITS);
}
