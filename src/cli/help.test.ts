// Help is in the user's language: no commander English (Usage:, Options:, (default: …)) in
// Japanese help, for every command.

import type { Command } from 'commander';
import { describe, expect, it } from 'vitest';
import { CliContext } from './context.ts';
import { bufferedIO } from './io.ts';
import { buildProgram, runCli } from './main.ts';
import { displayWidth } from '../text/width.ts';

function commandPaths(command: Command, prefix: string[] = []): string[][] {
  return command.commands.flatMap((sub) => [[...prefix, sub.name()], ...commandPaths(sub, [...prefix, sub.name()])]);
}

const program = buildProgram(new CliContext(bufferedIO({}), 'ja', () => ({})));
const paths = [[], ...commandPaths(program)];

describe('help in Japanese', () => {
  it('lists the commands', () => {
    expect(paths.length).toBeGreaterThan(20);
  });

  it.each(paths.map((p) => [p.join(' ') || '(hozen)', p] as const))('%s --help has Japanese headings and notes', async (_name, path) => {
    const help = await runCli([...path, '--help', '--lang', 'ja'], { HOZEN_LANG: 'ja' });
    expect(help.exit_code).toBe(0);
    expect(help.stdout).toContain('使用方法');
    expect(help.stdout).not.toMatch(/Usage:|Options:|Arguments:|Commands:|\(default:|\(choices:|\[options\]/);
  });

  it('lines the descriptions up by display width (a full-width character takes two columns)', async () => {
    for (const path of [[], ['start'], ['compensate']]) {
      const help = await runCli([...path, '--help', '--lang', 'ja'], { COLUMNS: '200' });
      // Items are "  term  description": the description starts after the first run of two spaces.
      const items = help.stdout.split('\n').filter((line) => /^  \S.*\S  +\S/.test(line));
      expect(items.length).toBeGreaterThan(3);
      const columns = new Set(items.map((line) => displayWidth(/^  \S.*?\S?  +/.exec(line)![0])));
      expect([...columns], help.stdout).toHaveLength(1);
    }
    const top = (await runCli(['--help', '--lang', 'ja'], {})).stdout;
    expect(top).toMatch(/^  start \[オプション\] +\S/m);
  });

  it('every command takes --json, as the README says', () => {
    const leaves = paths.filter((p) => p.length > 0).map((p) => p.reduce<Command>((c, name) => c.commands.find((s) => s.name() === name)!, program)).filter((c) => c.commands.length === 0);
    expect(leaves.length).toBeGreaterThan(20);
    expect(leaves.filter((c) => !c.options.some((o) => o.long === '--json')).map((c) => c.name())).toEqual([]);
  });

  it('stays English in English', async () => {
    const help = await runCli(['policy', 'render', '--help', '--lang', 'en'], {});
    expect(help.stdout).toMatch(/^Usage: hozen policy render \[options\] \[file\]/);
    expect(help.stdout).toContain('(default: "compensation-policy.json")');
  });
});
