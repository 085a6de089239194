// A progress line on a terminal's stderr; silent when piped or when --json asks for clean output.

import type { CliIO } from './io.ts';
import { groupDigits } from '../i18n/numbers.ts';

const REDRAW_MS_MIN = 100;

export interface Progress {
  update(count: number): void;
  done(): void;
}

export const silentProgress: Progress = { update() {}, done() {} };

export function progressLine(io: CliIO, label: string, unit: string, enabled: boolean): Progress {
  if (!enabled || !io.err_is_tty) return silentProgress;
  const started_ms = Date.now();
  let drawn_ms = 0;
  let last = 0;
  const draw = (count: number): void => {
    const seconds = Math.max((Date.now() - started_ms) / 1000, 0.001);
    io.err(`\r${label}  ${groupDigits(String(count))} ${unit}  ${groupDigits(String(Math.round(count / seconds)))} ${unit}/s   `);
  };
  return {
    update(count) {
      last = count;
      const now = Date.now();
      if (now - drawn_ms < REDRAW_MS_MIN) return;
      drawn_ms = now;
      draw(count);
    },
    done() {
      draw(last);
      io.err('\n');
    },
  };
}
