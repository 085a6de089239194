// A document named on the command line, read whole as UTF-8 text for a use case.

import { readFile } from 'node:fs/promises';
import type { NamedText } from '../app/deps.ts';
import { UserError } from '../errors.ts';

export async function readNamedText(path: string): Promise<NamedText> {
  try {
    return { name: path, text: await readFile(path, 'utf8') };
  } catch {
    throw new UserError('app.unreadable', { file: path });
  }
}
