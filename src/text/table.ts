// Plain-text tables for terminals, aligned by display width (full-width characters take two columns:
// ./width.ts), so Japanese headers and cells line up.

import { displayWidth, padEndToWidth, padStartToWidth } from './width.ts';

export type Align = 'left' | 'right';

export function renderTable(headers: string[], rows: string[][], align: Align[] = []): string {
  const widths = headers.map((h, i) => Math.max(displayWidth(h), ...rows.map((r) => displayWidth(r[i] ?? ''))));
  const pad = (text: string, i: number): string => ((align[i] ?? 'left') === 'right' ? padStartToWidth(text, widths[i]!) : padEndToWidth(text, widths[i]!));
  const line = (cells: string[]) => cells.map((c, i) => pad(c, i)).join('  ').trimEnd();
  return [line(headers), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)].join('\n') + '\n';
}

