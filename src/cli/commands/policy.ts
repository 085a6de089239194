import { readFile, stat, writeFile, mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { Command } from 'commander';
import { POLICY_FILE_NAME, parseCompensationPolicyText, type PolicyContext } from '../../compensation/policy.ts';
import { renderPolicy, type PolicyDocumentContext } from '../../compensation/render-policy.ts';
import { IssueCollector, UserError } from '../../errors.ts';
import { readJsonDocument } from '../../snapshot/read/json.ts';
import { parseExchange } from '../../snapshot/read/exchange.ts';
import type { CliContext } from '../context.ts';

export async function readTextArg(path: string): Promise<string> {
  try {
    return await readFile(path, 'utf8');
  } catch {
    throw new UserError('compensation.cli.unreadable', { file: path });
  }
}

/**
 * A snapshot directory gives the policy its currency and assets. A lone policy file is read with
 * any asset allowed and the base currency taken from its rounding (else JPY).
 */
async function policyInput(arg: string): Promise<{ file: string; text: string; context: PolicyContext; document: PolicyDocumentContext }> {
  const info = await stat(arg).catch(() => null);
  if (info !== null && info.isDirectory()) {
    const issues = new IssueCollector();
    const document = await readJsonDocument(join(arg, 'exchange.json'), 'exchange.json', issues).catch(() => undefined);
    const manifest = document === undefined ? undefined : parseExchange(document);
    issues.throwIfAny();
    if (manifest === undefined) throw new UserError('snapshot.not_a_directory', { dir: arg });
    const file = join(arg, POLICY_FILE_NAME);
    const assets = new Map(manifest.assets.map((a) => [a.symbol, a]));
    return {
      file,
      text: await readTextArg(file),
      context: { manifest, assets },
      document: { exchange_name: manifest.exchange.name, base_currency: manifest.base_currency, base_decimals: assets.get(manifest.base_currency)?.decimals ?? 0 },
    };
  }
  const text = await readTextArg(arg);
  let base = 'JPY';
  try {
    const rounding = (JSON.parse(text) as { rounding?: Record<string, unknown> }).rounding;
    const keys = rounding === undefined || rounding === null ? [] : Object.keys(rounding);
    if (keys.length === 1) base = keys[0]!;
  } catch {
    // The parser below reports the syntax error with its line.
  }
  // 18 decimals accept any amount a policy may write; rendering drops the trailing zeros again.
  const any_asset: PolicyContext['assets'] = { get: () => ({ decimals: 18 }), has: () => true };
  return { file: arg, text, context: { manifest: { base_currency: base }, assets: any_asset }, document: { exchange_name: null, base_currency: base, base_decimals: 18 } };
}

export function registerPolicy(program: Command, context: CliContext): void {
  const policy = program.command('policy').description(context.t('compensation.cli.policy_description'));
  policy
    .command('render')
    .description(context.t('compensation.cli.render_description'))
    .argument('[file]', context.t('compensation.cli.arg_policy'), POLICY_FILE_NAME)
    .option('--html', context.t('compensation.cli.opt_html'))
    .option('--out <dir>', context.t('compensation.cli.opt_render_out'))
    .action(async (arg: string, options: { html?: boolean; out?: string }) => {
      const input = await policyInput(arg);
      const parsed = parseCompensationPolicyText(input.text, input.context, input.file);
      const rendered = renderPolicy(parsed, input.document, context.lang);
      if (options.out !== undefined) {
        await mkdir(options.out, { recursive: true });
        await writeFile(join(options.out, `compensation-policy.${context.lang}.md`), rendered.markdown, 'utf8');
        await writeFile(join(options.out, `compensation-policy.${context.lang}.html`), rendered.html, 'utf8');
        context.io.out(context.t('compensation.cli.rendered', { dir: options.out, lang: context.lang }) + '\n');
        return;
      }
      context.io.out(options.html === true ? rendered.html : rendered.markdown);
    });
}
