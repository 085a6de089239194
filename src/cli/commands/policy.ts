import { mkdir, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Command } from 'commander';
import { POLICY_FILE_NAME } from '../../compensation/policy.ts';
import { LANGS } from '../../i18n/i18n.ts';
import type { CliContext } from '../context.ts';
import { readNamedText } from '../read-text.ts';

async function localSource(arg: string): Promise<{ dir: string } | { file: { name: string; text: string } }> {
  const info = await stat(arg).catch(() => null);
  return info !== null && info.isDirectory() ? { dir: arg } : { file: await readNamedText(arg) };
}

export function registerPolicy(program: Command, context: CliContext): void {
  const policy = program.command('policy').description(context.t('compensation.cli.policy_description'));
  policy
    .command('render')
    .description(context.t('compensation.cli.render_description'))
    .argument('[file]', context.t('compensation.cli.arg_policy'), POLICY_FILE_NAME)
    .option('--html', context.t('compensation.cli.opt_html'))
    .option('--out <dir>', context.t('compensation.cli.opt_render_out'))
    .option('--snapshot <id>', context.t('compensation.cli.opt_render_snapshot'))
    .option('--json', context.t('cli.opt_json'))
    .action(async (arg: string, options: { html?: boolean; out?: string; json?: boolean; snapshot?: string }) => {
      const { renderPolicyDocument, policyRenderJson } = await import('../../app/policy-render.ts');
      const result =
        options.snapshot !== undefined
          ? await context.withApp({ json: options.json === true }, (deps) => renderPolicyDocument({ source: { snapshot: { id: options.snapshot! } } }, deps))
          : await renderPolicyDocument({ source: await localSource(arg) });
      if (options.out !== undefined) {
        await mkdir(options.out, { recursive: true });
        for (const lang of LANGS) {
          await writeFile(join(options.out, `compensation-policy.${lang}.md`), result.documents[lang].markdown, 'utf8');
          await writeFile(join(options.out, `compensation-policy.${lang}.html`), result.documents[lang].html, 'utf8');
        }
      }
      if (options.json === true) {
        context.printJson(policyRenderJson(result));
        return;
      }
      if (options.out !== undefined) {
        context.io.out(context.t('compensation.cli.rendered', { dir: options.out, langs: LANGS.join(', ') }) + '\n');
        return;
      }
      const document = result.documents[context.lang];
      context.io.out(options.html === true ? document.html : document.markdown);
    });
}
