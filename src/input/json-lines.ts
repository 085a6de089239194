// Maps JSON paths to the line where their value starts, so that an error in wallets.json can say
// "wallets.json:14: [3].amount" like a CSV error does. Runs only on text JSON.parse accepted.

export type JsonPath = ReadonlyArray<string | number>;

export function formatJsonPath(path: JsonPath): string {
  let out = '';
  for (const key of path) {
    if (typeof key === 'number') out += `[${key}]`;
    else out += out === '' ? key : `.${key}`;
  }
  return out;
}

/** Line (1-based) of the value at each path of the document. */
export function jsonValueLines(text: string): Map<string, number> {
  const lines = new Map<string, number>();
  let i = 0;
  let line = 1;
  const skipSpace = (): void => {
    for (;;) {
      const c = text.charCodeAt(i);
      if (c === 10) line += 1;
      else if (c !== 32 && c !== 9 && c !== 13) return;
      i += 1;
    }
  };
  const skipString = (): string => {
    const start = i + 1;
    i += 1;
    while (i < text.length) {
      const c = text[i];
      if (c === '\\') i += 2;
      else if (c === '"') break;
      else i += 1;
    }
    const raw = text.slice(start, i);
    i += 1;
    return raw.includes('\\') ? (JSON.parse(`"${raw}"`) as string) : raw;
  };
  const value = (path: Array<string | number>): void => {
    skipSpace();
    lines.set(formatJsonPath(path), line);
    const c = text[i];
    if (c === '{') {
      i += 1;
      skipSpace();
      if (text[i] === '}') {
        i += 1;
        return;
      }
      for (;;) {
        skipSpace();
        const key = skipString();
        skipSpace();
        i += 1; // ':'
        value([...path, key]);
        skipSpace();
        if (text[i] === ',') {
          i += 1;
          continue;
        }
        i += 1; // '}'
        return;
      }
    } else if (c === '[') {
      i += 1;
      skipSpace();
      if (text[i] === ']') {
        i += 1;
        return;
      }
      for (let index = 0; ; index++) {
        value([...path, index]);
        skipSpace();
        if (text[i] === ',') {
          i += 1;
          continue;
        }
        i += 1; // ']'
        return;
      }
    } else if (c === '"') {
      skipString();
    } else {
      while (i < text.length && !',}] \t\r\n'.includes(text[i]!)) i += 1;
    }
  };
  value([]);
  return lines;
}

/** The line of the value at `path`, or of its nearest ancestor that exists. */
export function lineOfPath(lines: Map<string, number>, path: JsonPath): number | undefined {
  for (let n = path.length; n >= 0; n--) {
    const found = lines.get(formatJsonPath(path.slice(0, n)));
    if (found !== undefined) return found;
  }
  return undefined;
}

/** lineOfPath for a path already formatted (as issues carry it): `a.b[2]` falls back to `a.b`, `a`, the root. */
export function lineOfFormattedPath(lines: Map<string, number>, path: string): number | undefined {
  for (let rest = path; ; ) {
    const found = lines.get(rest);
    if (found !== undefined) return found;
    if (rest === '') return undefined;
    const cut = Math.max(rest.lastIndexOf('.'), rest.lastIndexOf('['));
    rest = cut <= 0 ? '' : rest.slice(0, cut);
  }
}
