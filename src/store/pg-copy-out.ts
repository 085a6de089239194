// COPY … TO STDOUT through node-postgres, as text: shared by the store's driver and the thread
// that reads balances beside it (balance-reader-worker.ts), which must not load the whole driver.

import type pg from 'pg';
import { to as copyToStdout } from 'pg-copy-streams';

export async function copyOutText(client: pg.ClientBase, select: string): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of client.query(copyToStdout(`COPY (${select}) TO STDOUT`))) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}
