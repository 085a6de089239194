import { writeFile } from 'node:fs/promises';
import type { Command } from 'commander';
import type { NamedText } from '../../app/deps.ts';
import { UserError } from '../../errors.ts';
import type { CliContext } from '../context.ts';
import { readNamedText } from '../read-text.ts';

/** --secret-file, else HOZEN_PROOF_SECRET_FILE: the secret never goes on the command line itself. */
async function masterSecret(context: CliContext, file: string | undefined): Promise<NamedText> {
  const path = file ?? context.io.env.HOZEN_PROOF_SECRET_FILE;
  if (path === undefined || path === '') throw new UserError('proof.no_secret');
  return readNamedText(path);
}

export function registerProve(program: Command, context: CliContext): void {
  program
    .command('prove')
    .description(context.t('proof.cli.prove_description'))
    .argument('<snapshot>', context.t('cli.arg_snapshot'))
    .option('--out <dir>', context.t('proof.cli.opt_out'))
    .option('--secret-file <file>', context.t('proof.cli.opt_secret'))
    .option('--min-height <n>', context.t('proof.cli.opt_min_height'))
    .option('--json', context.t('cli.opt_json'))
    .action(async (arg: string, options: { out?: string; secretFile?: string; minHeight?: string; json?: boolean }) => {
      const json = options.json === true;
      const [{ proveSnapshot, proveJson }, { snapshotRefOf }, { renderProve }] = await Promise.all([import('../../app/prove.ts'), import('../../app/resolve-snapshot.ts'), import('../../text/proof.ts')]);
      const master_secret = await masterSecret(context, options.secretFile);
      const min_height = options.minHeight === undefined ? undefined : /^\d+$/.test(options.minHeight) ? Number(options.minHeight) : NaN;
      const snapshot = await snapshotRefOf(arg);
      const result = await context.withApp({ json }, (deps) => proveSnapshot(deps, { snapshot, master_secret, ...(options.out === undefined ? {} : { out_dir: options.out }), ...(min_height === undefined ? {} : { min_height }) }));
      if (json) context.printJson(proveJson(result));
      else context.io.out(renderProve(result, context.tr));
    });

  program
    .command('proof')
    .description(context.t('proof.cli.proof_description'))
    .argument('<snapshot>', context.t('cli.arg_snapshot'))
    .argument('<account>', context.t('proof.cli.arg_account'))
    .option('--tree <dir>', context.t('proof.cli.opt_tree'))
    .option('--secret-file <file>', context.t('proof.cli.opt_secret'))
    .option('--out <file>', context.t('proof.cli.opt_proof_out'))
    .option('--json', context.t('proof.cli.opt_proof_json'))
    .action(async (snapshot: string, account: string, options: { tree?: string; secretFile?: string; out?: string }) => {
      const [{ proofFor }, { proofText }] = await Promise.all([import('../../app/prove.ts'), import('../../proof/derive.ts')]);
      const master_secret = await masterSecret(context, options.secretFile);
      const proof = await context.withApp({ json: true }, (deps) => proofFor(deps, { snapshot: { id: snapshot }, account, master_secret, ...(options.tree === undefined ? {} : { tree_dir: options.tree }) }));
      const text = proofText(proof);
      if (options.out === undefined) context.io.out(text);
      else await writeFile(options.out, text);
    });

  program
    .command('proof-tokens')
    .description(context.t('proof.cli.tokens_description'))
    .argument('<snapshot>', context.t('cli.arg_snapshot'))
    .requiredOption('--out <file>', context.t('proof.cli.opt_tokens_out'))
    .option('--tenant <id>', context.t('proof.cli.opt_tenant'))
    .option('--secret-file <file>', context.t('proof.cli.opt_secret'))
    .option('--json', context.t('cli.opt_json'))
    .action(async (arg: string, options: { out: string; tenant?: string; secretFile?: string; json?: boolean }) => {
      const json = options.json === true;
      const [{ writeProofTokens }, { snapshotRefOf }, { LOCAL_TENANT }] = await Promise.all([import('../../app/prove.ts'), import('../../app/resolve-snapshot.ts'), import('../../store/types.ts')]);
      const master_secret = await masterSecret(context, options.secretFile);
      const snapshot = await snapshotRefOf(arg);
      const result = await context.withApp({ json }, (deps) => writeProofTokens(deps, { snapshot, master_secret, tenant_id: options.tenant ?? LOCAL_TENANT, out_file: options.out }));
      if (json) context.printJson({ out_file: result.out_file, accounts: result.accounts });
      else context.io.out(context.t('proof.cli.tokens_written', { file: result.out_file, accounts: result.accounts }) + '\n');
    });

  program
    .command('proof-draw')
    .description(context.t('proof.cli.draw_description'))
    .argument('<snapshot>', context.t('cli.arg_snapshot'))
    .requiredOption('--seed <hex>', context.t('proof.cli.opt_seed'))
    .option('--count <n>', context.t('proof.cli.opt_count'))
    .option('--tree <dir>', context.t('proof.cli.opt_tree'))
    .option('--secret-file <file>', context.t('proof.cli.opt_secret'))
    .option('--json', context.t('cli.opt_json'))
    .action(async (arg: string, options: { seed: string; count?: string; tree?: string; secretFile?: string; json?: boolean }) => {
      const json = options.json === true;
      const [{ drawProofs, proofDrawJson }, { snapshotRefOf }, { renderDraw }, { DRAW_COUNT_DEFAULT }] = await Promise.all([import('../../app/prove.ts'), import('../../app/resolve-snapshot.ts'), import('../../text/proof.ts'), import('../../proof/draw.ts')]);
      const master_secret = await masterSecret(context, options.secretFile);
      const count = options.count === undefined ? DRAW_COUNT_DEFAULT : /^\d+$/.test(options.count) ? Number(options.count) : NaN;
      const snapshot = await snapshotRefOf(arg);
      const result = await context.withApp({ json }, (deps) => drawProofs(deps, { snapshot, master_secret, seed_hex: options.seed, count, ...(options.tree === undefined ? {} : { tree_dir: options.tree }) }));
      context.verdict(result.verdict);
      if (json) context.printJson(proofDrawJson(result));
      else context.io.out(renderDraw(result, context.tr));
    });

  program
    .command('verify-proof')
    .description(context.t('proof.cli.verify_description'))
    .argument('<proof>', context.t('proof.cli.arg_proof'))
    .option('--liabilities <file>', context.t('proof.cli.opt_liabilities'))
    .option('--account <id>', context.t('proof.cli.opt_account'))
    .option('--json', context.t('cli.opt_json'))
    .action(async (proof_path: string, options: { liabilities?: string; account?: string; json?: boolean }) => {
      const [{ verifyProofDocument, verifyProofJson }, { renderVerification }] = await Promise.all([import('../../app/prove.ts'), import('../../text/proof.ts')]);
      const proof = await readNamedText(proof_path);
      const liabilities = options.liabilities === undefined ? undefined : await readNamedText(options.liabilities);
      const result = verifyProofDocument({ proof, ...(liabilities === undefined ? {} : { liabilities }), ...(options.account === undefined ? {} : { account: options.account }) });
      context.verdict(result.verdict);
      if (options.json === true) context.printJson(verifyProofJson(result));
      else context.io.out(renderVerification(result, context.tr));
    });
}

export function registerVerifierPage(program: Command, context: CliContext): void {
  program
    .command('verifier-page')
    .description(context.t('proof.cli.page_description'))
    .option('--out <file>', context.t('proof.cli.opt_page_out'))
    .option('--json', context.t('cli.opt_json'))
    .action(async (options: { out?: string; json?: boolean }) => {
      const { standaloneVerifierPage } = await import('../../proof/verifier-page.ts');
      const page = standaloneVerifierPage();
      if (options.out === undefined) {
        if (options.json === true) context.printJson({ html: page });
        else context.io.out(page);
      } else {
        await writeFile(options.out, page);
        if (options.json === true) context.printJson({ file: options.out, bytes: Buffer.byteLength(page) });
        else context.io.out(context.t('proof.cli.page_written', { file: options.out }) + '\n');
      }
    });
}
