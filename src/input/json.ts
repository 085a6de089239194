// Reading a JSON file with located errors: bytes that are not UTF-8 by offset, syntax errors,
// duplicate keys, NULs and too deep a nesting by line (json-scan.ts, before JSON.parse), then
// shape errors by JSON path (and the line where that value starts).

import type { IssueCollector } from '../errors.ts';
import { FileContext } from './context.ts';
import { formatJsonPath, jsonValueLines, type JsonPath } from './json-lines.ts';
import { scanJson } from './json-scan.ts';
import { readTextFile, TEXT_FILE_BYTES_MAX } from './text.ts';

/** JSON files are small (policies, wallets): a bound keeps a wrong file from eating memory. */
export const JSON_FILE_BYTES_MAX = TEXT_FILE_BYTES_MAX;

export interface JsonDocument {
  value: unknown;
  context: FileContext;
  text: string;
}

export async function readJsonDocument(path: string, file: string, issues: IssueCollector): Promise<JsonDocument | undefined> {
  const text = await readTextFile(path, file, issues, JSON_FILE_BYTES_MAX);
  return text === undefined ? undefined : parseJsonDocument(text, file, issues);
}

/** Parses JSON text (a BOM before it is skipped); undefined after reporting every problem found. */
export function parseJsonDocument(text: string, file: string, issues: IssueCollector): JsonDocument | undefined {
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const problems = scanJson(body);
  if (problems.length > 0) {
    for (const problem of problems) {
      const last = problem.path?.[problem.path.length - 1];
      issues.add({
        file,
        line: problem.line,
        ...(problem.path === undefined || problem.path.length === 0 ? {} : { path: formatJsonPath(problem.path) }),
        ...(typeof last === 'string' ? { field: last } : {}),
        code: problem.code,
        params: problem.params,
      });
    }
    return undefined;
  }
  return { value: JSON.parse(body) as unknown, context: new FileContext(file, issues, jsonValueLines(body)), text: body };
}

export type JsonObject = Record<string, unknown>;

export function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Typed field access that records an issue (with the field's path) instead of throwing. */
export class JsonFields {
  constructor(
    readonly context: FileContext,
    readonly path: JsonPath,
    readonly object: JsonObject,
  ) {}

  at(key: string): JsonPath {
    return [...this.path, key];
  }

  report(key: string) {
    return (code: string, params = {}) => this.context.atPath(this.at(key), code, params);
  }

  /** Reports keys outside `allowed`: a typo must not silently drop a term. */
  rejectUnknown(allowed: readonly string[]): void {
    for (const key of Object.keys(this.object)) {
      if (!allowed.includes(key)) this.context.atPath(this.at(key), 'json.unknown_field', { field: key, allowed: allowed.join(', ') });
    }
  }

  has(key: string): boolean {
    return this.object[key] !== undefined;
  }

  string(key: string, required = true): string | undefined {
    const value = this.object[key];
    if (value === undefined) {
      if (required) this.context.atPath(this.at(key), 'json.required', { field: key });
      return undefined;
    }
    if (typeof value !== 'string') {
      this.context.atPath(this.at(key), 'json.type', { field: key, expected: 'string' });
      return undefined;
    }
    return value;
  }

  boolean(key: string): boolean | undefined {
    const value = this.object[key];
    if (value === undefined) return undefined;
    if (typeof value !== 'boolean') {
      this.context.atPath(this.at(key), 'json.type', { field: key, expected: 'true/false' });
      return undefined;
    }
    return value;
  }

  number(key: string, min: number, max: number, required = false): number | undefined {
    const value = this.object[key];
    if (value === undefined) {
      if (required) this.context.atPath(this.at(key), 'json.required', { field: key });
      return undefined;
    }
    if (typeof value !== 'number' || !Number.isFinite(value) || value < min || value > max) {
      this.context.atPath(this.at(key), 'json.number_range', { field: key, min, max });
      return undefined;
    }
    return value;
  }

  integer(key: string, min: number, max: number, required = true): number | undefined {
    const value = this.number(key, min, max, required);
    if (value !== undefined && !Number.isInteger(value)) {
      this.context.atPath(this.at(key), 'json.integer', { field: key });
      return undefined;
    }
    return value;
  }

  array(key: string, required = true): unknown[] | undefined {
    const value = this.object[key];
    if (value === undefined) {
      if (required) this.context.atPath(this.at(key), 'json.required', { field: key });
      return undefined;
    }
    if (!Array.isArray(value)) {
      this.context.atPath(this.at(key), 'json.type', { field: key, expected: 'array' });
      return undefined;
    }
    return value;
  }

  stringArray(key: string, required = true): string[] | undefined {
    const values = this.array(key, required);
    if (values === undefined) return undefined;
    let ok = true;
    values.forEach((v, i) => {
      if (typeof v !== 'string' || v === '') {
        this.context.atPath([...this.at(key), i], 'json.type', { field: key, expected: 'string' });
        ok = false;
      }
    });
    return ok ? (values as string[]) : undefined;
  }

  object_(key: string, required = true): JsonFields | undefined {
    const value = this.object[key];
    if (value === undefined) {
      if (required) this.context.atPath(this.at(key), 'json.required', { field: key });
      return undefined;
    }
    if (!isObject(value)) {
      this.context.atPath(this.at(key), 'json.type', { field: key, expected: 'object' });
      return undefined;
    }
    return new JsonFields(this.context, this.at(key), value);
  }
}
