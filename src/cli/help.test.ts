// Help is in the user's language: no commander English (Usage:, Options:, (default: …)) in
// Japanese help, for every command.

import type { Command } from 'commander';
import { describe, expect, it } from 'vitest';
import { CliContext } from './context.ts';
import { bufferedIO } from './io.ts';
import { buildProgram, runCli } from './main.ts';

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
