// A document named on the command line, read whole as UTF-8 text for a use case: a directory or
// bytes that are not UTF-8 are refused at the file (and line and byte offset) like any bad input.

import type { NamedText } from '../app/deps.ts';
import { IssueCollector, UserError } from '../errors.ts';
import { readTextFile } from '../input/text.ts';

export async function readNamedText(path: string): Promise<NamedText> {
  const issues = new IssueCollector();
  const text = await readTextFile(path, path, issues);
  if (text === undefined) {
    if (issues.issues[0]?.code === 'file.unreadable') throw new UserError('app.unreadable', { file: path });
    issues.throwIfAny();
  }
  return { name: path, text: text! };
}
