// commander's help in the user's language: its headings (Usage:, Options:, …), "[options]" and the
// "(default: …)" note come from the catalogue, not commander's English; terms are padded by display
// width (a full-width character takes two columns), so `start [オプション]` lines up.

import { Help, type Command, type HelpConfiguration, type Option, type Argument } from 'commander';
import type { Translator } from '../i18n/i18n.ts';
import { displayWidth } from '../text/width.ts';

const TITLES = ['Usage:', 'Arguments:', 'Options:', 'Global Options:', 'Commands:'] as const;
const TITLE_CODES: Record<(typeof TITLES)[number], string> = {
  'Usage:': 'cli.help.usage',
  'Arguments:': 'cli.help.arguments',
  'Options:': 'cli.help.options',
  'Global Options:': 'cli.help.global_options',
  'Commands:': 'cli.help.commands',
};

export function localHelp(tr: Translator): HelpConfiguration {
  const base = new Help();
  const note = (text: string): string => {
    // commander writes "(default: x)" / "(choices: …)" after a description.
    // The space before it too: the Japanese note opens with a full-width parenthesis.
    return text.replace(/ ?\((default|choices): ([^()]*)\)$/, (_whole, kind: string, value: string) => tr.t(kind === 'default' ? 'cli.help.default' : 'cli.help.choices', { value }));
  };
  return {
    displayWidth,
    styleTitle: (title: string) => (title in TITLE_CODES ? tr.t(TITLE_CODES[title as keyof typeof TITLE_CODES]) : title),
    commandUsage: (cmd: Command) => base.commandUsage(cmd).replace('[options]', tr.t('cli.help.options_usage')).replace('[command]', tr.t('cli.help.command_usage')),
    subcommandTerm: (cmd: Command) => base.subcommandTerm(cmd).replace('[options]', tr.t('cli.help.options_usage')).replace('[command]', tr.t('cli.help.command_usage')),
    // The implicit `help [command]` of a command with subcommands describes itself in English.
    subcommandDescription: (cmd: Command) => (cmd.name() === 'help' && cmd.description() === 'display help for command' ? tr.t('cli.opt_help') : base.subcommandDescription(cmd)),
    optionDescription: (option: Option) => note(base.optionDescription(option)),
    argumentDescription: (argument: Argument) => note(base.argumentDescription(argument)),
  };
}
