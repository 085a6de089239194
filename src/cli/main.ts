// The hozen command line: a thin shell over the services. Exit codes: 0 ok, 1 internal error,
// 2 bad input, 3 a check failed.

import { readFileSync } from 'node:fs';
import { Command, CommanderError } from 'commander';
import { usageDetail } from './usage-errors.ts';
import { EXIT_BAD_INPUT, EXIT_INTERNAL, UserError } from '../errors.ts';
import { localHelp } from './help.ts';
import { detectLang, isLang, type Lang } from '../i18n/i18n.ts';
import { CliContext } from './context.ts';
import { bufferedIO, processIO, type CliIO } from './io.ts';
import { renderUserError, userErrorJson } from '../text/errors.ts';
import { toJson } from '../text/json.ts';
import { registerAudit } from './commands/audit.ts';
import { registerDemo } from './commands/demo.ts';
import { registerImport } from './commands/import.ts';
import { registerShow } from './commands/show.ts';
import { registerRisk } from './commands/risk.ts';
import { registerSnapshot } from './commands/snapshot.ts';
import { registerSnapshots } from './commands/snapshots.ts';
import { registerStart } from './commands/start.ts';
import { registerCheck } from './commands/check.ts';
import { registerHistory } from './commands/history.ts';
import { registerAlerts } from './commands/alerts.ts';
import { registerClaim } from './commands/claim.ts';
import { registerCompensate } from './commands/compensate.ts';
import { registerPolicy } from './commands/policy.ts';
import { registerProve, registerVerifierPage } from './commands/prove.ts';
import { registerReserves } from './commands/reserves.ts';
import { registerServe, registerWorker } from './commands/serve.ts';
import { registerAccounts } from './commands/accounts.ts';
import { registerExport, registerStatements } from './commands/export.ts';
import { registerAssociation } from './commands/association.ts';
import { registerInsurer } from './commands/insurer.ts';

/** package.json's version, read once: `hozen --version` must match what was installed. */
const HOZEN_VERSION = (JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }).version;

/** The language is needed before parsing, for help texts: take --lang from argv, else the locale. */
export function langFromArgv(argv: readonly string[], env: NodeJS.ProcessEnv): Lang {
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    const value = arg === '--lang' ? argv[i + 1] : arg.startsWith('--lang=') ? arg.slice(7) : undefined;
    if (isLang(value)) return value;
  }
  return detectLang(env);
}

export function buildProgram(context: CliContext): Command {
  const t = context.t.bind(context);
  const program = new Command('hozen')
    .description(t('cli.description'))
    .option('--lang <lang>', t('cli.opt_lang'))
    .option('--db <dir>', t('cli.opt_db'))
    .version(HOZEN_VERSION, '-V, --version', t('cli.opt_version'))
    .helpOption('-h, --help', t('cli.opt_help'))
    .helpCommand(false)
    .configureHelp(localHelp(context.tr))
    .showSuggestionAfterError(true)
    .exitOverride()
    .configureOutput({
      writeOut: (text) => context.io.out(text),
      writeErr: (text) => context.io.err(text),
      outputError: () => {},
    });
  registerStart(program, context);
  registerDemo(program, context);
  registerImport(program, context);
  registerSnapshots(program, context);
  registerSnapshot(program, context);
  registerShow(program, context);
  registerRisk(program, context);
  registerAudit(program, context);
  registerCheck(program, context);
  registerHistory(program, context);
  registerAlerts(program, context);
  registerClaim(program, context);
  registerPolicy(program, context);
  registerCompensate(program, context);
  registerProve(program, context);
  registerVerifierPage(program, context);
  registerReserves(program, context);
  registerServe(program, context);
  registerWorker(program, context);
  registerAccounts(program, context);
  registerExport(program, context);
  registerStatements(program, context);
  registerAssociation(program, context);
  registerInsurer(program, context);
  return program;
}

export interface CliResult {
  exit_code: number;
  stdout: string;
  stderr: string;
}

/** Runs the CLI in-process with buffered output: for end-to-end tests. */
export async function runCli(argv: string[], env: NodeJS.ProcessEnv = process.env): Promise<CliResult> {
  const io = bufferedIO(env);
  const exit_code = await execute(argv, io);
  return { exit_code, stdout: io.stdout(), stderr: io.stderr() };
}

export async function main(argv: string[]): Promise<number> {
  return execute(argv, processIO());
}

async function execute(argv: string[], io: CliIO): Promise<number> {
  const lang = langFromArgv(argv, io.env);
  let program: Command | undefined;
  const context = new CliContext(io, lang, () => {
    const options = program?.opts<{ db?: string }>() ?? {};
    const db_dir = options.db ?? io.env.HOZEN_DB;
    const database_url = io.env.DATABASE_URL;
    return { ...(db_dir ? { db_dir } : {}), ...(database_url ? { database_url } : {}) };
  });
  program = buildProgram(context);
  const wants_json = argv.includes('--json');
  const badLang = argv.findIndex((a, i) => (a === '--lang' && !isLang(argv[i + 1])) || (a.startsWith('--lang=') && !isLang(a.slice(7))));
  try {
    if (badLang !== -1) throw new UserError('cli.bad_lang', { value: argv[badLang] === '--lang' ? (argv[badLang + 1] ?? '') : argv[badLang]!.slice(7) });
    if (argv.filter((a) => !a.startsWith('--lang') && a !== 'ja' && a !== 'en').length === 0) {
      program.outputHelp();
      return 0;
    }
    await program.parseAsync(argv, { from: 'user' });
    return context.exit_code;
  } catch (error) {
    if (error instanceof CommanderError) {
      if (error.code === 'commander.helpDisplayed' || error.code === 'commander.help' || error.code === 'commander.version') return 0;
      io.err(context.t('cli.usage_error', { detail: usageDetail(error, context.tr) }) + '\n');
      return EXIT_BAD_INPUT;
    }
    if (error instanceof UserError) {
      if (wants_json) io.out(toJson(userErrorJson(context.tr, error)) + '\n');
      io.err(renderUserError(context.tr, error));
      return error.exit_code;
    }
    io.err(`${context.t('cli.internal_error')}\n${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    return EXIT_INTERNAL;
  }
}
