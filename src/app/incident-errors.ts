// Errors an engine finds in an incident only once it reads the balances (a stated loss above an
// account's balance, a listed account holding nothing lost) carry the incident's JSON path; here
// they get its line too, like the parser's own, so an editor can jump to the figure.

import { InputError, UserError } from '../errors.ts';
import { formatJsonPath, jsonValueLines, lineOfPath, type JsonPath } from '../input/json-lines.ts';
import type { NamedText } from './deps.ts';

export async function locatedInIncident<T>(incident: NamedText, run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    if (!(error instanceof UserError)) throw error;
    const lines = (): Map<string, number> => jsonValueLines(incident.text.charCodeAt(0) === 0xfeff ? incident.text.slice(1) : incident.text);
    if (error instanceof InputError) {
      if (!error.issues.some((issue) => issue.file === incident.name && issue.path !== undefined && issue.line === undefined)) throw error;
      const by_path = lines();
      const issues = error.issues.map((issue) => {
        if (issue.file !== incident.name || issue.path === undefined || issue.line !== undefined) return issue;
        const line = lineOfPath(by_path, pathOf(issue.path));
        return line === undefined ? issue : { ...issue, line };
      });
      throw new InputError(issues, error.issue_count);
    }
    // The claim's refusal that an incident's own list causes (no affected account holds a lost asset).
    if (error.code !== 'insurance.no_holder') throw error;
    const path = ['affected', 'accounts'];
    const line = lineOfPath(lines(), path);
    throw new InputError([{ file: incident.name, ...(line === undefined ? {} : { line }), path: formatJsonPath(path), field: 'accounts', code: error.code, params: error.params }]);
  }
}

/** `affected.accounts[3].loss.BTC` → ['affected', 'accounts', 3, 'loss', 'BTC'] (formatJsonPath's inverse). */
function pathOf(text: string): JsonPath {
  return (text.match(/[^.[\]]+|\[\d+\]/g) ?? []).map((part) => (part.startsWith('[') ? Number(part.slice(1, -1)) : part));
}
