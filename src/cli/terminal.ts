// Text for a terminal: colour for the status labels only on a terminal (never with NO_COLOR, or
// TERM=dumb), and long lines wrapped to its width with their indentation kept. Piped output and
// files get the plain text, unwrapped (a width only when COLUMNS says so).

import { displayWidth } from '../text/width.ts';

export interface TerminalStyle {
  colour: boolean;
  /** Columns to wrap at, or null: no wrapping. */
  width: number | null;
}

/** The narrowest width wrapped to: below it, wrapping helps nobody. */
const WIDTH_MIN = 40;

export function terminalStyle(env: NodeJS.ProcessEnv, stdout: { isTTY?: boolean; columns?: number }): TerminalStyle {
  const tty = stdout.isTTY === true;
  const no_colour = (env.NO_COLOR !== undefined && env.NO_COLOR !== '') || env.TERM === 'dumb';
  const columns = Number(env.COLUMNS);
  const width = tty && typeof stdout.columns === 'number' && stdout.columns > 0 ? stdout.columns : Number.isInteger(columns) && columns > 0 ? columns : null;
  return { colour: tty && !no_colour, width: width === null ? null : Math.max(WIDTH_MIN, width) };
}

const RED = '\u001b[31m';
const YELLOW = '\u001b[33m';
const GREEN = '\u001b[32m';
const RESET = '\u001b[0m';

export interface StatusLabels {
  fail: string;
  warn: string;
  pass: string;
}

/** Wraps each line to `width` columns, continuing under the line's text (its leading spaces and any `[LABEL]   `). */
export function wrapLines(text: string, width: number): string {
  return text
    .split('\n')
    .map((line) => {
      if (displayWidth(line) <= width) return line;
      const lead = /^(\s*(?:\[[^\]]+\]\s+|- )?)/.exec(line)![1]!;
      const indent = ' '.repeat(Math.min(displayWidth(lead), Math.floor(width / 2)));
      const out: string[] = [];
      let current = line.slice(0, lead.length);
      let current_width = displayWidth(current);
      // Words for Latin text; every wide character may break on its own.
      for (const token of line.slice(lead.length).match(/[\u1100-\uffff]|[^\s\u1100-\uffff]+|\s+/gu) ?? []) {
        const w = displayWidth(token);
        if (current_width + w > width && current.trim() !== '') {
          out.push(current.trimEnd());
          if (/^\s+$/.test(token)) {
            current = indent;
            current_width = indent.length;
            continue;
          }
          current = indent;
          current_width = indent.length;
        }
        current += token;
        current_width += w;
      }
      out.push(current.trimEnd());
      return out.join('\n');
    })
    .join('\n');
}

/** Colours `[FAIL]`, `[WARN]` and `[PASS]` labels (by their text in the reader's language). */
export function colourLabels(text: string, labels: StatusLabels): string {
  const colours: Array<[string, string]> = [
    [`[${labels.fail}]`, RED],
    [`[${labels.warn}]`, YELLOW],
    [`[${labels.pass}]`, GREEN],
  ];
  let out = text;
  for (const [label, colour] of colours) out = out.split(label).join(`${colour}${label}${RESET}`);
  return out;
}

export function styleForTerminal(text: string, style: TerminalStyle, labels: StatusLabels): string {
  const wrapped = style.width === null ? text : wrapLines(text, style.width);
  return style.colour ? colourLabels(wrapped, labels) : wrapped;
}
