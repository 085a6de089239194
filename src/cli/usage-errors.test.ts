import { CommanderError } from 'commander';
import { describe, expect, it } from 'vitest';
import { translator } from '../i18n/catalogs.ts';
import { runCli } from './main.ts';
import { usageDetail } from './usage-errors.ts';

describe('usage errors', () => {
  const env = { ...process.env, HOZEN_DB: '/nonexistent-hozen-usage-test' };
  const cases: Array<[string[], string, string]> = [
    [['frobnicate'], "there is no command 'frobnicate'", "コマンド 'frobnicate' はありません"],
    [['imprt'], "there is no command 'imprt' (did you mean import?)", "コマンド 'imprt' はありません（import のことですか？）"],
    [['import'], "the argument 'dir' is missing", "引数 'dir' がありません"],
    [['import', 'a', 'b'], "'import' takes 1 argument, not 2", "'import' の引数は 1 個です（2 個が指定されました）"],
    [['demo', '--accounts'], "the option '--accounts <n>' needs a value", "オプション '--accounts <n>' には値が必要です"],
    [['show', '--bogus', 'x'], "there is no option '--bogus'", "オプション '--bogus' はありません"],
  ];

  it("are told in the user's language, exit 2, and touch no store", async () => {
    for (const [argv, en, ja] of cases) {
      expect(await runCli([...argv, '--lang', 'en'], env)).toMatchObject({ exit_code: 2, stderr: `usage error: ${en} (see --help)\n` });
      expect(await runCli([...argv, '--lang', 'ja'], env)).toMatchObject({ exit_code: 2, stderr: `使い方の誤り：${ja}（--help を参照）\n` });
    }
  });

  it("keep commander's own words when its code or text is not known", () => {
    const tr = translator('ja');
    expect(usageDetail(new CommanderError(1, 'commander.somethingNew', 'error: something new'), tr)).toBe('something new');
    expect(usageDetail(new CommanderError(1, 'commander.unknownOption', 'error: reworded by a later commander'), tr)).toBe('reworded by a later commander');
  });
});
