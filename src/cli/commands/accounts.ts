// `hozen tenant|user|token`: the service's accounts from the command line, for the first admin and
// for scripts. Secrets (a generated password, a token) are printed once and never stored.

import type { Command } from 'commander';
import { renderTable } from '../../text/table.ts';
import type { CliContext } from '../context.ts';

export function registerAccounts(program: Command, context: CliContext): void {
  const t = context.t.bind(context);
  const actor = async () => (await import('../../store/open.ts')).cliActor(context.io.env);

  const tenant = program.command('tenant').description(t('server.cli.tenant_description'));
  tenant
    .command('add')
    .argument('<id>', t('server.cli.arg_tenant_id'))
    .requiredOption('--name <name>', t('server.cli.opt_tenant_name'))
    .option('--time-zone <zone>', t('server.cli.opt_time_zone'), 'Asia/Tokyo')
    .option('--json', t('cli.opt_json'))
    .action(async (id: string, options: { name: string; timeZone: string; json?: boolean }) => {
      const { addTenant } = await import('../../app/accounts.ts');
      const record = await context.withHandle(async (handle) => addTenant({ handle, actor: await actor() }, { id, name: options.name, time_zone: options.timeZone }));
      if (options.json === true) return context.printJson({ tenant: record });
      context.io.out(t('server.cli.tenant_added', { id: record.id, name: record.name }) + '\n');
    });
  tenant
    .command('list')
    .option('--json', t('cli.opt_json'))
    .action(async (options: { json?: boolean }) => {
      const tenants = await context.withHandle((handle) => handle.listTenants());
      if (options.json === true) return context.printJson({ tenants });
      context.io.out(renderTable([t('server.cli.col_tenant'), t('server.cli.col_name'), t('server.cli.col_time_zone')], tenants.map((r) => [r.id, r.name, r.time_zone]), ['left', 'left', 'left']));
    });

  const user = program.command('user').description(t('server.cli.user_description'));
  user
    .command('add')
    .argument('<name>', t('server.cli.arg_user_name'))
    .requiredOption('--role <role>', t('server.cli.opt_role'))
    .option('--tenant <id>', t('server.cli.opt_tenant'))
    .option('--insurer <name>', t('server.cli.opt_insurer'))
    .option('--account <id>', t('server.cli.opt_account'))
    .option('--password-stdin', t('server.cli.opt_password_stdin'))
    .option('--json', t('cli.opt_json'))
    .action(async (name: string, options: { role: string; tenant?: string; insurer?: string; account?: string; passwordStdin?: boolean; json?: boolean }) => {
      const { addUser, userJson } = await import('../../app/accounts.ts');
      const password = options.passwordStdin === true ? (await readStdin()).replace(/\r?\n$/, '') : undefined;
      const added = await context.withHandle(async (handle) =>
        addUser({ handle, actor: await actor() }, { name, role: options.role, tenant: options.tenant ?? null, insurer: options.insurer ?? null, account_id: options.account ?? null, ...(password === undefined ? {} : { password }) }),
      );
      if (options.json === true) return context.printJson({ user: userJson(added.user), ...(added.generated_password === null ? {} : { password: added.generated_password }) });
      context.io.out(t('server.cli.user_added', { name: added.user.name, role: added.user.role, tenant: added.user.tenant_id ?? '—' }) + '\n');
      if (added.generated_password !== null) context.io.out(t('server.cli.password_once', { password: added.generated_password }) + '\n');
    });
  user
    .command('list')
    .option('--json', t('cli.opt_json'))
    .action(async (options: { json?: boolean }) => {
      const { userJson } = await import('../../app/accounts.ts');
      const users = await context.withHandle((handle) => handle.accounts.listUsers());
      if (options.json === true) return context.printJson({ users: users.map(userJson) });
      context.io.out(renderTable([t('server.cli.col_user'), t('server.cli.col_role'), t('server.cli.col_tenant')], users.map((u) => [u.name, u.role, u.tenant_id ?? '—']), ['left', 'left', 'left']));
    });

  const token = program.command('token').description(t('server.cli.token_description'));
  token
    .command('add')
    .requiredOption('--user <name>', t('server.cli.opt_token_user'))
    .option('--label <label>', t('server.cli.opt_token_label'), 'cli')
    .option('--days <n>', t('server.cli.opt_token_days'))
    .option('--json', t('cli.opt_json'))
    .action(async (options: { user: string; label: string; days?: string; json?: boolean }) => {
      const { addToken, userNamed, tokenJson } = await import('../../app/accounts.ts');
      const added = await context.withHandle(async (handle) => {
        const deps = { handle, actor: await actor() };
        return addToken(deps, { user: await userNamed(deps, options.user), label: options.label, ...(options.days === undefined ? {} : { expires_days: Number(options.days) }), now_ms: Date.now() });
      });
      if (options.json === true) return context.printJson({ token: added.token, ...tokenJson(added.record) });
      context.io.out(t('server.cli.token_once', { id: added.record.id, token: added.token }) + '\n');
    });
  token
    .command('revoke')
    .argument('<id>', t('server.cli.arg_token_id'))
    .option('--json', t('cli.opt_json'))
    .action(async (id: string, options: { json?: boolean }) => {
      const { revokeToken } = await import('../../app/accounts.ts');
      await context.withHandle(async (handle) => revokeToken({ handle, actor: await actor() }, id));
      if (options.json === true) context.printJson({ id, revoked: true });
      else context.io.out(t('server.cli.token_revoked', { id }) + '\n');
    });
}

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}
