// commander's own errors (a missing argument, an unknown option…) in the user's language: the
// codes commander gives are mapped to catalog messages, their names taken from its English text.
// A code or a text this does not know keeps commander's words inside the translated frame.

import type { CommanderError } from 'commander';
import type { Translator } from '../i18n/i18n.ts';

interface UsageRule {
  code: string;
  pattern: RegExp;
  key: string;
  params: readonly string[];
}

const RULES: readonly UsageRule[] = [
  { code: 'commander.missingArgument', pattern: /missing required argument '([^']+)'/, key: 'cli.usage.missing_argument', params: ['name'] },
  { code: 'commander.optionMissingArgument', pattern: /option '([^']+)' argument missing/, key: 'cli.usage.option_missing_argument', params: ['option'] },
  { code: 'commander.missingMandatoryOptionValue', pattern: /required option '([^']+)' not specified/, key: 'cli.usage.missing_option', params: ['option'] },
  { code: 'commander.unknownOption', pattern: /unknown option '([^']+)'/, key: 'cli.usage.unknown_option', params: ['option'] },
  { code: 'commander.unknownCommand', pattern: /unknown command '([^']+)'/, key: 'cli.usage.unknown_command', params: ['command'] },
  { code: 'commander.excessArguments', pattern: /too many arguments(?: for '([^']+)')?\. Expected (\d+) arguments? but got (\d+)/, key: 'cli.usage.excess_arguments', params: ['command', 'expected', 'got'] },
];

/** The detail of a usage error, translated when commander's code and text are known. */
export function usageDetail(error: CommanderError, tr: Translator): string {
  const english = error.message.replace(/^error: /, '');
  const rule = RULES.find((r) => r.code === error.code);
  const match = rule === undefined ? null : rule.pattern.exec(english);
  if (rule === undefined || match === null) return english;
  const params: Record<string, string> = {};
  rule.params.forEach((name, i) => (params[name] = match[i + 1] ?? 'hozen'));
  // commander's "(Did you mean …?)" names a real command or option: kept, in the user's words.
  const suggestion = /\(Did you mean ([^?]+)\?\)/.exec(english);
  const detail = tr.t(rule.key, params);
  return suggestion === null ? detail : tr.t('cli.usage.with_suggestion', { detail, suggestion: suggestion[1]! });
}
