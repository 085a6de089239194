// What every file parser shares: the file name for locations, the issue collector, and (for
// JSON files) the map from JSON paths to lines.

import type { IssueCollector, MessageParams } from '../errors.ts';
import { formatJsonPath, lineOfFormattedPath, lineOfPath, type JsonPath } from './json-lines.ts';

export class FileContext {
  constructor(
    readonly file: string,
    readonly issues: IssueCollector,
    private readonly json_lines?: Map<string, number>,
  ) {}

  /** An issue at a CSV line and field. */
  atLine(line: number, field: string | undefined, code: string, params: MessageParams = {}): void {
    this.issues.add({ file: this.file, line, ...(field === undefined ? {} : { field }), code, params });
  }

  /** An issue at a JSON path; the line is looked up from the text. */
  atPath(path: JsonPath, code: string, params: MessageParams = {}): void {
    const line = this.json_lines === undefined ? undefined : lineOfPath(this.json_lines, path);
    const last = path[path.length - 1];
    this.issues.add({
      file: this.file,
      ...(line === undefined ? {} : { line }),
      path: formatJsonPath(path),
      ...(typeof last === 'string' ? { field: last } : {}),
      code,
      params,
    });
  }

  /** The line of a value by its formatted path (`[3].amount`), or of its nearest ancestor. */
  lineOf(path: string): number | undefined {
    return this.json_lines === undefined ? undefined : lineOfFormattedPath(this.json_lines, path);
  }

  /** An issue about the whole file. */
  atFile(code: string, params: MessageParams = {}): void {
    this.issues.add({ file: this.file, code, params });
  }
}
